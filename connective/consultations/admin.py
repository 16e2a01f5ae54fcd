"""Staff see consultations' metadata in the admin, read-only; the private space's content stays
out of it. Every change goes through the services on the site (checks, audit, mails)."""

from __future__ import annotations

from django.contrib import admin

from connective.consultations.models import ConsultationRequest, Invitation
from connective.core.admin import ReadOnlyAdmin


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ("advisor", "status", "sent_at", "answered_at", "reminded_at")
    readonly_fields = fields
    can_delete = False


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(ReadOnlyAdmin):
    list_display = ("title", "region", "support_kind", "status", "service_status", "visibility", "created_at")
    list_filter = ("region", "status", "support_kind", "service_status", "visibility")
    search_fields = ("title",)
    readonly_fields = ("public_id", "requester", "region", "resulting_practice", "closed_at")
    exclude = ("themes", "languages", "description", "what_was_tried", "outcome_advice", "outcome_next_steps")
    inlines = [InvitationInline]
