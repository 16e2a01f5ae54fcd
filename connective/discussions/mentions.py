"""@mentions: a member is addressed by `@` and their public handle, the slug of their profile
(the same identifier their profile's address carries, members.selectors), e.g.
`@3f2a9c4e-8d1b-4c55-9a0e-1b2c3d4e5f60`. Who is mentioned is worked out after the post is saved
and only members who may read the space hear of it: the writer learns nothing of who exists."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from connective.core.links import absolute_path
from connective.core.text import excerpt, isolate

MENTION = re.compile(
    r"(?<![\w@])@([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\b"
)
# More than this many handles in one post is a broadcast, not a mention: only the first count.
MAX_MENTIONS = 20


def mentioned_slugs(text: str) -> list[uuid.UUID]:
    """The profile slugs `text` mentions, in order, each once, at most MAX_MENTIONS."""
    found: list[uuid.UUID] = []
    for match in MENTION.finditer(text or ""):
        slug = uuid.UUID(match.group(1))
        if slug not in found:
            found.append(slug)
        if len(found) >= MAX_MENTIONS:
            break
    return found


# -- showing mentions ---------------------------------------------------------------------------
#
# A post keeps `@<slug>` as written; it is shown as a link to the profile reading `@` and the
# member's name, only to a reader who may open that profile (members.roles.Viewer). To anyone
# else it reads `@member`, which tells nothing of who was meant. The names are put in after the
# Markdown has been rendered and sanitised, in text only (never inside a tag, a link or code),
# and are escaped: a name can never inject markup.


@dataclass(frozen=True)
class MentionedMember:
    """A mentioned member as one reader may see them: their name and their profile's address."""

    name: str
    path: str

    @property
    def url(self) -> str:
        return absolute_path(self.path)


def slugs_in(texts: Iterable[str]) -> set[uuid.UUID]:
    """Every profile slug the texts mention (all of them: each is shown, not only the first 20)."""
    return {uuid.UUID(match.group(1)) for text in texts for match in MENTION.finditer(text or "")}


def _someone() -> str:
    return "@" + _("member")


# Tags whose text is left as written: a mention inside a link would nest links, and code is code.
_VERBATIM = frozenset({"a", "code", "pre"})
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


def _mention_html(match: re.Match[str], members: Mapping[uuid.UUID, MentionedMember]) -> str:
    member = members.get(uuid.UUID(match.group(1)))
    if member is None:
        return conditional_escape(_someone())
    return str(format_html('<a href="{}" class="mention">@<bdi>{}</bdi></a>', member.path, member.name))


def link_mentions(html: str, members: Mapping[uuid.UUID, MentionedMember]) -> SafeString:
    """Sanitised HTML (core.markdown) with each `@<slug>` in its text shown as the member (see
    above). Only text between tags is touched; the pattern is hex digits and dashes, which
    escaping leaves as they are, so it is found in escaped text as it was written."""
    if "@" not in html:
        return mark_safe(html)  # noqa: S308 - the caller's HTML is already sanitised
    out: list[str] = []
    verbatim = 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            tag = _TAG_NAME.match(piece)
            if tag and tag.group(2).lower() in _VERBATIM:
                verbatim = max(0, verbatim - 1) if tag.group(1) else verbatim + 1
            out.append(piece)
        elif verbatim or "@" not in piece:
            out.append(piece)
        else:
            out.append(MENTION.sub(lambda m: _mention_html(m, members), piece))
    return mark_safe("".join(out))  # noqa: S308 - sanitised HTML and escaped names only


def mentions_as_text(
    text: str, members: Mapping[uuid.UUID, MentionedMember], *, isolated: bool = True
) -> str:
    """Plain text (a mail's text part) with each mention as `@` and the name (isolated, so an
    Arabic name keeps its order in a French line), or `@member`."""

    def name(match: re.Match[str]) -> str:
        member = members.get(uuid.UUID(match.group(1)))
        if member is None:
            return _someone()
        return "@" + (isolate(member.name) if isolated else member.name)

    return MENTION.sub(name, text or "")


def mention_excerpt_html(text: str, members: Mapping[uuid.UUID, MentionedMember], limit: int) -> SafeString:
    """An excerpt of a post for an HTML mail: its mentions as names linking to the profiles
    (absolute links); a name the excerpt cuts stays plain text."""
    shown = excerpt(mentions_as_text(text, members, isolated=False), limit)
    escaped = str(conditional_escape(shown))
    links = {
        str(conditional_escape("@" + member.name)): str(
            format_html('<a href="{}">@<bdi>{}</bdi></a>', member.url, member.name)
        )
        for member in members.values()
        if member.name
    }
    if not links:
        return mark_safe(escaped)  # noqa: S308 - escaped just above
    # One pass, the longest names first, so "@Ali Hassan" is not taken for "@Ali".
    pattern = re.compile("|".join(re.escape(key) for key in sorted(links, key=len, reverse=True)))
    return mark_safe(pattern.sub(lambda m: links[m.group(0)], escaped))  # noqa: S308 - escaped text, escaped names
