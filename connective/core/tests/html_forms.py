"""What a browser without JavaScript would send: the controls of a page's form, read from its HTML.

Tests use it for the round trip of a form: render it, submit what it shows (with a few
changes, as a person would make them), and check what was saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Select:
    name: str
    multiple: bool
    options: list[tuple[str, str, str]] = field(default_factory=list)  # (value, label, optgroup)
    selected: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        return [label for _value, label, _group in self.options]


@dataclass
class Form:
    """A <form method="post">: what a browser would submit, and its controls in page order."""

    values: dict[str, list[str]] = field(default_factory=dict)
    checkboxes: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> id -> value
    selects: dict[str, Select] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # ids (or names) of the controls


class FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Select | None = None
        self._option: tuple[str, bool] | None = None
        self._group = ""
        self._text = ""
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = Form()
            self.forms.append(self._form)
        form = self._form
        if form is None:
            return
        if tag == "input":
            kind, name = a.get("type", "text"), a.get("name", "")
            form.order.append(a.get("id") or name)
            if not name or kind in {"submit", "button"}:
                return
            if kind == "checkbox":
                form.checkboxes.setdefault(name, {})[a.get("id", "")] = a.get("value", "on")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            form.values.setdefault(name, []).append(
                a.get("value", "on" if kind in {"checkbox", "radio"} else "")
            )
        elif tag == "select":
            self._select = Select(a["name"], "multiple" in a)
            form.selects[a["name"]] = self._select
            form.order.append(a.get("id") or a["name"])
        elif tag == "optgroup":
            self._group = a.get("label", "")
        elif tag == "option":
            self._option = (a.get("value", ""), "selected" in a)
            self._text = ""
        elif tag == "textarea":
            self._textarea = a.get("name", "")
            form.order.append(a.get("id") or self._textarea)
            self._text = ""

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if form is None:
            return
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None and self._option is not None:
            value, selected = self._option
            self._select.options.append((value, self._text.strip(), self._group))
            if selected:
                self._select.selected.append(value)
            self._option = None
        elif tag == "optgroup":
            self._group = ""
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select.selected if select.multiple else (select.selected or [select.options[0][0]])[-1:]
            if chosen:
                form.values[select.name] = list(chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form.values[self._textarea] = [self._text.removeprefix("\n")]
            self._textarea = None


def read_form(html: str, *, containing: str = "csrfmiddlewaretoken") -> Form:
    """The first post form of the page that has a control named `containing`."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if containing in form.values or containing in form.selects or containing in form.checkboxes:
            return form
    raise AssertionError(f"no form with {containing!r}")
