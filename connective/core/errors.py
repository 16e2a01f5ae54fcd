"""Errors that services raise and views turn into messages or status codes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class NotAllowed(PermissionDenied):
    """The actor may not do this (views answer 403, or 404 where existence is secret)."""


__all__ = ["NotAllowed", "ValidationError"]
