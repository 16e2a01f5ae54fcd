"""The one scoping helper for space content: what a viewer may read, in SQL, never forgotten.

A model whose rows live in a space (a discussion, a proposal, later an event's registrations)
declares `objects = ScopedManager()` and, when the space is not its own `space` field, the path
to it (`space_path = "thread__space"`). Its queryset then refuses to be read until it has been
scoped:

    Thread.objects.for_viewer(viewer)        # what this viewer may read (selectors)
    Thread.objects.unscoped()                # services and tasks that check access themselves

Reading an unscoped queryset raises `ScopeError`, in the manner of django-scopes: a selector
that forgets the viewer fails its first test instead of leaking a closed section.

The rule (`readable_spaces_q`): visitors read no space content. Members read open spaces and the
spaces they hold an active membership in; a network's coordinators read every space of their
region; staff read all, except conversations (direct messages), which only their participants
read (staff see one only through a report on it). Archived spaces stay readable to those who
could read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Protocol, Self

from django.db import models
from django.db.models import Q

from connective.spaces.choices import SpaceAccess, SpaceKind


class ScopeError(RuntimeError):
    """Space content was read without saying for whom (`for_viewer`) or why not (`unscoped`)."""


class SpaceViewer(Protocol):
    """What scoping needs of the person asking (members.roles.Viewer is one)."""

    @property
    def user_id(self) -> int | None: ...
    @property
    def is_staff(self) -> bool: ...
    @property
    def is_member(self) -> bool: ...
    @property
    def region(self) -> str | None: ...
    @property
    def coordinates(self) -> frozenset[str]: ...
    @property
    def memberships(self) -> Mapping[int, str]: ...


def readable_spaces_q(viewer: SpaceViewer, *, path: str = "") -> Q:
    """A filter on `Space` (or, with `path="space__"`, on rows reaching one) for what `viewer` reads."""
    if viewer.is_staff:
        # Everything but the conversations they do not take part in.
        return ~Q(**{f"{path}kind": SpaceKind.CONVERSATION}) | Q(
            **{f"{path}pk__in": list(viewer.memberships)}
        )
    if viewer.user_id is None or not (viewer.is_member or viewer.coordinates):
        return Q(pk__in=[]) if not path else Q(**{f"{path}pk__in": []})
    q = Q(**{f"{path}pk__in": list(viewer.memberships)}) | Q(
        **{f"{path}region__in": list(viewer.coordinates)}
    )
    if viewer.is_member:
        q |= Q(**{f"{path}access": SpaceAccess.OPEN})
    return q


def can_read_space(viewer: SpaceViewer, *, space_id: int, access: str, region: str, kind: str) -> bool:
    """The same rule as `readable_spaces_q`, for one space already in hand."""
    if kind == SpaceKind.CONVERSATION:
        return viewer.user_id is not None and space_id in viewer.memberships
    if viewer.is_staff:
        return True
    if viewer.user_id is None or not (viewer.is_member or viewer.coordinates):
        return False
    if space_id in viewer.memberships or (region and region in viewer.coordinates):
        return True
    return viewer.is_member and access == SpaceAccess.OPEN


class ScopedQuerySet(models.QuerySet):
    """A queryset that must be scoped before it is read (see the module's docstring)."""

    _scoped: bool = False

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._scoped = self._scoped
        return clone

    def for_viewer(self, viewer: SpaceViewer) -> Self:
        path: str = getattr(self.model, "space_path", "space")
        scoped = self.filter(readable_spaces_q(viewer, path=f"{path}__"))
        scoped._scoped = True
        return scoped

    def unscoped(self) -> Self:
        clone = self._chain()  # type: ignore[attr-defined]
        clone._scoped = True
        return clone

    def _require_scope(self) -> None:
        if not self._scoped:
            raise ScopeError(
                f"{self.model.__name__} rows live in spaces: read them through "
                ".for_viewer(viewer) (or .unscoped() where access is checked otherwise)"
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def count(self) -> int:
        self._require_scope()
        return super().count()

    def exists(self) -> bool:
        self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._require_scope()
        return super().iterator(chunk_size=chunk_size)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    """The default manager of every model whose rows live in a space."""

    space_path: ClassVar[str] = "space"
