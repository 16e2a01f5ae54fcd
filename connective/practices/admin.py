"""Staff's view of the library: read-only. Every change to a practice goes through a service
(with its checks, its audit record, its mails and the search index), so the admin offers no
edit form, only actions that call those services; staff edit a practice's text on the site,
through its edit page and the review workflow, like anyone else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from connective.core.admin import ReadOnlyAdmin
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
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Uploads and removals go through the site, which checks the file and records them.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _run(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Practice], featured: bool
) -> None:
    """Call the service for each selected practice; report what it refused, by practice."""
    from connective.practices.services import practice_feature

    done = 0
    for practice in queryset:
        try:
            practice_feature(actor=request.user, practice=practice, featured=featured)  # type: ignore[arg-type]
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{practice.title}: {text}", messages.ERROR)
        else:
            done += 1
    if done:
        text = ngettext("%(count)s practice changed.", "%(count)s practices changed.", done) % {"count": done}
        modeladmin.message_user(request, text, messages.SUCCESS)


@admin.action(description=_("Feature on the library's front"), permissions=["view"])
def feature(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Practice]) -> None:
    _run(modeladmin, request, queryset, True)


@admin.action(description=_("Stop featuring"), permissions=["view"])
def unfeature(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Practice]) -> None:
    _run(modeladmin, request, queryset, False)


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "city", "country", "region", "status", "is_featured", "version", "published_at")
    list_filter = ("status", "region", "is_featured", "language")
    search_fields = ("title", "summary", "city", "slug", "external_id")
    inlines = (RevisionInline, AttachmentInline)
    date_hierarchy = "published_at"
    actions = (feature, unfeature)


@admin.register(PracticeRevision)
class PracticeRevisionAdmin(ReadOnlyAdmin):
    list_display = ("practice", "number", "state", "created_by", "updated_at")
    list_filter = ("state",)
    search_fields = ("practice__title",)
    readonly_fields = ("practice", "number", "state", "data", "created_by", "created_at", "updated_at")


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ("practice", "action", "actor", "at")
    list_filter = ("action",)
    search_fields = ("practice__title", "comment")
    readonly_fields = ("practice", "revision", "action", "actor", "comment", "at")


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
