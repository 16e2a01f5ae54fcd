"""Form widgets that render without Django's template per option.

Django renders a <select> through one template include per <option>: the directory's country
list (about 250 options) alone cost several milliseconds a request, more than the rest of the
page. `PlainSelect` writes the same markup (name, id, every attribute, `selected`) directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def attributes(attrs: dict[str, Any]) -> str:
    """Like Django's widgets/attrs.html: True is a bare attribute, False and None are left out."""
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


# Escaped <option> elements by their (value, label) pairs: a form's choices are the same on most
# requests (per language), and escaping 250 country names costs more than looking them up.
_OPTIONS: dict[tuple[tuple[str, str], ...], list[str]] = {}
_OPTIONS_KEPT = 256


def options_html(choices: Iterable[tuple[Any, Any]], selected: set[str], *, multiple: bool = False) -> str:
    """The <option> elements of flat `choices`, the values in `selected` marked selected (only
    the first such option of a single select, as Django does)."""
    pairs = tuple(("" if value is None else str(value), str(label)) for value, label in choices)
    escaped = _OPTIONS.get(pairs)
    if escaped is None:
        if len(_OPTIONS) >= _OPTIONS_KEPT:
            _OPTIONS.clear()
        escaped = _OPTIONS[pairs] = [
            f'<option value="{conditional_escape(value)}">{conditional_escape(label)}</option>'
            for value, label in pairs
        ]
    if not selected:
        return "\n".join(escaped)
    parts = list(escaped)
    for index, (value, _label) in enumerate(pairs):
        if value in selected:
            parts[index] = parts[index].replace(">", " selected>", 1)
            if not multiple:
                break
    return "\n".join(parts)


class PlainSelect(forms.Select):
    """A single <select> with flat choices (no option groups), rendered in Python."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        return mark_safe(  # noqa: S308  # every value and label is escaped above
            f'<select name="{conditional_escape(name)}"{attributes(final)}>\n'
            f"{options_html(self.choices, selected, multiple=self.allow_multiple_selected)}\n</select>"
        )


def flat_choices(field: forms.Field, choices: list[tuple[Any, Any]], *, validate: bool = True) -> None:
    """Give `field` (and its widget) these flat (value, label) pairs as they are.

    Django's `choices` setters normalise (and a form deep-copies) every pair on every form,
    which costs more than the page's queries for 250 countries; a list kept per language is
    already normal. With `validate=False` only the widget gets them (a ModelChoiceField
    validates against its queryset, not its choices).
    """
    field.widget._choices = choices
    if validate:
        field._choices = choices  # type: ignore[attr-defined]
