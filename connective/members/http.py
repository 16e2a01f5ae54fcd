"""Who is asking, as views need it: the signed-in user and their `Viewer`, typed.

`ViewerMiddleware` attaches `request.viewer`; views read it through `viewer_of` so that the
type checker knows what it is. Views that need a signed-in person use Django's
`login_required`, which sends visitors to the sign-in page and back.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest

from connective.accounts.models import User
from connective.members.roles import Viewer, viewer_for


def viewer_of(request: HttpRequest) -> Viewer:
    """The Viewer of this request (built once, on first use)."""
    viewer = getattr(request, "viewer", None)
    if viewer is None:  # a request that did not pass the middleware (e.g. built in a test)
        viewer = viewer_for(request.user)
        request.viewer = viewer  # type: ignore[attr-defined]
    return cast(Viewer, viewer)


def user_of(request: HttpRequest) -> User:
    """The signed-in user. Precondition: the view is behind `login_required`."""
    return cast(User, request.user)
