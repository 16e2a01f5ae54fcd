"""Conversation pages: the viewer's conversations, writing to members, one conversation, the
setting of whom one accepts messages from, and asking a question under a practice.

Thin: parse, call one access helper / selector / service, render. A conversation is fetched
only through `access.conversation_get_for`, which answers 404 to anyone but its participants.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.conversations import selectors, services
from connective.conversations.access import (
    PARTICIPANTS_MAX,
    accepts_message,
    conversation_get_for,
    may_send_messages,
    policy_of,
)
from connective.conversations.forms import MessageForm, PolicyForm, QuestionForm, ReplyForm
from connective.core.errors import NotAllowed
from connective.core.flash import flash_error, flash_form_errors
from connective.core.ratelimit import rate_limited
from connective.core.text import query_text
from connective.discussions.access import may_see_post_text
from connective.discussions.selectors import page_size
from connective.discussions.services import thread_mark_read
from connective.members.http import user_of, viewer_of
from connective.members.models import MemberProfile
from connective.members.selectors import member_list_for, member_profiles_visible_to
from connective.practices.access import practice_get_for

PICK_LIMIT = 10


def _conversation_url(public_id: uuid.UUID, anchor: str = "") -> str:
    url = reverse("conversations:conversation", kwargs={"public_id": public_id})
    return url + (f"#{anchor}" if anchor else "")


@require_http_methods(["GET", "HEAD"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The viewer's conversations, unread first."""
    viewer = viewer_of(request)
    threads = selectors.conversation_list_for(viewer=viewer)
    page = Paginator(threads, page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "conversations/index.html",
        {"page": page, "can_write": may_send_messages(viewer), "me": viewer.user_id},
    )


def _recipients(request: HttpRequest, slugs: list[str]) -> list[MemberProfile]:
    """The members named by `slugs` whom the viewer may see (others are left out, unnamed)."""
    wanted = []
    for slug in slugs[:PARTICIPANTS_MAX]:
        try:
            wanted.append(uuid.UUID(slug))
        except ValueError:
            continue
    if not wanted:
        return []
    viewer = viewer_of(request)
    return list(
        member_profiles_visible_to(viewer=viewer).filter(slug__in=wanted).exclude(user_id=viewer.user_id or 0)
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("message")
def new(request: HttpRequest) -> HttpResponse:
    """Write to one member or a few (`?to=<member slug>`, repeated); `?q=` finds more to add."""
    viewer = viewer_of(request)
    if not may_send_messages(viewer):
        return render(request, "conversations/not_member.html", status=403)
    source = request.POST if request.method == "POST" else request.GET
    recipients = _recipients(request, source.getlist("to"))
    refused = [profile for profile in recipients if not accepts_message(sender=viewer, recipient=profile)]
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.conversation_start(
                actor=user_of(request),
                recipients=recipients,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except (ValidationError, NotAllowed) as error:
            flash_error(request, error)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(_conversation_url(thread.public_id))
    query = query_text(request.GET.get("q")).strip()[:100]
    chosen = {profile.pk for profile in recipients}
    found = (
        [p for p in member_list_for(viewer=viewer, query=query)[:PICK_LIMIT] if p.pk not in chosen]
        if query
        else []
    )
    return render(
        request,
        "conversations/new.html",
        {
            "form": form,
            "recipients": recipients,
            "refused": refused,
            "query": query,
            "found": [p for p in found if p.user_id != viewer.user_id],
            "room": len(recipients) + 1 < PARTICIPANTS_MAX,
            "max": PARTICIPANTS_MAX,
        },
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def conversation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One conversation, its newest messages first shown (the last page); opening it marks the
    page read."""
    viewer = viewer_of(request)
    found = conversation_get_for(viewer=viewer, public_id=public_id)
    try:
        number = int(request.GET["page"]) if "page" in request.GET else None
    except ValueError:
        number = None
    page = selectors.conversation_page(viewer=viewer, thread=found, page=number)
    user = user_of(request)
    if request.method == "GET" and page.posts:
        thread_mark_read(actor=user, thread=found, number=page.last_number)
    return render(
        request,
        "conversations/conversation.html",
        {
            "thread": found,
            "page": page,
            "people": selectors.conversation_people(thread=found),
            "posts": [
                {
                    "post": post,
                    "text_shown": may_see_post_text(viewer, post),
                    "own": post.author_id == user.pk,
                }
                for post in page.posts
            ],
            "reply_form": ReplyForm(),
        },
    )


@require_POST
@login_required
@rate_limited("message")
def reply(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = conversation_get_for(viewer=viewer_of(request), public_id=public_id)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            post = services.conversation_reply(
                actor=user_of(request),
                thread=found,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except (ValidationError, NotAllowed) as error:
            flash_error(request, error)
        else:
            return redirect(_conversation_url(found.public_id, f"post-{post.public_id}"))
    else:
        flash_form_errors(request, form)
    return redirect(_conversation_url(found.public_id))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def settings(request: HttpRequest) -> HttpResponse:
    """Whom the member accepts new direct messages from."""
    user = user_of(request)
    form = PolicyForm(request.POST or None, initial={"accepts": policy_of(user.pk)})
    if request.method == "POST" and form.is_valid():
        services.message_policy_set(actor=user, accepts=form.cleaned_data["accepts"])
        messages.success(request, _("Your choice is saved."))
        return redirect("conversations:settings")
    return render(request, "conversations/settings.html", {"form": form})


@require_POST
@login_required
@rate_limited("message")
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    """A question (or an answer, by its people) under a published practice."""
    practice = practice_get_for(viewer=viewer_of(request), slug=slug, with_goals=False)
    form = QuestionForm(request.POST)
    target = reverse("practices:detail", kwargs={"slug": practice.slug})
    if not form.is_valid():
        messages.error(request, _("Write your question: the text is empty."))
        return redirect(f"{target}#questions")
    try:
        post = services.practice_question_ask(
            actor=user_of(request), practice=practice, body=form.cleaned_data["body"]
        )
    except (ValidationError, NotAllowed) as error:
        flash_error(request, error)
        return redirect(f"{target}#questions")
    messages.success(request, _("Your question is posted; the people behind this practice are told."))
    return redirect(f"{target}#post-{post.public_id}")
