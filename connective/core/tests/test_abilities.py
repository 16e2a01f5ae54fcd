"""A template of a lower app asks another app's rule by name; an unknown name is False."""

from __future__ import annotations

from django.template import Context, Template

from connective.core.abilities import viewer_can
from connective.members.roles import VISITOR, Viewer


def test_each_app_answers_for_its_own_rule_by_name() -> None:
    member = Viewer(user_id=1, is_member=True, region="mena")
    staff = Viewer(user_id=2, is_staff=True)
    assert viewer_can(member, "consultations.request") and viewer_can(member, "practices.write")
    assert not viewer_can(staff, "consultations.request")
    assert viewer_can(staff, "core.manage_themes") and not viewer_can(member, "core.manage_themes")
    assert not viewer_can(VISITOR, "practices.write")


def test_a_name_no_app_registered_is_false_and_never_breaks_the_page() -> None:
    member = Viewer(user_id=1, is_member=True, region="mena")
    assert not viewer_can(member, "events.register")
    template = Template(
        '{% load connective %}{% if viewer|can:"events.register" %}yes{% else %}no{% endif %}'
    )
    assert template.render(Context({"viewer": member})) == "no"
