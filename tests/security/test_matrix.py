"""The authorization matrix: every route of the platform, collected from the URL configuration,
by ten personas (tests/security/world.py), by GET and POST, each with its expected answer written
down here, and the sentinel tokens planted in confidential records read in every answer.

An answer is "200", "L" (sent to sign in), "R" (another redirect: done, or sent back with a
message), "403", "404" or "405". One token stands for all ten personas; otherwise there is one per
persona, in the order of `PERSONAS`:

    visitor alice bob charlie advisor dina emil sam pending deactivated

A POST is sent empty (a form's fields missing). "*" marks the persona whose POST may change
something (their own pack, the request they withdraw, the declaration a coordinator approves);
every other POST must change nothing, whatever it answers: the database is compared, table by
table, before and after (each POST runs in a savepoint rolled back afterwards, so the next case
starts from the same world).

A new route without a line here fails `test_every_route_has_its_answers_written_down`: each feature
states who may use it.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.routes import route_names, route_path
from tests.security.calls import call, changed_tables, database_snapshot
from tests.security.world import PERSONAS, SENTINELS, SecurityWorld

pytestmark = pytest.mark.django_db

M = "L 200 200 200 200 200 200 200 200 L"  # any signed-in person
# Route name -> (answers to GET, answers to POST).
EXPECTED: dict[str, tuple[str, str]] = {
    "account_change_password": ("L 200 200 200 200 200 200 200 200 L", "L 200 200 200 200 200 200 200 200 L"),
    "account_confirm_email": ("200", "404"),
    "account_confirm_login_code": ("L R R R R R R R R L", "L R R R R R R R R L"),
    "account_confirm_reauthentication_code": ("L R R R R R R R R L", "L R R R R R R R R L"),
    "account_email": ("L 200 200 200 200 200 200 200 200 L", "L R R R R R R R R L"),
    "account_email_verification_sent": ("200", "405"),
    "account_inactive": ("200", "405"),
    "account_login": ("200 R R R R R R R R 200", "200 R R R R R R R R 200"),
    "account_logout": ("R 200 200 200 200 200 200 200 200 R", "R"),
    "account_reauthenticate": ("L 200 200 200 200 200 200 200 200 L", "L 200 200 200 200 200 200 200 200 L"),
    "account_request_reauthentication_code": (
        "L 200 200 200 200 200 200 200 200 L",
        "L 200 200 200 200 200 200 200 200 L",
    ),
    "account_reset_password": ("200", "200"),
    "account_reset_password_done": ("200", "405"),
    "account_reset_password_from_key": ("200", "200"),
    "account_reset_password_from_key_done": ("200", "405"),
    "account_set_password": ("L R R R R R R R R L", "L R R R R R R R R L"),
    "account_signup": ("200 R R R R R R R R 200", "200 R R R R R R R R 200"),
    "accounts:accept_documents": ("L R R R R R R R R L", "L R R R R R R R R L"),
    "accounts:consents": ("L 200 200 200 200 200 200 200 200 L", "L 200 200 200 200 200 200 200 200 L"),
    "accounts:delete": ("L 200 200 200 200 200 200 200 200 L", "L 200 200 200 200 200 200 200 200 L"),
    "accounts:legal_document": ("200", "200"),
    "accounts:my_data": ("L 200 200 200 200 200 200 200 200 L", "405"),
    "accounts:my_data_download": (
        "L 200 200 200 200 200 200 200 200 L",
        "L 405 405 405 405 405 405 405 405 L",
    ),
    "accounts:publish_document": (
        "L 403 403 403 403 403 403 200 403 L",
        "L 403 403 403 403 403 403 200 403 L",
    ),
    "consultations:close": ("L 200 404 404 404 404 404 404 404 L", "L 200 404 404 404 404 404 404 404 L"),
    "consultations:create": ("L 200 200 200 200 403 403 403 403 L", "L 200 200 200 200 403 403 403 403 L"),
    "consultations:detail": ("L 200 404 404 200 200 404 200 404 L", "405"),
    "consultations:download": ("L 200 404 404 200 200 404 200 404 L", "405"),
    "consultations:feedback": ("L 404 404 404 404 404 404 404 404 L", "L 404 404 404 404 404 404 404 404 L"),
    "consultations:invitation": (
        "L 404 404 404 200 404 404 404 404 L",
        "L 404 404 404 200 404 404 404 404 L",
    ),
    "consultations:invite": ("405", "L R 404 404 R R 404 R 404 L"),
    "consultations:meeting": ("405", "L R 404 404 R R 404 R 404 L"),
    "consultations:message": ("405", "L R 404 404 R R 404 R 404 L"),
    "consultations:mine": ("L 200 200 200 200 200 200 200 200 L", "405"),
    "consultations:practice_draft": ("405", "L R 404 404 R R 404 R 404 L"),
    "consultations:queue": ("L 404 404 404 404 200 200 200 404 L", "405"),
    "consultations:service_status": ("405", "L R 404 404 R R 404 R 404 L"),
    "consultations:suggest": (
        "404 200 200 200 200 404 404 404 404 404",
        "404 200 200 200 200 404 404 404 404 404",
    ),
    "consultations:upload": ("405", "L R 404 404 R R 404 R 404 L"),
    "consultations:visibility": ("405", "L R 404 404 R R 404 R 404 L"),
    "consultations:withdraw": ("405", "L R* 404 404 R R 404 R 404 L"),
    "consultations:withdraw_invitation": ("405", "L R 404 404 R R 404 R 404 L"),
    "core:home": ("200", "200"),
    "core:privacy": ("200", "405"),
    "core:set_language": ("405", "R"),
    "core:theme_add": ("L 403 403 403 403 403 403 200 403 L", "L 403 403 403 403 403 403 200 403 L"),
    "core:theme_merge": ("L 403 403 403 403 403 403 200 403 L", "L 403 403 403 403 403 403 200 403 L"),
    "core:themes": ("L 403 403 403 403 403 403 200 403 L", "L 403 403 403 403 403 403 200 403 L"),
    "discussions:attachment": ("L 200 404 404 404 200 404 200 404 L", "405"),
    "discussions:edit": ("L 200 404 404 404 404 404 404 404 L", "L 200 404 404 404 404 404 404 404 L"),
    "discussions:follow": ("405", "L R 404 404 404 R 404 R 404 L"),
    "discussions:history": ("L 200 404 404 404 200 404 200 404 L", "405"),
    "discussions:index": ("L 200 200 200 200 200 200 200 200 L", "405"),
    "discussions:moderate": ("405", "L 404 404 404 404 R 404 R 404 L"),
    "discussions:post_moderate": ("405", "L 404 404 404 404 R 404 R 404 L"),
    "discussions:reply": ("405", "L R 404 404 404 R 404 R 404 L"),
    "discussions:report": ("L 200 404 404 404 200 404 200 404 L", "L 200 404 404 404 200 404 200 404 L"),
    "discussions:reports": ("L 404 404 404 404 200 200 200 404 L", "405"),
    "discussions:resolve": ("405", "L 404 404 404 404 R 404 R 404 L"),
    "discussions:space": ("L 200 404 404 404 200 404 200 404 L", "405"),
    "discussions:start": ("L 200 404 404 404 200 404 200 404 L", "L 200 404 404 404 200 404 200 404 L"),
    "discussions:thread": ("L 200 404 404 404 200 404 200 404 L", "405"),
    "conversations:index": (M, "405"),
    "conversations:new": ("L 200 200 200 200 200 200 200 403 L", "L 200 200 200 200 200 200 200 403 L"),
    "conversations:settings": (M, M),
    "conversations:conversation": ("L 200 404 404 200 404 404 404 404 L", "405"),
    "conversations:reply": ("405", "L R 404 404 R 404 404 404 404 L"),
    "conversations:ask": ("405", "L R R R R R R R R L"),
    "follows:index": (M, "405"),
    "follows:follow": ("405", "L R R R R R R R 404 L"),
    "follows:save": ("405", "L R R R R R R R 404 L"),
    "search:index": ("200", "405"),
    "django.contrib.sitemaps.views.sitemap": ("200", "200"),
    "members:advising": ("405", "L R R R R 404 404 404 R L"),
    "members:detail": ("L 200 200 200 200 200 200 200 403 L", "405"),
    "members:directory": ("L 200 200 200 200 200 200 200 403 L", "405"),
    "members:me": ("L 200 200 200 200 404 404 404 200 L", "405"),
    "members:profile_edit": ("L 200 200 200 200 404 404 404 200 L", "L 200 200 200 200 404 404 404 200 L"),
    "mfa_activate_totp": ("L R R R R R R R R L", "L R R R R R R R R L"),
    "mfa_authenticate": ("L R R R R R R R R L", "L R R R R R R R R L"),
    "mfa_deactivate_totp": ("L 404 404 404 404 R R R 404 L", "L 404 404 404 404 R R R 404 L"),
    "mfa_download_recovery_codes": (
        "L 404 404 404 404 404 404 404 404 L",
        "L 404 404 404 404 404 404 404 404 L",
    ),
    "mfa_generate_recovery_codes": ("L R R R R R R R R L", "L R R R R R R R R L"),
    "mfa_index": ("L 200 200 200 200 200 200 200 200 L", "L 405 405 405 405 405 405 405 405 L"),
    "mfa_reauthenticate": ("L R R R R 200 200 200 R L", "L R R R R 200 200 200 R L"),
    "mfa_view_recovery_codes": ("L 404 404 404 404 404 404 404 404 L", "L 405 405 405 405 405 405 405 405 L"),
    "networks:declaration_approve": ("405", "L 404 404 404 404 R* 404 R* 404 L"),
    "networks:declaration_decline": (
        "L 404 404 404 404 200 404 200 404 L",
        "L 404 404 404 404 200 404 200 404 L",
    ),
    "networks:declarations": ("L 404 404 404 404 200 404 200 404 L", "405"),
    "networks:detail": ("200", "405"),
    "networks:edit": ("L 404 404 404 404 200 404 200 404 L", "L 404 404 404 404 200 404 200 404 L"),
    "networks:list": ("200", "405"),
    "newsletters:archive": ("200", "405"),
    "newsletters:archive_detail": ("200", "405"),
    "newsletters:create": ("L 404 404 404 404 200 200 200 404 L", "L 404 404 404 404 200 200 200 404 L"),
    "newsletters:edit": ("L 404 404 404 404 200 404 200 404 L", "L 404 404 404 404 200 404 200 404 L"),
    "newsletters:list": ("L 404 404 404 404 200 200 200 404 L", "405"),
    "newsletters:preview": ("L 404 404 404 404 200 404 200 404 L", "405"),
    "newsletters:send": ("L 404 404 404 404 200 404 200 404 L", "L 404 404 404 404 200 404 200 404 L"),
    "newsletters:test": ("405", "L 404 404 404 404 R* 404 R* 404 L"),
    "networks:members": ("L 200 200 200 200 200 200 200 403 L", "405"),
    "notifications:list": ("L 200 200 200 200 200 200 200 200 L", "405"),
    # Only its recipient (alice) opens her notification; to anyone else it does not exist.
    "notifications:open": ("L R 404 404 404 404 404 404 404 L", "405"),
    "notifications:read_all": ("405", "L R* R* R* R* R* R* R* R* L"),
    "notifications:settings": ("L 200 200 200 200 200 200 200 200 L", "L 200 200 200 200 200 200 200 200 L"),
    # The link of a mail works without a login, for whoever holds it (the advisor's token, here).
    "notifications:unsubscribe": ("200", "200*"),
    "networks:programme": ("200", "405"),
    "networks:proposal": ("404 200 200 200 200 200 200 200 404 404", "405"),
    "networks:proposal_accept": ("405", "L 404 404 404 404 R* 404 R* 404 L"),
    "networks:proposal_comment": ("405", "L 400 400 403 400 400 403 400 404 L"),
    "networks:proposal_comment_hide": ("405", "L 404 404 404 404 R 404 R 404 L"),
    "networks:proposal_create": (
        "L 200 200 403 200 403 403 403 403 L",
        "L 400 400 403 400 403 403 403 403 L",
    ),
    "networks:proposal_decline": ("405", "L 404 404 404 404 400 404 400 404 L"),
    "networks:proposal_merge": ("405", "L 404 404 404 404 400 404 400 404 L"),
    "networks:proposal_outcome": ("405", "L 404 404 404 404 R 404 R 404 L"),
    "networks:proposal_support": ("405", "L 403 R* 403 R* 403 403 403 404 L"),
    "networks:proposal_unsupport": ("405", "L R R R R R R R 404 L"),
    "networks:proposal_withdraw": ("405", "L R* 403 403 403 403 403 403 404 L"),
    "practices:attachment": ("404 200 404 404 404 200 404 200 404 404", "405"),
    "practices:attachment_remove": ("405", "L R* 404 404 404 R* 404 R* 404 L"),
    "practices:attachments": ("L 200 404 404 404 404 404 404 404 L", "L 400 404 404 404 404 404 404 404 L"),
    "practices:create": ("L 200 200 200 200 403 403 403 403 L", "L 200 200 200 200 403 403 403 403 L"),
    "practices:decline": ("405", "L 404 404 404 404 R 404 R 404 L"),
    "practices:detail": ("200", "405"),
    "practices:edit": ("L 200 404 404 404 404 404 404 404 L", "L 200 404 404 404 404 404 404 404 L"),
    "practices:export": ("200", "405"),
    "practices:feature": ("405", "L 404 404 404 404 R 404 R 404 L"),
    "practices:feed": ("200", "200"),
    "practices:feed_network": ("200", "200"),
    "practices:feed_theme": ("200", "200"),
    "practices:history": ("200", "405"),
    "practices:list": ("200", "405"),
    "practices:map": ("200", "405"),
    "practices:map_data": ("200", "405"),
    "practices:mine": ("L 200 200 200 200 200 200 200 200 L", "405"),
    "practices:pack": ("200", "405"),
    "practices:pack_add": ("405", "R"),
    "practices:pack_from_search": ("405", "R R* R* R* R* R* R* R* R* R"),
    "practices:pack_make_current": ("405", "404 R* 404 404 404 404 404 404 404 404"),
    "practices:pack_move": ("405", "R"),
    "practices:pack_pdf": ("R 200 200 R R R R R R R", "405"),
    "practices:pack_remove": ("405", "R"),
    "practices:pack_rename": ("405", "R"),
    "practices:pack_rotate_link": ("405", "R R* R* R R R R R R R"),
    "practices:pack_shared": ("200", "405"),
    "practices:pack_shared_pdf": ("200", "405"),
    "practices:pdf": ("200", "405"),
    "practices:publish": ("405", "L 404 404 404 404 R* 404 R* 404 L"),
    "practices:request_changes": ("405", "L 404 404 404 404 R 404 R 404 L"),
    "practices:review": ("L 200 404 404 404 200 404 200 404 L", "405"),
    "practices:review_queue": ("L 404 404 404 404 200 200 200 404 L", "405"),
    "practices:submit": ("405", "L R 404 404 404 404 404 404 404 L"),
    "set_language": ("R", "R"),
    "sitemap_index": ("200", "200"),
    "spaces:create": ("L 403 403 403 403 200 200 200 403 L", "L 403 403 403 403 200 200 200 403 L"),
    "spaces:detail": ("200", "405"),
    "spaces:join": ("405", "L R R* R* R 403 403 403 403 L"),
    "spaces:leave": ("405", "L R* R R R* R R R R L"),
    "spaces:list": ("L 200 200 200 200 200 200 200 200 L", "405"),
    "spaces:roles": ("L 404 404 404 404 200 404 200 404 L", "L 404 404 404 404 400 404 400 404 L"),
    "spaces:request_approve": ("405", "L 404 404 404 404 R* 404 R* 404 L"),
    "spaces:request_decline": ("405", "L 404 404 404 404 R* 404 R* 404 L"),
}


def other_reads(sworld: SecurityWorld) -> list[str]:
    """Pages of the other objects that hold a sentinel, and every sitemap section and feed: read by
    every persona for the sentinels only (their answers are in the table above, for one object)."""
    from django.urls import reverse

    from connective.practices.sitemaps import SITEMAPS

    profiles = [sworld.profiles["bob"], sworld.profiles["charlie"], sworld.world.declaration]
    return [
        *(reverse("members:detail", kwargs={"slug": profile.slug}) for profile in profiles),
        *(
            reverse("django.contrib.sitemaps.views.sitemap", kwargs={"section": section})
            for section in SITEMAPS
        ),
        reverse("practices:feed_network", kwargs={"slug": "see"}),
        reverse("networks:members", kwargs={"slug": "see"}),
        reverse("networks:declarations", kwargs={"slug": "see"}),
        reverse("practices:detail", kwargs={"slug": sworld.world.in_review.slug}),
        reverse("practices:pdf", kwargs={"slug": sworld.world.in_review.slug}),
        reverse("practices:history", kwargs={"slug": sworld.world.in_review.slug}),
    ]


def expand(spec: str) -> list[str]:
    tokens = spec.split()
    assert len(tokens) in (1, len(PERSONAS)), spec
    return tokens * len(PERSONAS) if len(tokens) == 1 else tokens


def test_every_route_has_its_answers_written_down() -> None:
    routes = route_names()
    assert not routes - EXPECTED.keys(), (
        f"routes without expected answers: {sorted(routes - EXPECTED.keys())}"
    )
    assert not EXPECTED.keys() - routes, (
        f"answers for routes that are gone: {sorted(EXPECTED.keys() - routes)}"
    )


def test_every_route_answers_every_persona_as_written_and_no_token_reaches_the_wrong_one(
    sworld: SecurityWorld,
) -> None:
    world = sworld.world
    wrong: list[str] = []
    seen: dict[str, dict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )  # persona -> token -> routes
    cases = 0
    clients = {persona: sworld.client(persona) for persona in PERSONAS}
    for persona in PERSONAS:
        sworld.login(clients[persona], persona)
    for name in sorted(EXPECTED):
        path = route_path(name, world)
        for method, spec in zip(("GET", "POST"), EXPECTED[name], strict=True):
            for persona, expected in zip(PERSONAS, expand(spec), strict=True):
                may_change = expected.endswith("*")
                expected = expected.rstrip("*")
                client = clients[persona]
                before = database_snapshot() if method == "POST" else {}
                with transaction.atomic():
                    answer = call(client, method, path)
                    changed = changed_tables(before, database_snapshot()) if method == "POST" else []
                    transaction.set_rollback(True)
                cases += 1
                if answer.code != expected:
                    wrong.append(f"{method} {name} as {persona}: {answer.code}, expected {expected}")
                if changed and not may_change:
                    wrong.append(f"{method} {name} as {persona} ({answer.code}) changed {changed}")
                for token in SENTINELS:
                    if token in answer.text:
                        seen[persona][token].append(f"{method} {name}")
                if method == "POST":
                    cache.clear()  # what a rolled-back POST stored in the cache goes with it
                    sworld.login(client, persona)  # a POST may have signed the persona out
    for path in other_reads(sworld):
        for persona in PERSONAS:
            answer = call(clients[persona], "GET", path)
            cases += 1
            if answer.status >= 500:
                wrong.append(f"GET {path} as {persona}: {answer.status}")
            for token in SENTINELS:
                if token in answer.text:
                    seen[persona][token].append(f"GET {path}")
    for token, (where, entitled) in SENTINELS.items():
        for persona in PERSONAS:
            routes = seen[persona].get(token, [])
            if persona in entitled and not routes:
                wrong.append(f"{token} ({where}) never shown to {persona}, who may read it")
            if persona not in entitled and routes:
                wrong.append(f"{token} ({where}) shown to {persona} by {routes}")
    print(f"authorization matrix: {cases} cases, {len(SENTINELS)} sentinels")
    assert cases == (len(EXPECTED) * 2 + len(other_reads(sworld))) * len(PERSONAS)
    assert not wrong, "\n".join(wrong)
