"""`{% member_cards cards %}`: the directory's and a network's member cards, written in Python.

Twenty cards through the template engine (an include, a dozen lookups and translations each)
cost more than the rest of the directory page together; the markup here is what
`members/_card.html` rendered, escaped the same way. The card shows only what `MemberCard`
lets the viewer see: a hidden field is None there and left out here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django_countries import countries

from connective.core.text import bdi
from connective.members.choices import MemberType
from connective.members.selectors import MemberCard

register = template.Library()

# The slug in a card's address is a UUID: one reverse() for the page, the slug put in its place.
_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


# Per language, the escaped names of member types and countries: constants of the process that
# otherwise cost a translation lookup per card.
_NAMES: dict[str, tuple[dict[str, str], dict[str, str]]] = {}


def _names() -> tuple[dict[str, str], dict[str, str]]:
    language = get_language() or ""
    names = _NAMES.get(language)
    if names is None:
        names = _NAMES[language] = (
            {str(value): esc(str(label)) for value, label in MemberType.choices},
            {str(code): esc(str(name)) for code, name in countries},
        )
    return names


def member_card_html(
    card: MemberCard,
    *,
    detail_url: str,
    advise: str,
    languages: str,
    expertise: str,
    names: tuple[dict[str, str], dict[str, str]],
) -> str:
    profile = card.profile
    member_types, country_names = names
    country = str(profile.country)
    parts = [
        '<li class="member-card">\n  <h2 class="member-card-name">',
        f'<a href="{esc(detail_url.replace(_PLACEHOLDER, card.slug))}">{bdi(card.name)}</a>',
        f' <span class="badge badge-advise">{advise}</span>' if profile.willing_to_advise else "",
        '</h2>\n  <p class="member-card-meta">',
        member_types.get(profile.member_type) or esc(profile.get_member_type_display()),
        f" · {bdi(card.organisation)}" if card.organisation else "",
        '</p>\n  <p class="member-card-place">',
        f"{bdi(card.city)}, " if card.city else "",
        country_names.get(country) or esc(profile.country.name),
        "</p>\n  ",
        f'<p class="member-card-email"><a href="mailto:{esc(card.email)}" dir="ltr">{esc(card.email)}</a></p>'
        if card.email
        else "",
        f'\n  <p class="member-card-languages"><span class="visually-hidden">{languages}</span>',
        ", ".join(
            f'<span lang="{esc(language.code)}">{esc(language.native_name)}</span>'
            for language in profile.languages.all()
        ),
        "</p>\n  ",
    ]
    themes = list(profile.expertise.all())
    if themes:
        items = "".join(f"<li>{esc(theme.label)}</li>" for theme in themes)
        parts.append(f'<ul class="tags" aria-label="{expertise}">{items}</ul>')
    parts.append("\n</li>\n")
    return "".join(parts)


@register.simple_tag
def member_cards(cards: Iterable[MemberCard]) -> SafeString:
    """Every card of `cards`, one <li> each (the caller writes the list around them)."""
    detail_url = reverse("members:detail", args=[_PLACEHOLDER])
    labels = {
        "advise": esc(gettext("Willing to advise")),
        "languages": esc(gettext("Languages:")),
        "expertise": esc(gettext("Expertise")),
    }
    names = _names()
    html = "".join(member_card_html(card, detail_url=detail_url, names=names, **labels) for card in cards)
    return mark_safe(html)  # noqa: S308  # every value above is escaped
