"""What conversations add to other apps' pages (core.panels): a "Send a message" button on a
member's profile, when the member accepts messages from the viewer, and the questions under a
published practice with the form to ask one (members only; visitors are invited to sign in)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from connective.conversations.access import accepts_message
from connective.conversations.forms import QuestionForm
from connective.conversations.selectors import practice_thread_for
from connective.core.panels import register_panel
from connective.discussions.access import may_see_post_text
from connective.discussions.selectors import page_count, thread_posts_page
from connective.members.http import viewer_of


def message_button(request: HttpRequest, profile: Any) -> SafeString | str:
    viewer = viewer_of(request)
    if viewer.user_id is None or not accepts_message(sender=viewer, recipient=profile):
        return ""
    return render_to_string("conversations/_message_button.html", {"profile": profile}, request=request)


def practice_questions(request: HttpRequest, practice: Any) -> SafeString | str:
    if not practice.is_published:
        return ""
    viewer = viewer_of(request)
    context: dict[str, Any] = {"practice": practice, "signed_in": viewer.user_id is not None}
    if viewer.can_see_members:
        thread = practice_thread_for(viewer=viewer, practice=practice)
        if thread is not None:
            page = thread_posts_page(viewer=viewer, thread=thread, page=page_count(thread))
            context["thread"] = thread
            context["page"] = page
            context["posts"] = [
                {"post": post, "text_shown": may_see_post_text(viewer, post)} for post in page.posts
            ]
        context["form"] = QuestionForm()
        context["member"] = True
    return render_to_string("conversations/_practice_questions.html", context, request=request)


def register_panels() -> None:
    register_panel("members.detail", name="message", order=10, render=message_button)
    register_panel("practices.detail", name="questions", order=10, render=practice_questions)
