"""The small world the crash test writes into, made in a process of its own against the crash
test's database (`python -m tests.crash.world`, with DATABASE_URL set): alice, an approved
member of the MENA network with one open consultation request, and dina, the network's
coordinator, who publishes alice's practices. It prints, as JSON, what the test needs: their
session keys (the writes go through the forms; signing in is not what is tested), the
consultation's address, a theme and a language for the practice form.

Fictional people only.
"""

from __future__ import annotations

import json
import os


def seed() -> dict[str, object]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from connective.accounts.models import User
    from connective.accounts.tests.factories import RegionalCoordinatorFactory, UserFactory
    from connective.consultations.tests.factories import ConsultationRequestFactory
    from connective.core.models import Theme
    from connective.members.tests.factories import MemberProfileFactory

    alice = MemberProfileFactory.create(
        user__email="alice@example.org", user__full_name="Alice Haddad", city="Amman", country="JO"
    )
    dina = RegionalCoordinatorFactory.create(
        user=UserFactory.create(email="dina@example.org", full_name="Dina Nasser"), region="mena"
    ).user
    consultation = ConsultationRequestFactory.create(requester=alice)

    def session_for(user: User) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        assert session.session_key is not None
        return session.session_key

    theme = Theme.active().order_by("pk").first()
    assert theme is not None, "no theme: the migrations make them"
    return {
        "alice": session_for(alice.user),
        "dina": session_for(dina),
        "consultation": str(consultation.public_id),
        "consultation_id": consultation.pk,
        "theme": theme.pk,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(seed()))
