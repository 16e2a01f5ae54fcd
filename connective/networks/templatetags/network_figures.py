"""`{{ figure|figure_text }}`: a member count as the network pages show it, without a template.

A network page shows one figure per country and per theme (a hundred at 100,000 members);
an include per figure was most of the page's cost. The text is what `networks/_figure.html`
wrote: the exact count, "at least N" for a rounded total, or "fewer than N".
"""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from connective.networks.selectors import Figure

register = template.Library()


@register.filter
def figure_text(figure: Figure) -> SafeString:
    if figure.count is not None:
        return conditional_escape(intcomma(figure.count))
    if figure.at_least:
        text = gettext("at least %(number)s") % {"number": conditional_escape(intcomma(figure.at_least))}
    else:
        text = gettext("fewer than %(number)s") % {"number": conditional_escape(str(localize(figure.below)))}
    return mark_safe(text)  # noqa: S308  # a translator's text around an escaped number
