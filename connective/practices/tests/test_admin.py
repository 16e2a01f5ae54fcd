"""The admin changes no practice by itself: it is read-only, and its actions call the services,
which check the actor and write the audit record (defect 8 of issue #10)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from connective.accounts.tests.factories import UserFactory
from connective.core.models import AuditEvent
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, ReviewEvent
from connective.practices.tests.factories import PracticeFactory

ClientFor = Callable[[Any], Client]


def _superuser() -> Any:
    return UserFactory.create(is_staff=True, is_superuser=True)


def test_the_admin_offers_no_form_that_edits_a_practice(client_for: ClientFor) -> None:
    practice = PracticeFactory.create(title="Community water kiosks")
    admin = client_for(_superuser())
    change = reverse("admin:practices_practice_change", args=[practice.pk])
    page = admin.get(change)
    assert page.status_code == 200 and "Community water kiosks" in page.content.decode()
    assert 'name="title"' not in page.content.decode()
    response = admin.post(change, {"title": "Changed behind the workflow's back", "summary": "x"})
    assert response.status_code == 403
    assert Practice.objects.get(pk=practice.pk).title == "Community water kiosks"
    assert (
        admin.post(
            reverse("admin:practices_practice_delete", args=[practice.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Practice.objects.filter(pk=practice.pk).exists()
    assert admin.get(reverse("admin:practices_practice_add")).status_code == 403


def test_featuring_from_the_admin_goes_through_the_service_and_is_audited(client_for: ClientFor) -> None:
    staff = _superuser()
    practice = PracticeFactory.create()
    draft = PracticeFactory.create(status=PracticeStatus.DRAFT, title="A draft")
    response = client_for(staff).post(
        reverse("admin:practices_practice_changelist"),
        {"action": "feature", "_selected_action": [practice.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Practice.objects.get(pk=practice.pk).is_featured
    assert not Practice.objects.get(pk=draft.pk).is_featured
    # The service's refusal is shown, naming the practice.
    assert "A draft: Only a published practice can be featured." in response.content.decode()
    assert AuditEvent.objects.filter(
        action="practice.featured", target_id=str(practice.pk), actor=staff
    ).exists()
    assert ReviewEvent.objects.filter(practice=practice, actor=staff).exists()


def test_the_admin_edits_no_consultation(client_for: ClientFor) -> None:
    from connective.consultations.tests.factories import ConsultationRequestFactory

    request = ConsultationRequestFactory.create(title="Leaks")
    admin = client_for(_superuser())
    change = reverse("admin:consultations_consultationrequest_change", args=[request.pk])
    assert admin.get(change).status_code == 200
    assert admin.post(change, {"title": "Changed"}).status_code == 403
