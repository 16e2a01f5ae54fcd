from django.contrib import admin

from connective.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: staff look into why a mail did (not) go; nobody edits what a member was told."""

    list_display = ("kind", "recipient", "created_at", "read_at", "frequency", "delivery", "sent_at")
    list_filter = ("delivery", "frequency")
    raw_id_fields = ("recipient", "event")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
