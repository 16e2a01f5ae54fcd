"""Follow and bookmark buttons on other apps' pages (core.panels): under a practice (follow it,
save it, follow its themes), on a section's discussions (follow the section) and on a discussion
(save it). Members only: for anyone else the panels are empty."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from connective.core.panels import register_panel
from connective.follows import selectors
from connective.members.http import viewer_of


def practice_buttons(request: HttpRequest, practice: Any) -> SafeString | str:
    viewer = viewer_of(request)
    if not viewer.can_see_members or not practice.is_published:
        return ""
    themes = list(practice.themes.order_by("name"))
    following, followed = selectors.practice_follows(
        user_id=viewer.user_id or 0, practice=practice, themes=themes
    )
    context = {
        "practice": practice,
        "following": following,
        "saved": selectors.saved(user_id=viewer.user_id, practice=practice),
        "themes": [(theme, theme.pk in followed) for theme in themes],
        "next": request.path,
    }
    return render_to_string("follows/_practice.html", context, request=request)


def space_button(request: HttpRequest, space: Any) -> SafeString | str:
    viewer = viewer_of(request)
    if not viewer.can_see_members:
        return ""
    context = {
        "kind": "space",
        "key": space.slug,
        "following": selectors.follows(user_id=viewer.user_id, space=space),
        "next": request.path,
    }
    return render_to_string("follows/_follow.html", context, request=request)


def thread_button(request: HttpRequest, thread: Any) -> SafeString | str:
    viewer = viewer_of(request)
    if not viewer.can_see_members:
        return ""
    context = {
        "kind": "thread",
        "key": str(thread.public_id),
        "saved": selectors.saved(user_id=viewer.user_id, thread=thread),
        "next": request.path,
    }
    return render_to_string("follows/_save.html", context, request=request)


def register_panels() -> None:
    register_panel("practices.detail", name="follow", order=5, render=practice_buttons)
    register_panel("discussions.space", name="follow", order=5, render=space_button)
    register_panel("discussions.thread", name="save", order=5, render=thread_button)
