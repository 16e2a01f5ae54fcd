"""Refusals said on the next page (Django's messages): a service's error, or a form's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from connective.core.errors import NotAllowed


def flash_error(request: HttpRequest, error: ValidationError | NotAllowed) -> None:
    """Each message of a service's refusal, as an error on the next page."""
    for text in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, text)


def flash_form_errors(request: HttpRequest, form: forms.Form) -> None:
    """Each error of a form the next page does not show again (a reply box under a thread)."""
    for errors in form.errors.values():
        for text in errors:
            messages.error(request, str(text))
