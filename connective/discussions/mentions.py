"""@mentions: a member is addressed by `@` and their public handle, the slug of their profile
(the same identifier their profile's address carries, members.selectors), e.g.
`@3f2a9c4e-8d1b-4c55-9a0e-1b2c3d4e5f60`. Who is mentioned is worked out after the post is saved
and only members who may read the space hear of it: the writer learns nothing of who exists."""

from __future__ import annotations

import re
import uuid

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
