from __future__ import annotations

from django.contrib import admin

from connective.core.admin import ReadOnlyAdmin
from connective.inbound.models import InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    """Staff see why a reply by email was refused; nobody edits the trace (erasure deletes it)."""

    list_display = ("received_at", "status", "reason", "target_kind", "sender")
    list_filter = ("status", "reason", "target_kind")
    search_fields = ("sender", "message_id", "target_id")
    date_hierarchy = "received_at"
