"""Discussion pages: the discussions across the viewer's spaces, a space's discussions, a
thread, starting one, replying, editing, a post's history, reporting, moderating, the
moderators' report queue.

Thin: parse, call one access helper / selector / service, render. Every object is fetched
through `access`, which answers 404 to whoever may not read it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.core.errors import NotAllowed
from connective.core.flash import flash_error, flash_form_errors
from connective.core.panels import panels
from connective.core.ratelimit import rate_limited
from connective.discussions import selectors, services
from connective.discussions.access import (
    attachment_get_for,
    may_see_post_text,
    moderated_post_get_for,
    moderated_spaces_q,
    moderated_thread_get_for,
    post_get_for,
    post_text_get_for,
    report_get_for,
    space_get_for,
    thread_get_for,
)
from connective.discussions.choices import SubscriptionState
from connective.discussions.forms import (
    EditForm,
    FollowForm,
    ModerateForm,
    PostModerateForm,
    ReasonForm,
    ReplyForm,
    ReportForm,
    ResolveForm,
    ThreadForm,
    form_errors_from,
)
from connective.discussions.models import Post, Thread
from connective.members.http import user_of, viewer_of
from connective.spaces.access import can_moderate, can_take_part
from connective.spaces.models import Space


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _thread_url(thread: Thread, page: int | None = None, anchor: str = "") -> str:
    url = reverse("discussions:thread", kwargs={"public_id": thread.public_id})
    if page and page > 1:
        url += f"?page={page}"
    return url + (f"#{anchor}" if anchor else "")


def _post_url(post: Post) -> str:
    return _thread_url(post.thread, selectors.page_of_post(post.number), f"post-{post.public_id}")


@require_http_methods(["GET", "HEAD"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The discussions across the spaces the viewer reads, newest activity first."""
    viewer = viewer_of(request)
    spaces = list(selectors.spaces_readable_by(viewer=viewer))
    chosen = next((space for space in spaces if space.slug == request.GET.get("space")), None)
    threads = selectors.thread_list_for(viewer=viewer, space=chosen)
    page = Paginator(threads, selectors.page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/index.html",
        {"page": page, "spaces": spaces, "chosen": chosen, "show_space": chosen is None},
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def space(request: HttpRequest, slug: str) -> HttpResponse:
    """A space's discussions, pinned first."""
    viewer = viewer_of(request)
    found = space_get_for(viewer=viewer, slug=slug)
    threads = selectors.thread_list_for(viewer=viewer, space=found)
    page = Paginator(threads, selectors.page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/space.html",
        {
            "space": found,
            "page": page,
            "show_space": False,
            "can_start": can_take_part(viewer, found),
            "can_moderate": can_moderate(viewer, found),
            # What the apps above discussions add (a follow button).
            "panels": panels("discussions.space", request, found),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def start(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_of(request)
    found = space_get_for(viewer=viewer, slug=slug)
    if not can_take_part(viewer, found):
        return render(request, "discussions/not_member.html", {"space": found}, status=403)
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(
                actor=user_of(request),
                space=found,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Your discussion is open."))
            return redirect(_thread_url(thread))
    return render(request, "discussions/start.html", {"space": found, "form": form})


@require_http_methods(["GET", "HEAD"])
@login_required
def thread(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A discussion, one page of posts at a time; opening it marks the page read."""
    viewer = viewer_of(request)
    found = thread_get_for(viewer=viewer, public_id=public_id)
    page = selectors.thread_posts_page(viewer=viewer, thread=found, page=_page_number(request))
    user = user_of(request)
    if request.method == "GET" and page.posts:
        services.thread_mark_read(actor=user, thread=found, number=page.last_number)
    moderator = can_moderate(viewer, found.space)
    subscription = selectors.subscription_state(user_id=user.pk, thread=found)
    items = [
        {"post": post, "text_shown": may_see_post_text(viewer, post), "own": post.author_id == user.pk}
        for post in page.posts
    ]
    context: dict[str, Any] = {
        "thread": found,
        "page": page,
        "posts": items,
        # Who the shown posts mention, as this viewer may see them: one query for the page.
        "mentions": selectors.mentioned_members_for(
            viewer=viewer, texts=[post.body for post in page.posts if may_see_post_text(viewer, post)]
        ),
        "can_reply": can_take_part(viewer, found.space) and not found.locked and found.hidden_at is None,
        "can_moderate": moderator,
        "can_report": viewer.is_member or viewer.is_staff or bool(viewer.coordinates),
        "reply_form": ReplyForm(),
        "follow_form": FollowForm(initial={"state": subscription or ""}),
        "subscription": subscription,
        "subscribed": subscription == SubscriptionState.SUBSCRIBED,
        "muted": subscription == SubscriptionState.MUTED,
        "reason_form": ReasonForm(),
        # What the apps above discussions add (a bookmark button).
        "panels": panels("discussions.thread", request, found),
    }
    if moderator:
        context["move_targets"] = [
            space for space in selectors.spaces_moderated_by(viewer=viewer) if space.pk != found.space_id
        ]
    return render(request, "discussions/thread.html", context)


@require_POST
@login_required
@rate_limited("post")
def reply(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_of(request)
    found = thread_get_for(viewer=viewer, public_id=public_id)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            post = services.post_reply(
                actor=user_of(request),
                thread=found,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except (ValidationError, NotAllowed) as error:
            flash_error(request, error)
        else:
            return redirect(_post_url(post))
    else:
        flash_form_errors(request, form)
    return redirect(_thread_url(found, selectors.page_count(found)))


@require_POST
@login_required
def follow(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = thread_get_for(viewer=viewer_of(request), public_id=public_id)
    form = FollowForm(request.POST)
    if form.is_valid():
        state = form.cleaned_data["state"] or None
        services.thread_follow(actor=user_of(request), thread=found, state=state)
        messages.success(
            request,
            {
                None: _("You hear of this discussion as your settings say."),
                SubscriptionState.SUBSCRIBED: _("You follow this discussion."),
                SubscriptionState.MUTED: _("This discussion is muted."),
            }[state],
        )
    else:
        messages.error(request, _("Choose to follow or to mute the discussion."))
    return redirect(_thread_url(found))


@require_POST
@login_required
def moderate(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_of(request)
    found = moderated_thread_get_for(viewer=viewer, public_id=public_id)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the discussion."))
        return redirect(_thread_url(found))
    actor, action, data = user_of(request), form.cleaned_data["action"], form.cleaned_data
    try:
        if action in ("pin", "unpin"):
            services.thread_pin(actor=actor, thread=found, pinned=action == "pin")
        elif action in ("lock", "unlock"):
            services.thread_lock(actor=actor, thread=found, locked=action == "lock")
        elif action == "hide":
            services.thread_hide(actor=actor, thread=found, reason=data["reason"])
        elif action == "unhide":
            services.thread_unhide(actor=actor, thread=found)
        else:
            target = Space.objects.filter(slug=data["space"]).first()
            if target is None:
                raise ValidationError({"space": _("Choose a space you moderate to move the discussion to.")})
            services.thread_move(actor=actor, thread=found, to_space=target)
    except (ValidationError, NotAllowed) as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect(_thread_url(found))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_of(request)
    post = post_get_for(viewer=viewer, public_id=public_id)
    if post.author_id != viewer.user_id:
        raise Http404
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(actor=user_of(request), post=post, body=form.cleaned_data["body"])
        except (ValidationError, NotAllowed) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Your post is saved."))
            return redirect(_post_url(post))
    return render(request, "discussions/edit.html", {"post": post, "thread": post.thread, "form": form})


@require_http_methods(["GET", "HEAD"])
@login_required
def history(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_of(request)
    post = post_text_get_for(viewer=viewer, public_id=public_id)
    revisions = list(selectors.post_revisions(post=post))
    mentions = selectors.mentioned_members_for(
        viewer=viewer, texts=[post.body, *(revision.body for revision in revisions)]
    )
    return render(
        request,
        "discussions/history.html",
        {"post": post, "thread": post.thread, "revisions": revisions, "mentions": mentions},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def report(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_of(request)
    post = post_text_get_for(viewer=viewer, public_id=public_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(actor=user_of(request), post=post, reason=form.cleaned_data["reason"])
        except (ValidationError, NotAllowed) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Thank you: the moderators of this space will look at the post."))
            return redirect(_post_url(post))
    mentions = selectors.mentioned_members_for(viewer=viewer, texts=[post.body])
    return render(
        request,
        "discussions/report.html",
        {"post": post, "thread": post.thread, "form": form, "mentions": mentions},
    )


@require_POST
@login_required
def post_moderate(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    post = moderated_post_get_for(viewer=viewer_of(request), public_id=public_id)
    form = PostModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the post."))
        return redirect(_post_url(post))
    try:
        if form.cleaned_data["action"] == "hide":
            services.post_hide(actor=user_of(request), post=post, reason=form.cleaned_data["reason"])
        else:
            services.post_unhide(actor=user_of(request), post=post)
    except (ValidationError, NotAllowed) as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect(_post_url(post))


@require_http_methods(["GET", "HEAD"])
@login_required
def attachment(request: HttpRequest, public_id: uuid.UUID) -> FileResponse:
    """A file shared with a post, for who may read the post; downloaded, never run in the page
    (images are shown inline: they are checked to be images)."""
    item = attachment_get_for(viewer=viewer_of(request), public_id=public_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, content_type=item.content_type, as_attachment=not item.is_image, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _moderates_somewhere(request: HttpRequest) -> bool:
    viewer = viewer_of(request)
    return (
        viewer.is_staff
        or bool(viewer.coordinates)
        or Space.objects.filter(moderated_spaces_q(viewer)).exists()
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The moderators' queue: open reports in the spaces the viewer moderates."""
    if not _moderates_somewhere(request):
        raise Http404
    viewer = viewer_of(request)
    queue = selectors.report_queue_for(viewer=viewer)
    page = Paginator(queue, selectors.page_size()).get_page(request.GET.get("page"))
    mentions = selectors.mentioned_members_for(viewer=viewer, texts=[report.post.body for report in page])
    return render(
        request,
        "discussions/reports.html",
        {"page": page, "resolve_form": ResolveForm(), "mentions": mentions},
    )


@require_POST
@login_required
def resolve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = report_get_for(viewer=viewer_of(request), public_id=public_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.report_resolve(
                actor=user_of(request),
                report=found,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, NotAllowed) as error:
            flash_error(request, error)
        else:
            messages.success(request, _("The report is decided."))
    else:
        messages.error(request, _("Choose a decision: hide the post, or nothing to do."))
    return redirect("discussions:reports")
