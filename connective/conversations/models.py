"""Conversations: direct messages between members, and the questions asked under a practice.

A conversation is a closed space of its own (`spaces.Space` of kind `conversation`) whose
memberships are its participants, with one discussion thread whose posts are its messages: so
scoping, read/unread, files and notifications come from spaces and discussions. Only its
participants read it (spaces.scoping): not coordinators, not staff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from connective.conversations.choices import MessagePolicy


class MessagePreference(models.Model):
    """Whom a member accepts direct messages from. No row: from any member."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_preference"
    )
    accepts = models.CharField(max_length=12, choices=MessagePolicy.choices, default=MessagePolicy.EVERYONE)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id} accepts messages from {self.accepts}"


class PracticeThread(models.Model):
    """The discussion under a published practice, where members ask the people behind it
    (its contacts and authors) their questions. Created with the first question, in the
    practice's network space (read by every member)."""

    practice = models.OneToOneField("practices.Practice", on_delete=models.CASCADE, related_name="+")
    thread = models.OneToOneField("discussions.Thread", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"questions on {self.practice_id}"
