"""The pack pages: "My pack" (a member's current pack, or a visitor's in the session), its
changes and PDF, and the read-only shared page and PDF behind a pack's public link.

Thin: parse, call one access helper, service or selector, render. Every change is a POST that
redirects back with a message; bad input gets its message and changes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.core.links import absolute_url, local_target
from connective.members.http import user_of, viewer_of
from connective.practices.access import pack_get_mine, pack_get_owned, pack_get_shared
from connective.practices.packs import services, session
from connective.practices.packs.models import PracticePack
from connective.practices.packs.pdf import pack_pdf
from connective.practices.packs.rules import PACK_MAX
from connective.practices.packs.selectors import (
    PackContents,
    made_by,
    pack_contents,
    pack_list_mine,
    published_in_order,
)
from connective.practices.search.forms import SearchForm


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _session_contents(request: HttpRequest, *, full: bool = False) -> PackContents:
    kept = session.session_pack(request.session)
    practices, missing = published_in_order(kept.ids, full=full)
    return PackContents(
        title=kept.title or _("My pack of good practices"),
        practices=practices,
        missing=missing,
        made_by=made_by(owner_name=None, viewer=viewer_of(request), is_owner=False),
        updated_at=kept.updated_at,
    )


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page the button was on (a practice, the library), else to the pack."""
    return redirect(local_target(request, request.POST.get("next"), default=reverse("practices:pack")))


def _change(
    request: HttpRequest, member: Callable[[PracticePack], object], visitor: Callable[[], object]
) -> bool:
    """Run one change on the viewer's pack; its error becomes the page's message. A member
    without a pack yet has nothing to change (adding creates one: see `pack_add`)."""
    try:
        if request.user.is_authenticated:
            pack = pack_get_mine(viewer=viewer_of(request))
            if pack is None:
                raise ValidationError(_("You have no pack yet: add a practice to start one."))
            member(pack)
        else:
            visitor()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


@require_http_methods(["GET", "HEAD"])
def pack_page(request: HttpRequest) -> HttpResponse:
    """My pack: its practices in order, to reorder, remove, rename, download and share."""
    viewer = viewer_of(request)
    if request.user.is_authenticated:
        packs = pack_list_mine(viewer=viewer)
        pack = pack_contents(pack=packs[0], viewer=viewer) if packs else None
        others = packs[1:]
    else:
        pack, others = _session_contents(request), []
        if not pack.practices and not pack.missing:
            pack = None
    share_url = (
        absolute_url("practices:pack_shared", public_id=pack.public_id) if pack and pack.public_id else ""
    )
    context = {"pack": pack, "others": others, "share_url": share_url, "pack_max": PACK_MAX}
    response = render(request, "practices/pack.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _posted_slug(request: HttpRequest, *names: str) -> str:
    """The practice the form names (in the first of `names` posted, "practice" by default); what
    is not a slug (a NUL, markup) names none, so it never reaches a query (PostgreSQL refuses a
    NUL in one: a 500)."""
    slug = next((request.POST[name] for name in names or ("practice",) if request.POST.get(name)), "")
    return slug if slug_re.fullmatch(slug) else ""


@require_POST
def pack_add(request: HttpRequest) -> HttpResponse:
    """Add a published practice to my pack (a member's first practice starts their pack)."""
    slug = _posted_slug(request)
    try:
        if request.user.is_authenticated:
            mine = pack_get_mine(viewer=viewer_of(request))
            added = services.pack_add(actor=user_of(request), pack=mine, slug=slug)
        else:
            added = session.session_pack_add(request.session, slug=slug)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request)
    if added:
        messages.success(request, _("Added to your pack."))
    else:
        messages.info(request, _("This practice is already in your pack."))
    return _back(request)


@require_POST
def pack_remove(request: HttpRequest) -> HttpResponse:
    slug = _posted_slug(request)
    if _change(
        request,
        lambda pack: services.pack_remove(actor=user_of(request), pack=pack, slug=slug),
        lambda: session.session_pack_remove(request.session, slug=slug),
    ):
        messages.success(request, _("Removed from your pack."))
    return redirect("practices:pack")


@require_POST
def pack_move(request: HttpRequest) -> HttpResponse:
    # One button per direction and practice, named after the direction, valued by the slug.
    step = -1 if "up" in request.POST else 1
    slug = _posted_slug(request, "up", "down")
    _change(
        request,
        lambda pack: services.pack_move(actor=user_of(request), pack=pack, slug=slug, step=step),
        lambda: session.session_pack_move(request.session, slug=slug, step=step),
    )
    return redirect("practices:pack")


@require_POST
def pack_rename(request: HttpRequest) -> HttpResponse:
    title = request.POST.get("title", "")
    if _change(
        request,
        lambda pack: services.pack_rename(actor=user_of(request), pack=pack, title=title),
        lambda: session.session_pack_rename(request.session, title=title),
    ):
        messages.success(request, _("The pack's title is saved."))
    return redirect("practices:pack")


@require_POST
def pack_from_search(request: HttpRequest) -> HttpResponse:
    """A new pack of a library search's first results (the search's words and filters, posted)."""
    params = SearchForm(request.POST).params()
    if params.query:
        title = _("Good practices: “%(query)s”") % {"query": params.query[:80]}
    else:
        title = _("A selection of good practices")
    try:
        if request.user.is_authenticated:
            _pack, note = services.pack_from_search(
                actor=user_of(request), params=params, title=title, ui_language=_language()
            )
        else:
            note = session.session_pack_from_search(
                request.session, params=params, title=title, ui_language=_language()
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("practices:list")
    messages.success(request, _("Your pack is ready: reorder it, remove practices or download it."))
    if note:
        messages.warning(request, note)
    return redirect("practices:pack")


@require_POST
def pack_rotate_link(request: HttpRequest) -> HttpResponse:
    """Revoke the shared link (a new one replaces it). Visitors have no link to revoke."""
    if not request.user.is_authenticated:
        messages.error(request, _("Sign in to share a pack: a shared link needs an owner who can revoke it."))
    elif _change(
        request, lambda pack: services.pack_rotate_link(actor=user_of(request), pack=pack), lambda: None
    ):
        messages.success(request, _("The old link no longer opens the pack. Share the new one."))
    return redirect("practices:pack")


@require_POST
def pack_make_current(request: HttpRequest, public_id: str) -> HttpResponse:
    """Work on one of my earlier packs again; someone else's pack is a 404 and changes nothing."""
    pack = pack_get_owned(viewer=viewer_of(request), public_id=public_id)
    services.pack_make_current(actor=user_of(request), pack=pack)
    messages.success(request, _("You are working on this pack again."))
    return redirect("practices:pack")


def _pdf_response(pack: PackContents) -> HttpResponseBase:
    filename = f"{slugify(pack.title, allow_unicode=False) or 'pack'}.pdf"
    response = FileResponse(io.BytesIO(pack_pdf(pack)), content_type="application/pdf", filename=filename)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD"])
def pack_pdf_view(request: HttpRequest) -> HttpResponseBase:
    """My pack as one PDF, in the reader's language."""
    viewer = viewer_of(request)
    if request.user.is_authenticated:
        mine = pack_get_mine(viewer=viewer)
        pack = pack_contents(pack=mine, viewer=viewer, full=True) if mine else None
    else:
        pack = _session_contents(request, full=True)
    if pack is None or not pack.practices:
        messages.error(request, _("Your pack has no published practice to print yet."))
        return redirect("practices:pack")
    response = _pdf_response(pack)
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def pack_shared(request: HttpRequest, public_id: str) -> HttpResponse:
    """The read-only page behind a pack's shared link: public content only, for anyone with it."""
    viewer = viewer_of(request)
    pack = pack_contents(pack=pack_get_shared(public_id=public_id), viewer=viewer)
    response = render(request, "practices/pack_shared.html", {"pack": pack})
    # A revoked link must stop working: nothing keeps a copy, and search engines leave it out.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD"])
def pack_shared_pdf(request: HttpRequest, public_id: str) -> HttpResponseBase:
    viewer = viewer_of(request)
    pack = pack_contents(pack=pack_get_shared(public_id=public_id), viewer=viewer, full=True)
    response = _pdf_response(pack)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
