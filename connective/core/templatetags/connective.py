"""Template filters every page may use: member-written text (its language and direction,
excerpts, Markdown), and times in the viewer's zone."""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from connective.core import text as member_texts
from connective.core.abilities import viewer_can
from connective.core.i18n import InterfaceLanguage
from connective.core.i18n import interface_languages as _interface_languages
from connective.core.links import absolute_url
from connective.core.markdown import render_markdown

register = template.Library()


@register.simple_tag
def interface_languages() -> list[InterfaceLanguage]:
    """The languages the pages are offered in, each named in itself (the language switcher)."""
    return _interface_languages()


@register.simple_tag(name="absolute_url")
def absolute_url_tag(name: str, *args: object) -> str:
    """`{% absolute_url 'practices:detail' practice.slug %}`: a page's full address (core.links)."""
    return absolute_url(name, *args)


@register.simple_tag
def text_attrs(language: str | None) -> SafeString:
    """`<p{% text_attrs practice.language_id %}>`: the text's `lang` and `dir` (or `dir="auto"`)."""
    return member_texts.text_attrs(language)


@register.filter
def excerpt(text: str, limit: int = 280) -> str:
    """At most `limit` characters, cut at a word boundary (see `core.text.excerpt`)."""
    return member_texts.excerpt(str(text or ""), int(limit))


@register.filter
def bdi(value: object) -> SafeString:
    """A member-typed name or place inside a sentence, isolated: `{{ card.name|bdi }}`."""
    return member_texts.bdi(value)


@register.filter
def isolate(value: object) -> str:
    """The plain-text `bdi`, for mails: `{% blocktranslate with title=practice.title|isolate %}`."""
    return member_texts.isolate(value)


@register.simple_tag
def member_text(text: str, language: str | None = None) -> SafeString:
    """A member's Markdown, sanitised, in a block carrying its language and direction."""
    return member_texts.member_text(text, language)


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text or "")


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


@register.filter(name="can")
def can(viewer: object, ability: str) -> bool:
    """`{% if request.viewer|can:"consultations.request" %}`: a rule owned by another app,
    asked by name (core.abilities); False when no installed app registered it."""
    return viewer_can(viewer, ability)
