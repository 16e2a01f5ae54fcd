"""Practice pages: a practice, writing one, its review and history, one's own, the review queue.

Thin: parse, call one access helper / selector / service, render. Search, the map, PDFs and
feeds live in their own view modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.core.errors import NotAllowed
from connective.core.models import Theme
from connective.core.panels import panels
from connective.core.ratelimit import rate_limited
from connective.members.http import user_of, viewer_of
from connective.practices import services
from connective.practices.access import (
    attachment_get_for,
    can_feature_practice_in,
    can_review_practice_in,
    can_see_practice_contacts,
    can_write_practices,
    is_author,
    practice_get_for,
    practice_get_for_authors,
    practice_get_for_review,
)
from connective.practices.choices import PracticeStatus, RevisionState
from connective.practices.forms import AttachmentForm, CommentForm, PracticeForm
from connective.practices.models import CONTENT_FIELDS, Practice, SustainableDevelopmentGoal
from connective.practices.search.selectors import library_version
from connective.practices.selectors import (
    changed_fields,
    practice_list_mine,
    practice_people_for_editor,
    practice_published_versions,
    practice_review_events,
    practice_review_queue_for,
    related_practices,
)
from connective.practices.services import PracticeData

View = Callable[..., HttpResponse]
RELATED_LIMIT = 4
# The sections after the summary, in reading order (the title and summary head the page).
SECTIONS = CONTENT_FIELDS[2:]


def _verbose_name(name: str) -> str:
    return str(cast("Field[Any, Any]", Practice._meta.get_field(name)).verbose_name)


def sections_of(source: Practice | PracticeData) -> list[tuple[str, str]]:
    """(heading, Markdown text) of every section that has text, in reading order."""
    return [
        (_verbose_name(name).capitalize(), getattr(source, name))
        for name in SECTIONS
        if getattr(source, name)
    ]


# -- reading ------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_of(request)
    practice = practice_get_for(viewer=viewer, slug=slug, with_goals=False)
    author = is_author(viewer=viewer, practice=practice)
    canonical_url = request.build_absolute_uri(practice_url(practice))
    context = {
        "practice": practice,
        "sections": sections_of(practice),
        # Read only when the parts showing them are written: the template keeps those parts
        # (`page_key`), the same for every viewer, under what they are made of.
        "themes": SimpleLazyObject(lambda: list(practice.themes.order_by("name"))),
        "sdgs": SimpleLazyObject(lambda: list(practice.sdgs.all())),
        "related": SimpleLazyObject(
            lambda: related_practices(practice, RELATED_LIMIT) if practice.is_published else []
        ),
        "attachments": SimpleLazyObject(lambda: list(practice.attachments.all())),
        "contacts": list(practice.contacts.all()) if can_see_practice_contacts(viewer) else None,
        "is_author": author,
        # What the apps above the library add under a practice (its questions, follow, bookmark).
        "panels": SimpleLazyObject(lambda: panels("practices.detail", request, practice)),
        "can_review": can_review_practice_in(viewer, practice.region),
        "can_feature": practice.is_published and can_feature_practice_in(viewer, practice.region),
        "og_locale": (get_language() or "en").replace("-", "_"),
        "canonical_url": canonical_url,
        # The practice as saved, the language and time zone it is shown in, its address, and
        # the library's version (other practices' edits, themes' names).
        "page_key": "|".join(
            [
                str(practice.pk),
                practice.updated_at.isoformat(),
                practice.status,
                get_language() or "",
                timezone.get_current_timezone_name(),
                canonical_url,
                library_version(),
            ]
        ),
    }
    response = render(request, "practices/detail.html", context)
    if not practice.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def practice_url(practice: Practice) -> str:
    return reverse("practices:detail", args=[practice.slug])


@require_http_methods(["GET", "HEAD"])
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """The published versions (public); the review steps and comments only for authors and reviewers."""
    viewer = viewer_of(request)
    practice = practice_get_for(viewer=viewer, slug=slug)
    insider = is_author(viewer=viewer, practice=practice) or can_review_practice_in(viewer, practice.region)
    versions = list(practice_published_versions(practice))
    labels = _field_labels()
    rows = []
    for position, version in enumerate(versions):
        older = versions[position + 1].data if position + 1 < len(versions) else None
        changed = changed_fields(older, version.data) if older else []
        rows.append({"version": version, "changed": [labels[name] for name in changed]})
    context = {
        "practice": practice,
        "rows": rows,
        "events": list(practice_review_events(practice)) if insider else None,
    }
    return render(request, "practices/history.html", context)


def _field_labels() -> dict[str, str]:
    labels = {name: _verbose_name(name) for name in CONTENT_FIELDS}
    labels.update(
        period_start=_("from (year)"),
        period_end=_("until (year)"),
        city=_("city"),
        country=_("country"),
        language=_("original language"),
        themes=_("themes"),
        sdgs=_("SDGs"),
        links=_("links"),
    )
    return labels


@require_http_methods(["GET", "HEAD"])
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    practices = list(practice_list_mine(viewer=viewer))
    return render(
        request, "practices/mine.html", {"practices": practices, "can_write": can_write_practices(viewer)}
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not (viewer.is_staff or viewer.coordinates):
        raise Http404(_("No such page."))
    return render(request, "practices/review_queue.html", {"items": practice_review_queue_for(viewer=viewer)})


@require_http_methods(["GET", "HEAD"])
def attachment(request: HttpRequest, slug: str, public_id: str) -> FileResponse:
    """A practice's file, only for those who may see the practice; never run in the browser."""
    item = attachment_get_for(viewer=viewer_of(request), slug=slug, public_id=public_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such file.")) from None
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=False,
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    if not item.practice.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


# -- writing ------------------------------------------------------------------------------


def _apply_service_error(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (else on the whole form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not can_write_practices(viewer):
        return render(request, "practices/members_only.html", status=403)
    if request.method == "POST":
        form = PracticeForm(request.POST)
        if form.is_valid():
            try:
                practice = services.practice_create(
                    actor=user_of(request),
                    data=form.to_data(),
                    co_authors=form.co_author_emails(),
                    contacts=form.contact_emails(),
                )
            except ValidationError as error:
                _apply_service_error(form, error)
            else:
                messages.success(
                    request, _("Your draft is saved. Submit it for review when it is ready to be published.")
                )
                return redirect("practices:detail", slug=practice.slug)
    else:
        initial = {"language": "en"}
        profile = getattr(user_of(request), "profile", None)
        if profile is not None:
            initial.update(city=profile.city, country=str(profile.country))
        form = PracticeForm(initial=initial)
    return render(request, "practices/form.html", {"form": form, "practice": None})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_of(request)
    practice = practice_get_for_authors(viewer=viewer, slug=slug)
    revision = services.practice_open_revision(practice) if practice.is_published else None
    # Co-authors and contacts whose address the editor may not see are named and kept by a tick.
    people = practice_people_for_editor(viewer=viewer, practice=practice)
    kept = {
        "unseen_co_authors": [(pk, user.full_name) for pk, user in people.unseen_co_authors.items()],
        "unseen_contacts": [(pk, p.user.full_name) for pk, p in people.unseen_contacts.items()],
    }
    if request.method == "POST":
        form = PracticeForm(request.POST, **kept)
        if form.is_valid():
            try:
                services.practice_update(
                    actor=user_of(request),
                    practice=practice,
                    data=form.to_data(),
                    co_authors=[
                        *form.co_author_emails(),
                        *(people.unseen_co_authors[pk] for pk in form.kept_co_authors()),
                    ],
                    contacts=[
                        *form.contact_emails(),
                        *(people.unseen_contacts[pk] for pk in form.kept_contacts()),
                    ],
                )
            except ValidationError as error:
                _apply_service_error(form, error)
            else:
                if practice.is_published:
                    messages.success(
                        request,
                        _(
                            "Your edit is saved. The published version stays online until the edit is reviewed."
                        ),
                    )
                else:
                    messages.success(request, _("Your changes are saved."))
                return redirect("practices:detail", slug=practice.slug)
    else:
        data = PracticeData.from_snapshot(revision.data) if revision else PracticeData.from_practice(practice)
        form = PracticeForm(
            initial=PracticeForm.initial_for(
                data,
                co_authors=people.co_author_emails,
                contacts=people.contact_emails,
            ),
            **kept,
        )
    return render(request, "practices/form.html", {"form": form, "practice": practice, "revision": revision})


@require_POST
@login_required
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = practice_get_for_authors(viewer=viewer_of(request), slug=slug)
    try:
        services.practice_submit(actor=user_of(request), practice=practice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent to the network's coordinators for review. They will write to you."))
    return redirect("practices:detail", slug=practice.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def attachments(request: HttpRequest, slug: str) -> HttpResponse:
    practice = practice_get_for_authors(viewer=viewer_of(request), slug=slug)
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.attachment_add(
                    actor=user_of(request),
                    practice=practice,
                    uploaded_file=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                _apply_service_error(form, error)
            else:
                messages.success(request, _("The file is attached."))
                return redirect("practices:attachments", slug=practice.slug)
        status = 400
    else:
        form = AttachmentForm()
        status = 200
    files = list(practice.attachments.all())
    return render(
        request,
        "practices/attachments.html",
        {"practice": practice, "form": form, "files": files},
        status=status,
    )


@require_POST
@login_required
def attachment_remove(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    viewer = viewer_of(request)
    item = attachment_get_for(viewer=viewer, slug=slug, public_id=public_id)
    try:
        services.attachment_remove(actor=user_of(request), attachment=item)
    except NotAllowed:
        raise Http404(_("No such file.")) from None
    messages.success(request, _("The file is removed."))
    return redirect("practices:attachments", slug=slug)


# -- review -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    """What is proposed (a new practice, or the edit of a published one), and the review's steps.

    Authors and reviewers see it; only reviewers get the buttons.
    """
    viewer = viewer_of(request)
    practice = practice_get_for(viewer=viewer, slug=slug)
    reviewer = can_review_practice_in(viewer, practice.region)
    if not (reviewer or is_author(viewer=viewer, practice=practice)):
        raise Http404(_("No such page."))
    revision = services.practice_open_revision(practice) if practice.is_published else None
    proposed = PracticeData.from_snapshot(revision.data) if revision else PracticeData.from_practice(practice)
    changed = (
        changed_fields(PracticeData.from_practice(practice).snapshot(), revision.data) if revision else []
    )
    in_review = (revision is not None and revision.state == RevisionState.IN_REVIEW) or (
        practice.status == PracticeStatus.IN_REVIEW
    )
    context = {
        "practice": practice,
        "revision": revision,
        "proposed": proposed,
        "sections": sections_of(proposed),
        "themes": Theme.objects.filter(pk__in=proposed.theme_ids).order_by("name"),
        "sdgs": SustainableDevelopmentGoal.objects.filter(pk__in=proposed.sdg_numbers),
        "changed": [_field_labels()[name] for name in changed],
        "events": list(practice_review_events(practice)),
        "can_act": reviewer and in_review,
        "form": CommentForm(),
    }
    return render(request, "practices/review.html", context)


def _review_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    practice = practice_get_for_review(viewer=viewer_of(request), slug=slug)
    form = CommentForm(request.POST)
    if not form.is_valid():  # a NUL or other text no field takes: said, and nothing is done
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("practices:review", slug=practice.slug)
    comment = form.cleaned_data["comment"]
    actor = user_of(request)
    try:
        if action == "publish":
            services.practice_publish(actor=actor, practice=practice)
            messages.success(request, _("Published. The authors have been told."))
        elif action == "request_changes":
            services.practice_request_changes(actor=actor, practice=practice, comment=comment)
            messages.success(request, _("Sent back to the authors with your comment."))
        else:
            services.practice_decline(actor=actor, practice=practice, comment=comment)
            messages.success(request, _("Declined. The authors have your comment."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("practices:review", slug=practice.slug)
    return redirect("practices:review_queue")


@require_POST
@login_required
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _review_action(request, slug, "publish")


@require_POST
@login_required
def request_changes(request: HttpRequest, slug: str) -> HttpResponse:
    return _review_action(request, slug, "request_changes")


@require_POST
@login_required
def decline(request: HttpRequest, slug: str) -> HttpResponse:
    return _review_action(request, slug, "decline")


@require_POST
@login_required
def feature(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_of(request)
    practice = practice_get_for(viewer=viewer, slug=slug)
    if not can_feature_practice_in(viewer, practice.region):
        raise Http404(_("No such page."))
    featured = request.POST.get("featured") == "1"
    try:
        services.practice_feature(actor=user_of(request), practice=practice, featured=featured)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Featured.") if featured else _("No longer featured."))
    return redirect("practices:detail", slug=practice.slug)
