"""What the admin may do with records that change only through services.

Staff read them in the admin; every change goes through a service on the site (its checks, its
audit record, its mails, the search index), or through an admin action that calls one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model admin that lists and shows, and neither adds, changes nor deletes."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
