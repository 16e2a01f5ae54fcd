"""The library page's result cards and facet lists, written in Python.

A search page shows twenty cards and about a hundred facet values; through the template
engine (a dozen lookups, filters and translations per card, five per facet value) they cost
more than the search's queries. The markup is what `practices/list_results.html` wrote for
them, escaped the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from connective.core.text import bdi, excerpt, text_attrs
from connective.practices.models import Practice

register = template.Library()

# One reverse() per page: a slug matches [-a-zA-Z0-9_]+, so it is put in place as it is.
_PLACEHOLDER = "practice-slug-placeholder"


def _card(practice: Practice, detail_url: str, heading: str = "h2") -> str:
    period = ""
    if practice.period_start:
        period = f" · {esc(localize(practice.period_start))}"
        if practice.period_end and practice.period_end != practice.period_start:
            period += f"–{esc(localize(practice.period_end))}"  # noqa: RUF001  # the range dash the template wrote
    labels = ", ".join(esc(theme.label) for theme in practice.themes.all())
    themes = f'<p class="muted">{labels}</p>' if labels else ""
    attrs = text_attrs(practice.language_id)
    return (
        '\n    <li class="card">\n'
        f'      <{heading}{attrs}><a href="{esc(detail_url.replace(_PLACEHOLDER, practice.slug))}">{esc(practice.title)}</a></{heading}>\n'
        f'      <p class="muted">{bdi(practice.city)}, {esc(practice.country.name)}{period}'
        f' · <span lang="{esc(practice.language_id)}">{esc(practice.language.native_name)}</span></p>\n'
        f"      <p{attrs}>{esc(excerpt(practice.summary, 280))}</p>\n"
        f"      {themes}\n    </li>"
    )


_HEADINGS = frozenset({"h2", "h3", "h4"})


@register.simple_tag
def practice_cards(practices: Iterable[Practice], heading: str = "h2") -> SafeString:
    """The <li> of each result (themes prefetched, language selected: no query here).

    `heading` is the card title's element, for pages where the list sits under an <h3>
    (the home page); the rest of the card is the library's.
    """
    if heading not in _HEADINGS:
        raise template.TemplateSyntaxError(f"practice_cards: heading must be one of {sorted(_HEADINGS)}")
    detail_url = reverse("practices:detail", kwargs={"slug": _PLACEHOLDER})
    return mark_safe("".join(_card(practice, detail_url, heading) for practice in practices))  # noqa: S308  # escaped above


# A facet with more values than this (the countries, often fifty) is a drop-down list.
COMPACT_ABOVE = 10


def _facet_select(facet: dict[str, Any], asked: Iterable[tuple[str, str]]) -> str:
    """A small GET form choosing one value of a long facet (works without JavaScript)."""
    name = esc(facet["name"])
    kept = "".join(
        f'<input type="hidden" name="{esc(key)}" value="{esc(value)}">'
        for key, value in asked
        if key not in (facet["name"], "page")
    )
    # Outside the f-strings, where makemessages finds them.
    any_value, show = pgettext("facet", "Any"), gettext("Show")
    options = [f'<option value="">{esc(any_value)}</option>']
    for item in facet["values"]:
        chosen = " selected" if item["selected"] else ""
        options.append(
            f'<option value="{esc(item["value"])}"{chosen}>{esc(item["label"])} ({esc(item["count"])})</option>'
        )
    return (
        f'<form method="get" action="{esc(reverse("practices:list"))}" class="facet-select">{kept}'
        f'<label for="facet-{name}" class="visually-hidden">{esc(facet["label"])}</label>'
        f'<select id="facet-{name}" name="{name}">{"".join(options)}</select>'
        f'<button type="submit" class="button button-secondary">{esc(show)}</button></form>'
    )


@register.simple_tag
def facet_lists(facets: Iterable[dict[str, Any]], asked: Iterable[tuple[str, str]] = ()) -> SafeString:
    """One <details> per facet (the first three open), each value a link that sets or removes
    it; a long facet is one drop-down list instead (`asked`: the page's other parameters)."""
    asked = list(asked)
    parts = []
    for number, facet in enumerate(facets, start=1):
        if len(facet["values"]) > COMPACT_ABOVE:
            body = _facet_select(facet, asked)
        else:
            items = []
            for item in facet["values"]:
                label = esc(item["label"])
                shown = f' aria-current="true"><strong>{label}</strong>' if item["selected"] else f">{label}"
                items.append(
                    f'<li><a href="{esc(item["href"])}"{shown}</a> <span class="muted">({esc(item["count"])})</span></li>'
                )
            body = f"<ul>{''.join(items)}</ul>"
        parts.append(
            f'<details class="facet"{" open" if number <= 3 else ""}>\n'
            f"    <summary>{esc(facet['label'])}</summary>\n"
            f"    {body}\n  </details>"
        )
    return mark_safe("".join(parts))  # noqa: S308  # escaped above
