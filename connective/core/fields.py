"""Form fields every app uses instead of Django's own where Django's answer to odd input is a
server error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# The widest integer a database column holds (a signed 64-bit BIGINT on every backend we run).
LARGEST_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, with ids no database can hold refused as invalid choices.

    Django asks the database for all the chosen ids at once (`pk__in`), and SQLite's driver
    raises OverflowError on an integer beyond 64 bits, so a posted theme of 2⁶³ was a 500.
    """

    def _check_values(self, value: Any) -> models.QuerySet[Any]:
        key = self.to_field_name or "pk"
        assert self.queryset is not None
        meta = self.queryset.model._meta
        field = meta.pk if key == "pk" else meta.get_field(key)
        if isinstance(field, models.IntegerField | models.AutoField):
            for item in value if isinstance(value, list | tuple | set | frozenset) else []:
                try:
                    number = int(str(item))
                except ValueError:
                    continue  # Django's own check names it
                if not -LARGEST_ID - 1 <= number <= LARGEST_ID:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)  # type: ignore[misc]  # Django's, not in its stubs
