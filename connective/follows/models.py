"""Follows and bookmarks: what a member wants to hear of, and what they keep to come back to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Follow(models.Model):
    """A member following a theme (new practices on it), a section (new discussions in it) or a
    practice (new questions under it). Following one discussion is the discussions' own
    subscription. Exactly one of the targets is set."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("core.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    practice = models.ForeignKey(
        "practices.Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "theme"], condition=Q(theme__isnull=False), name="follow_theme_once"
            ),
            models.UniqueConstraint(
                fields=["user", "space"], condition=Q(space__isnull=False), name="follow_space_once"
            ),
            models.UniqueConstraint(
                fields=["user", "practice"], condition=Q(practice__isnull=False), name="follow_practice_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(theme__isnull=False, space__isnull=True, practice__isnull=True)
                    | Q(theme__isnull=True, space__isnull=False, practice__isnull=True)
                    | Q(theme__isnull=True, space__isnull=True, practice__isnull=False)
                ),
                name="follow_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.theme_id or self.space_id or self.practice_id}"


class Bookmark(models.Model):
    """A practice or a discussion a member saved to find again (`/bookmarks/`). Exactly one of
    the targets is set."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey(
        "practices.Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        "discussions.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "practice"],
                condition=Q(practice__isnull=False),
                name="bookmark_practice_once",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"], condition=Q(thread__isnull=False), name="bookmark_thread_once"
            ),
            models.CheckConstraint(
                condition=Q(practice__isnull=False, thread__isnull=True)
                | Q(practice__isnull=True, thread__isnull=False),
                name="bookmark_one_target",
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="bookmark_user_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.practice_id or self.thread_id}"
