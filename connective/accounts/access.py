"""Who may act on the accounts app's own records (the legal documents)."""

from __future__ import annotations

from typing import Any


def can_publish_legal_documents(viewer: Any) -> bool:
    """New versions of the guidelines and the privacy notice: staff only. (`viewer` is a
    members.roles.Viewer, which accounts sits below.)"""
    return bool(viewer.is_staff)
