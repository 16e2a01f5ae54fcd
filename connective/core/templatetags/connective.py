"""Template filters every page may use: Markdown and times in the viewer's zone."""

from __future__ import annotations

import datetime
from functools import lru_cache

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from connective.core.i18n import InterfaceLanguage
from connective.core.i18n import interface_languages as _interface_languages
from connective.core.markdown import render_markdown

register = template.Library()


@register.simple_tag
def interface_languages() -> list[InterfaceLanguage]:
    """The languages the pages are offered in, each named in itself (the language switcher)."""
    return _interface_languages()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return _rendered(text or "")


# The same texts are shown again and again (a practice page's eight sections); rendering and
# sanitising them is a pure function of the text, and cost a few milliseconds a page.
@lru_cache(maxsize=2048)
def _rendered(text: str) -> SafeString:
    return render_markdown(text)


@register.filter(name="when")
def when(value: datetime.datetime | None, fmt: str = "DATETIME_FORMAT") -> SafeString | str:
    """A stored (UTC) time shown in the viewer's time zone, with the zone's abbreviation.

    The viewer's zone is the active one (MemberPreferencesMiddleware activates a member's own;
    visitors see UTC). The `<time>` element carries the exact instant in UTC for machines.
    `fmt` is a Django date format or a format name (default: the language's DATETIME_FORMAT).
    """
    if not isinstance(value, datetime.datetime):
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    local = timezone.localtime(value)
    text = formats.date_format(local, fmt)
    zone = local.tzname() or ""
    instant = value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%MZ")
    return format_html('<time datetime="{}">{} <abbr>{}</abbr></time>', instant, text, zone)
