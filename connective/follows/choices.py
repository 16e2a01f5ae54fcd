"""What a member follows or bookmarks, and what happens to follows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class FollowKind(models.TextChoices):
    THEME = "theme", _("Theme")
    SPACE = "space", _("Section")
    PRACTICE = "practice", _("Practice")


class BookmarkKind(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    THREAD = "thread", _("Discussion")


class FollowEvent(EventKind):
    """Follows and bookmarks, and the news a follow brings (recorded once per news, after the
    event it follows, so that the notification pipeline tells the followers)."""

    FOLLOWED = "follow.followed"
    UNFOLLOWED = "follow.unfollowed"
    BOOKMARKED = "follow.bookmarked"
    UNBOOKMARKED = "follow.unbookmarked"
    NEW_THREAD = "follow.new_thread"
    NEW_PRACTICE = "follow.new_practice"
    NEW_QUESTION = "follow.new_question"
