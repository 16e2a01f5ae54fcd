"""Driving the pickers (static/js/picker.js) as a person does: type in the box, press Enter."""

from __future__ import annotations

from typing import Any


def pick(page: Any, field_id: str, typed: str) -> None:
    """Type `typed` into the picker that stands for the control `field_id` and take the first
    match with Enter (the list filters as one types; accents do not count)."""
    box = page.locator(f"#{field_id} + .picker [role=combobox]")
    box.fill(typed)
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant")
    box.press("Enter")


def chosen(page: Any, field_id: str) -> list[str]:
    """The values the hidden control behind a picker will submit."""
    values: list[str] = page.eval_on_selector(
        f"#{field_id}",
        "root => root.tagName === 'SELECT' ? [...root.selectedOptions].map(o => o.value)"
        " : [...root.querySelectorAll('input:checked')].map(i => i.value)",
    )
    return sorted(values)
