"""Writes about the shared kernel: the theme taxonomy that staff keep tidy."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from connective.core.choices import CoreEvent
from connective.core.errors import NotAllowed
from connective.core.events import record_event
from connective.core.models import Theme
from connective.core.selectors import theme_get_by_name

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def _can_manage_themes(actor: Any) -> bool:
    # Services take the acting user, not a viewer; `core.access.can_manage_themes` is the
    # same rule for the pages.
    return bool(getattr(actor, "is_active", False) and getattr(actor, "is_staff", False))


def _clean_translations(translations: dict[str, str]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for code, value in translations.items():
        code = str(code).strip().lower()
        if not _LANGUAGE_CODE.match(code):
            raise ValidationError(
                _("“%(code)s” is not a language code (use two or three letters, e.g. fr).") % {"code": code}
            )
        text = str(value or "").strip()
        if len(text) > 120:
            raise ValidationError(_("The %(code)s name is longer than 120 characters.") % {"code": code})
        if text:
            clean[code] = text
    return clean


@transaction.atomic
def theme_create(*, actor: Any, name: str, translations: dict[str, str]) -> Theme:
    """Add a theme to the taxonomy. Staff only.

    The English name must be new: no theme (even a merged one) may already answer to it by
    name, slug or translation, or members would find two themes for one subject.
    """
    if not _can_manage_themes(actor):
        raise NotAllowed(_("Only programme staff may add themes."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the theme an English name."))
    if len(name) > 120:
        raise ValidationError(_("The English name is longer than 120 characters."))
    slug = slugify(name)[:80]
    if not slug:
        raise ValidationError(_("The English name needs at least one letter or digit."))
    clean = _clean_translations(translations)
    for candidate in (name, slug, *clean.values()):
        existing = theme_get_by_name(candidate, follow_merges=False)
        if existing is not None:
            raise ValidationError(
                _("“%(name)s” is already the theme “%(existing)s”.")
                % {"name": candidate, "existing": existing.name}
            )
    theme = Theme.objects.create(name=name, slug=slug, translations=clean)
    record_event(actor=actor, kind=CoreEvent.THEME_CREATED, target=theme, name=name, translations=clean)
    return theme


def _move_references(*, source: Theme, target: Theme) -> dict[str, int]:
    """Point every row that refers to `source` at `target`; return how many moved per relation.

    Walks `Theme._meta.related_objects`, so relations added by later apps are included
    without core knowing them. A many-to-many row that would duplicate one the owner already
    has with `target` is dropped instead of moved.
    """
    moved: dict[str, int] = {}
    for relation in Theme._meta.related_objects:
        if relation.many_to_many:
            field = relation.field
            assert isinstance(field, models.ManyToManyField)
            through = field.remote_field.through
            assert not isinstance(through, str)
            owner = field.m2m_field_name()
            theme_column = field.m2m_reverse_field_name()
            rows = through._base_manager.all()
            owners_with_target = rows.filter(**{theme_column: target}).values(f"{owner}_id")
            rows.filter(**{theme_column: source, f"{owner}_id__in": owners_with_target}).delete()
            count = rows.filter(**{theme_column: source}).update(**{theme_column: target})
            moved[f"{through._meta.label_lower}"] = count
        elif relation.one_to_many or relation.one_to_one:
            model = relation.related_model
            assert not isinstance(model, str)
            field_name = relation.field.name
            if model is Theme and field_name == "merged_into":
                # Themes merged into `source` earlier now lead straight to `target`.
                count = Theme.objects.filter(merged_into=source).update(merged_into=target)
            else:
                count = model._base_manager.filter(**{field_name: source}).update(**{field_name: target})
            moved[f"{model._meta.label_lower}.{field_name}"] = count
    return moved


@transaction.atomic
def theme_merge(*, actor: Any, source: Theme, target: Theme) -> Theme:
    """Merge `source` into `target`: everything tagged with `source` is tagged with `target`.

    Staff only. `source` stays as a pointer (`merged_into`) so that old links and imports
    that name it still find `target`. Both must be active themes and must differ.
    """
    if not _can_manage_themes(actor):
        raise NotAllowed(_("Only programme staff may merge themes."))
    source = Theme.objects.select_for_update().get(pk=source.pk)
    target = Theme.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ValidationError(_("A theme cannot be merged into itself: choose two different themes."))
    if not source.is_active:
        raise ValidationError(
            _("“%(name)s” has already been merged into another theme.") % {"name": source.name}
        )
    if not target.is_active:
        raise ValidationError(
            _("“%(name)s” has been merged into another theme; merge into that one instead.")
            % {"name": target.name}
        )
    moved = _move_references(source=source, target=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    record_event(actor=actor, kind=CoreEvent.THEME_MERGED, target=source, into=target.slug, moved=moved)
    return target
