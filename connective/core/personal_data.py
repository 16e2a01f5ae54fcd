"""The personal-data registry: where every app says what it keeps about a person, and how that
is handed over (export) and taken away (erasure).

Core owns the registry and the two walks over it (the member's ZIP, the erasure), but the data
lives in the apps above core, which core may not import (see the layers in pyproject.toml).
So each app registers its parts from its `AppConfig.ready()`, as it does for the home page
(`core/home.py`), and core asks the registry. A test (tests/test_personal_data.py) fails for
any model that refers to a person and is not declared here, so every later app must join.

A **part** is one kind of personal data ("messages you wrote in consultations"). It names
the models it covers, says in the member's words what it is, why it is kept, for how long and
who sees it (the privacy page is generated from that, so it cannot drift from the code), and
gives three functions:

- `export(user) -> list[dict]`: the person's rows, JSON-serialisable, with text for humans in
  the active language (the export runs in the member's language);
- `files(user) -> [(name, FieldFile)]`: files that belong in the ZIP beside the JSON;
- `erase(user) -> int`: remove or pseudonymise the person's data (rows touched). Erasers run
  in one transaction, in `order`, while the user row still holds the person; the accounts app's
  part, last, turns the row itself into the pseudonym ("Former member 4821") that everything
  kept now points at, so shared contributions stay readable and name no one.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Rows = list[dict[str, Any]]


class Erasure(models.TextChoices):
    """What happens to a part when its person deletes their account."""

    DELETE = "delete", _("Deleted")
    PSEUDONYMISE = "pseudonymise", _("Kept for the others who took part, under a pseudonym")
    RETAIN = "retain", _("Kept under a pseudonym for the legal retention period, then deleted")


def _no_files(user: Any) -> list[tuple[str, FieldFile]]:
    return []


def keep_under_pseudonym(user: Any) -> int:
    """The erasure of a part whose rows stay as they are: they point at the user row, which
    becomes the pseudonym when the account is deleted. Erases no row itself."""
    return 0


@dataclass(frozen=True)
class Part:
    """One kind of personal data an app keeps. See the module docstring."""

    name: str
    models: tuple[type[models.Model], ...]
    what: str | Promise
    why: str | Promise
    kept: str | Promise
    seen_by: str | Promise
    erasure: Erasure
    export: Callable[[Any], Rows]
    erase: Callable[[Any], int]
    files: Callable[[Any], Iterable[tuple[str, FieldFile]]] = field(default=_no_files)
    order: int = 50


# Models that mention a person but hold nothing of theirs beyond what another part covers
# (a join table, a staff action on a shared record). Declared with the reason, so the
# completeness test can tell "thought about" from "forgotten".
_parts: dict[str, Part] = {}
_covered_elsewhere: dict[type[models.Model], str] = {}


def register(part: Part) -> None:
    """Declare `part` (re-registering a name replaces it, as in tests)."""
    _parts[part.name] = part


def register_covered(model: type[models.Model], *, reason: str) -> None:
    """Declare that `model` refers to a person only through data another part exports and erases
    (e.g. the person as the actor of a staff action, kept under their pseudonym)."""
    _covered_elsewhere[model] = reason


def parts() -> list[Part]:
    """Every registered part, in erasure order, then by name."""
    return sorted(_parts.values(), key=lambda part: (part.order, part.name))


def declared_models() -> set[type[models.Model]]:
    """The models some part covers, or that are declared as covered elsewhere."""
    declared = {model for part in _parts.values() for model in part.models}
    return declared | set(_covered_elsewhere)


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    return str(value)


def _safe_name(name: str) -> str:
    """A file name for inside the ZIP: no folders, no leading dots, nothing odd."""
    cleaned = "".join(c if c.isalnum() or c in "-_. " else "_" for c in name).strip(" .")
    return cleaned[:120] or "file"


def member_export(*, user: Any) -> bytes:
    """The ZIP of everything registered about `user`: one JSON file per part (`<name>.json`),
    a `README.json` describing each part, and their files under `files/<part>/`.

    Built in the member's own language (their preference, else the site's), so choice labels
    and descriptions read as on their pages. Reads only: nothing changes.
    """
    language = getattr(user, "preferred_language", "") or None
    buffer = io.BytesIO()
    with translation.override(language), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        contents = []
        for part in parts():
            rows = part.export(user)
            archive.writestr(
                f"{part.name}.json",
                json.dumps(rows, ensure_ascii=False, indent=2, default=_json_default),
            )
            stored = []
            for number, (name, field_file) in enumerate(part.files(user), start=1):
                arcname = f"files/{part.name}/{number:04d}-{_safe_name(name)}"
                with field_file.open("rb") as handle:
                    archive.writestr(arcname, handle.read())
                stored.append(arcname)
            contents.append(
                {
                    "part": part.name,
                    "file": f"{part.name}.json",
                    "what": str(part.what),
                    "why": str(part.why),
                    "kept": str(part.kept),
                    "seen_by": str(part.seen_by),
                    "on_deletion": str(part.erasure.label),
                    "records": len(rows),
                    "files": stored,
                }
            )
        archive.writestr(
            "README.json",
            json.dumps(
                {"exported_at": timezone.now().isoformat(), "parts": contents},
                ensure_ascii=False,
                indent=2,
            ),
        )
    return buffer.getvalue()


@transaction.atomic
def member_erase(*, user: Any) -> dict[str, int]:
    """Run every part's eraser for `user`, in order, in one transaction; returns rows per part.

    Callers go through `connective.accounts.services.account_delete`, which checks who asks
    and ends the sessions; this is the walk itself.
    """
    return {part.name: part.erase(user) for part in parts()}
