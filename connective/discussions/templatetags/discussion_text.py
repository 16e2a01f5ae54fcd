"""A post's text on a page: Markdown through the one sanitiser, then its mentions as members."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from connective.core.markdown import render_markdown
from connective.core.text import text_attrs
from connective.discussions.mentions import MentionedMember, link_mentions

register = template.Library()


@register.simple_tag
def post_text(
    text: str, language: str | None = None, mentions: Mapping[uuid.UUID, MentionedMember] | None = None
) -> SafeString:
    """`{% post_text post.body post.language mentions %}`: like core's `member_text` (a block with
    the text's language and direction), with each `@<slug>` shown as the member to who may see
    them (`mentions`, from `selectors.mentioned_members_for`), `@member` to anyone else."""
    html = link_mentions(render_markdown(text or ""), mentions or {})
    return format_html('<div class="member-text"{}>{}</div>', text_attrs(language), html)
