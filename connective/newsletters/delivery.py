"""Whether a member wants the newsletter, and how they turn it off: the two seams the
notifications app will take over.

Until the notification preferences (per kind, on/off) and their one-click unsubscribe tokens
land, the newsletter reads a member's choice through `newsletter_wanted` /
`newsletter_recipients` and builds its unsubscribe link through `unsubscribe_link`, backed by a
signed token of this app and the `OptOut` model. Nothing else in the app reads `OptOut` or
signs a token, so swapping these functions is the whole merge.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db.models import Exists, OuterRef, QuerySet

from connective.accounts.models import User
from connective.core.links import absolute_url
from connective.members.choices import MembershipStatus
from connective.newsletters.models import Issue, OptOut

_SALT = "connective.newsletters.unsubscribe"


# merge: use notifications' preference and token
def newsletter_wanted(user: Any) -> bool:
    """Whether `user` should receive newsletters now: active, an approved member, with an
    address, and not turned off."""
    if user is None or not getattr(user, "is_active", False) or not getattr(user, "email", ""):
        return False
    return (
        User.objects.filter(pk=user.pk, profile__status=MembershipStatus.APPROVED)
        .exclude(newsletter_opt_out__isnull=False)
        .exists()
    )


# merge: use notifications' preference and token
def newsletter_recipients(*, issue: Issue) -> QuerySet[User]:
    """Everyone `issue` goes to: `newsletter_wanted` for a whole network (or every network) in one
    query: approved members of the issue's network, active, with an address, not turned off."""
    users = User.objects.filter(is_active=True, profile__status=MembershipStatus.APPROVED).exclude(email="")
    if issue.network_id is not None:
        users = users.filter(profile__region=issue.network.region)  # type: ignore[union-attr]
    return users.filter(~Exists(OptOut.objects.filter(user=OuterRef("pk")))).order_by("pk")


# merge: use notifications' preference and token
def unsubscribe_link(user: Any) -> str:
    """The absolute one-click link that turns newsletters off for `user`, without signing in."""
    return absolute_url("newsletters:unsubscribe", token=unsubscribe_token(user))


def unsubscribe_token(user: Any) -> str:
    """A signed token naming `user` by their public id (never their row id or address)."""
    return signing.Signer(salt=_SALT).sign(str(user.public_id))


def user_for_token(token: str) -> User | None:
    """The user a token was signed for; None when it is forged, altered or names no one."""
    try:
        public_id = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.filter(public_id=public_id).first()


def unsubscribe_headers(user: Any) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: a mail client's "unsubscribe" posts to the link at once."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_link(user)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# merge: use notifications' preference and token
def newsletter_turn_off(user: User) -> bool:
    """Store that `user` wants no more newsletters; True when it changed anything."""
    _opt_out, created = OptOut.objects.get_or_create(user=user)
    return created
