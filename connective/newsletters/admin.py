"""Staff follow newsletters in the admin, read-only: what went out, to how many, what failed.
Writing and sending go through the site's pages (checks, audit, batches)."""

from __future__ import annotations

from django.contrib import admin

from connective.core.admin import ReadOnlyAdmin
from connective.newsletters.models import Delivery, Issue


@admin.register(Issue)
class IssueAdmin(ReadOnlyAdmin):
    list_display = ("subject", "network", "language", "status", "created_at", "sent_at")
    list_filter = ("status", "network", "language")
    search_fields = ("subject",)
    exclude = ("body", "members_body")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("issue", "user", "state", "attempts", "claimed_at", "sent_at")
    list_filter = ("state",)
    list_select_related = ("issue", "user")
    raw_id_fields = ("issue", "user")
    exclude = ("claim",)
