"""Staff's view of the library. The review workflow happens on the site (with its mails and
history); here staff look things up and fix typos. Status, versions and the published history
are read-only, so the workflow's rules cannot be bypassed from the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from connective.practices.models import (
    Attachment,
    Practice,
    PracticeRevision,
    ReviewEvent,
    SearchQuery,
    SustainableDevelopmentGoal,
)


class RevisionInline(admin.TabularInline):
    model = PracticeRevision
    fields = ("number", "state", "created_by", "created_at", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("title", "original_name", "kind", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("original_name", "kind", "content_type", "size", "uploaded_by", "uploaded_at")
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Uploads go through the site, which checks the file's content and size.
        return False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "city", "country", "region", "status", "is_featured", "version", "published_at")
    list_filter = ("status", "region", "is_featured", "language")
    search_fields = ("title", "summary", "city", "slug", "external_id")
    readonly_fields = (
        "slug", "external_id", "status", "region", "version", "published_at", "first_published_at",
        "created_by", "created_at", "updated_at",
    )  # fmt: skip
    raw_id_fields = ("authors", "contacts")
    filter_horizontal = ("themes", "sdgs")
    inlines = (RevisionInline, AttachmentInline)
    date_hierarchy = "published_at"

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        from connective.practices.search.index import practice_changed

        practice_id = form.instance.pk
        transaction.on_commit(lambda: practice_changed(practice_id))


@admin.register(PracticeRevision)
class PracticeRevisionAdmin(admin.ModelAdmin):
    list_display = ("practice", "number", "state", "created_by", "updated_at")
    list_filter = ("state",)
    search_fields = ("practice__title",)
    readonly_fields = ("practice", "number", "state", "data", "created_by", "created_at", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ("practice", "action", "actor", "at")
    list_filter = ("action",)
    search_fields = ("practice__title", "comment")
    readonly_fields = ("practice", "revision", "action", "actor", "comment", "at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ("number", "name")


@admin.register(SearchQuery)
class SearchQueryAdmin(admin.ModelAdmin):
    list_display = ("query", "language", "result_count", "at")
    search_fields = ("query",)
    readonly_fields = ("query", "language", "filters", "result_count", "at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
