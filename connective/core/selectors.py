"""Reads about the shared kernel: finding themes and how much each is used."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from connective.core.models import Theme


def _normalise(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def theme_get_by_name(name: str, *, follow_merges: bool = True) -> Theme | None:
    """The theme answering to `name`: its English name, slug or any translation, any case.

    A merged theme leads to the theme it was merged into (unless `follow_merges` is false).
    One query: the taxonomy is a few dozen rows, and translations live in JSON, which the
    databases we support cannot search case-insensitively in the same way.
    """
    wanted = _normalise(name)
    if not wanted:
        return None
    themes = {theme.pk: theme for theme in Theme.objects.all()}
    found: Theme | None = None
    for theme in themes.values():
        names = [theme.name, theme.slug, *(str(v) for v in (theme.translations or {}).values())]
        if any(_normalise(candidate) == wanted for candidate in names):
            found = theme
            # An active theme wins over a merged one that shares a translation.
            if theme.is_active:
                break
    if found is None or not follow_merges:
        return found
    seen = {found.pk}
    while found.merged_into_id is not None and found.merged_into_id not in seen:
        seen.add(found.merged_into_id)
        found = themes[found.merged_into_id]
    return found


@dataclass(frozen=True)
class ThemeUsage:
    theme: Theme
    uses: int


def theme_list_with_usage() -> list[ThemeUsage]:
    """Every theme, active first then merged, with how many records refer to it.

    Counts every many-to-many and foreign key pointing at Theme (one query per relation, so
    the number of queries does not grow with the data).
    """
    uses: dict[int, int] = {}
    for relation in Theme._meta.related_objects:
        if relation.many_to_many:
            field = relation.field
            assert isinstance(field, models.ManyToManyField)
            through = field.remote_field.through
            assert not isinstance(through, str)
            column = f"{field.m2m_reverse_field_name()}_id"
            rows = through._base_manager.order_by().values(column).annotate(n=models.Count("pk"))
        elif relation.one_to_many or relation.one_to_one:
            model = relation.related_model
            assert not isinstance(model, str)
            if model is Theme:
                continue  # merge pointers are not uses
            column = f"{relation.field.name}_id"
            rows = (
                model._base_manager.exclude(**{column: None})
                .order_by()
                .values(column)
                .annotate(n=models.Count("pk"))
            )
        else:
            continue
        for row in rows:
            uses[row[column]] = uses.get(row[column], 0) + row["n"]
    themes = Theme.objects.select_related("merged_into").order_by(
        models.F("merged_into").asc(nulls_first=True), "name"
    )
    return [ThemeUsage(theme=theme, uses=uses.get(theme.pk, 0)) for theme in themes]
