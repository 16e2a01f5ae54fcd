"""Who may change the shared kernel's own records (the themes taxonomy)."""

from __future__ import annotations

from typing import Any


def can_manage_themes(viewer: Any) -> bool:
    """Themes are staff business (`viewer` is a members.roles.Viewer, which core cannot import)."""
    return bool(viewer.is_staff)
