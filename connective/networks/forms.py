"""The declaration of membership (django-allauth's sign-up form is built on it)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

from connective.accounts.models import User


class DeclarationForm(forms.Form):
    full_name = forms.CharField(max_length=150)

    def signup(self, request: HttpRequest, user: User) -> None:
        raise NotImplementedError("the declaration of membership is being built")
