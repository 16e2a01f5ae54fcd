"""Discussions in the admin: read only (every change goes through a service on the site, with
its checks and its event), and read unscoped, as staff read every space."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from connective.core.admin import ReadOnlyAdmin
from connective.discussions.models import Post, PostReport, Thread


class UnscopedReadOnlyAdmin(ReadOnlyAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model._default_manager.unscoped()


@admin.register(Thread)
class ThreadAdmin(UnscopedReadOnlyAdmin):
    list_display = ("title", "space", "reply_count", "last_post_at", "pinned", "locked", "hidden_at")
    list_select_related = ("space",)


@admin.register(Post)
class PostAdmin(UnscopedReadOnlyAdmin):
    list_display = ("thread", "number", "created_at", "hidden_at")
    list_select_related = ("thread",)


@admin.register(PostReport)
class PostReportAdmin(ReadOnlyAdmin):
    list_display = ("post", "created_at", "resolved_at", "outcome")
