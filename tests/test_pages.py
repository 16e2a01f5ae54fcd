"""The page shell every person sees: navigation by role, language, time zones, error pages."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from connective.accounts.models import User
from connective.accounts.tests.factories import PASSWORD
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory

ClientFor = Callable[[User | MemberProfile], Client]


def nav_of(html: str) -> str:
    match = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert match, "the page has no primary navigation"
    return match.group(0)


def html_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# -- home page -----------------------------------------------------------------------------


def test_home_page_tells_a_visitor_what_connective_is_and_how_to_join(visitor: Client) -> None:
    html = html_of(visitor, reverse("core:home"))
    assert "free of charge" in html
    for region in ("MENA", "SEE", "SSA", "Asia", "Latin America", "Germany and Europe"):
        assert region in html
    assert f'href="{reverse("account_signup")}"' in html
    assert f'href="{reverse("account_login")}"' in html


def test_home_page_shows_a_visitor_nothing_personal_about_members(
    visitor: Client, alice: MemberProfile, dina: User
) -> None:
    html = html_of(visitor, reverse("core:home"))
    for secret in ("Alice", "Haddad", "alice@example.org", "Greater Amman", "Dina", "dina@example.org"):
        assert secret not in html


def test_home_page_gives_a_member_shortcuts_to_the_directory_and_their_profile(
    alice: MemberProfile, client_for: ClientFor
) -> None:
    html = html_of(client_for(alice), reverse("core:home"))
    main = html.split('<main id="main"', 1)[1]
    assert f'href="{reverse("members:directory")}"' in main
    assert f'href="{reverse("members:me")}"' in main
    assert f'href="{reverse("account_signup")}"' not in html


def test_home_page_tells_a_pending_member_their_declaration_awaits_review(client_for: ClientFor) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)
    html = html_of(client_for(pending), reverse("core:home"))
    assert "coordinators will review it" in html
    assert f'href="{reverse("members:directory")}"' not in html


@pytest.mark.parametrize("rows", [10, 1000])
def test_home_page_costs_a_member_the_same_queries_however_many_members_there_are(
    rows: int, alice: MemberProfile, client_for: ClientFor, django_assert_num_queries: Callable
) -> None:
    MemberProfileFactory.create_batch(10)
    User.objects.bulk_create([User(email=f"bulk{i}@example.org", full_name=f"Bulk {i}") for i in range(rows)])
    client = client_for(alice)
    client.get(reverse("core:home"))  # the first page after signing in also records session state
    # 1 user, 2 her profile and coordinator roles in one query (the Viewer, for the navigation
    # and the shortcuts); the session and the newest legal document versions
    # (RequiredStepsMiddleware; her acceptance is remembered in the session after the first
    # page) come from the cache; what waits for her: 3 invitations to answer, 4 her requests
    # waiting for answers, 5 her practices in review; the practices and networks shown to
    # everyone come from the cache
    with django_assert_num_queries(5):
        client.get(reverse("core:home"))


def test_home_page_costs_a_visitor_no_queries(
    visitor: Client, db: None, django_assert_num_queries: Callable
) -> None:
    MemberProfileFactory.create_batch(3)
    visitor.get(reverse("core:home"))  # the first visitor fills the cache (see test_home.py)
    with django_assert_num_queries(0):
        visitor.get(reverse("core:home"))


# -- navigation by role --------------------------------------------------------------------


def test_visitor_navigation_offers_networks_sign_in_and_join_only(visitor: Client) -> None:
    nav = nav_of(html_of(visitor, reverse("core:home")))
    assert f'href="{reverse("networks:list")}"' in nav
    assert f'href="{reverse("account_login")}"' in nav
    assert f'href="{reverse("account_signup")}"' in nav
    assert f'href="{reverse("members:directory")}"' not in nav
    assert "Sign out" not in nav


def test_member_navigation_offers_directory_networks_profile_and_sign_out(
    alice: MemberProfile, client_for: ClientFor
) -> None:
    nav = nav_of(html_of(client_for(alice), reverse("core:home")))
    assert f'href="{reverse("members:directory")}"' in nav
    assert f'href="{reverse("networks:list")}"' in nav
    assert f'href="{reverse("members:me")}"' in nav
    assert f'action="{reverse("account_logout")}"' in nav
    assert f'href="{reverse("account_signup")}"' not in nav
    assert "Declarations" not in nav
    assert f'href="{reverse("core:themes")}"' not in nav
    assert "/admin/" not in nav


def test_signed_in_person_not_yet_approved_sees_no_directory_link(client_for: ClientFor) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)
    nav = nav_of(html_of(client_for(pending), reverse("core:home")))
    assert f'href="{reverse("members:directory")}"' not in nav
    assert f'href="{reverse("members:me")}"' in nav


def test_coordinator_navigation_links_the_declarations_of_their_own_network_only(
    dina: User, client_for: ClientFor
) -> None:
    nav = nav_of(html_of(client_for(dina), reverse("core:home")))
    assert "Declarations" in nav
    assert f'href="{reverse("networks:declarations", args=["mena"])}"' in nav
    assert f'href="{reverse("networks:declarations", args=["see"])}"' not in nav
    assert f'href="{reverse("core:themes")}"' not in nav


def test_every_network_uses_its_region_code_as_slug(db: None) -> None:
    # The navigation links a coordinator's declarations by region code (no query per page).
    from connective.networks.models import Network

    assert sorted(Network.objects.values_list("slug", flat=True)) == sorted(
        Network.objects.values_list("region", flat=True)
    )


def test_members_reach_their_practices_and_coordinators_the_reviews(
    alice: MemberProfile, dina: User, sam: User, visitor: Client, client_for: ClientFor
) -> None:
    mine, reviews = f'href="{reverse("practices:mine")}"', f'href="{reverse("practices:review_queue")}"'
    alice_nav = nav_of(html_of(client_for(alice), reverse("core:home")))
    assert mine in alice_nav and reviews not in alice_nav
    assert reviews in nav_of(html_of(client_for(dina), reverse("core:home")))
    assert reviews in nav_of(html_of(client_for(sam), reverse("core:home")))
    visitor_nav = nav_of(html_of(visitor, reverse("core:home")))
    assert mine not in visitor_nav and reviews not in visitor_nav


def test_a_coordinator_of_two_networks_sees_both_declarations_named(
    dina: User, client_for: ClientFor
) -> None:
    from connective.accounts.tests.factories import RegionalCoordinatorFactory

    RegionalCoordinatorFactory.create(user=dina, region="ssa")
    nav = nav_of(html_of(client_for(dina), reverse("core:home")))
    assert "Declarations (MENA)" in nav and "Declarations (SSA)" in nav
    assert f'href="{reverse("networks:declarations", args=["ssa"])}"' in nav


def test_staff_navigation_links_themes_and_the_admin_only_when_it_has_something_for_them(
    sam: User, client_for: ClientFor
) -> None:
    from django.contrib.auth.models import Permission

    nav = nav_of(html_of(client_for(sam), reverse("core:home")))
    assert f'href="{reverse("core:themes")}"' in nav
    # Staff without any admin permission would find "You don't have permission to view or
    # edit anything" there.
    assert f'href="{reverse("admin:index")}"' not in nav
    sam.user_permissions.add(Permission.objects.get(codename="view_practice"))
    nav = nav_of(html_of(client_for(User.objects.get(pk=sam.pk)), reverse("core:home")))
    assert f'href="{reverse("admin:index")}"' in nav


def test_the_current_page_is_marked_in_the_navigation(visitor: Client, db: None) -> None:
    nav = nav_of(html_of(visitor, reverse("networks:list")))
    assert f'href="{reverse("networks:list")}" aria-current="page"' in nav


def test_footer_links_the_guidelines_and_the_privacy_notice(visitor: Client) -> None:
    html = html_of(visitor, reverse("core:home"))
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert reverse("accounts:legal_document", kwargs={"kind": "guidelines"}) in footer
    assert reverse("accounts:legal_document", kwargs={"kind": "privacy"}) in footer


def test_every_page_loads_htmx_deferred_from_our_own_server(visitor: Client) -> None:
    html = html_of(visitor, reverse("core:home"))
    # With this response's Content-Security-Policy nonce (connective/core/security.py).
    assert re.search(r'<script src="/static/vendor/htmx/htmx\.min\.js" nonce="[^"]+" defer></script>', html)
    assert "https://" not in "".join(re.findall(r"<(?:script|link)[^>]*>", html))


def test_messages_are_shown_and_errors_announced(alice: MemberProfile, client_for: ClientFor) -> None:
    client = client_for(alice)
    response = client.post(reverse("core:set_language"), {"language": "xx"}, follow=True)
    assert re.search(r'<li class="message message-error" role="alert">[^<]*xx', response.content.decode())


# -- language ------------------------------------------------------------------------------


def test_pages_are_in_english_left_to_right_by_default(visitor: Client) -> None:
    html = html_of(visitor, reverse("core:home"))
    assert '<html lang="en" dir="ltr">' in html


def test_switching_to_arabic_renders_pages_right_to_left(visitor: Client) -> None:
    response = visitor.post(reverse("core:set_language"), {"language": "ar", "next": reverse("core:home")})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    html = html_of(visitor, reverse("core:home"))
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'<button[^>]*value="ar"[^>]*aria-current="true"', html)


def test_the_page_shell_is_translated_into_arabic_and_french(visitor: Client, db: None) -> None:
    visitor.post(reverse("core:set_language"), {"language": "ar"})
    html = html_of(visitor, reverse("core:home"))
    assert "الانتقال إلى المحتوى" in html  # the skip link
    assert "تسجيل الدخول" in html  # sign in
    visitor.post(reverse("core:set_language"), {"language": "fr"})
    html = html_of(visitor, reverse("core:home"))
    assert "Aller au contenu" in html and "Réseaux" in html


def test_switching_to_french_keeps_left_to_right(visitor: Client) -> None:
    visitor.post(reverse("core:set_language"), {"language": "fr"})
    assert '<html lang="fr" dir="ltr">' in html_of(visitor, reverse("core:home"))


def test_language_switcher_works_without_javascript(visitor: Client) -> None:
    html = html_of(visitor, reverse("core:home"))
    form = re.search(r'<form class="language-switcher".*?</form>', html, re.S)
    assert form
    assert f'method="post" action="{reverse("core:set_language")}"' in form.group(0)
    assert 'name="csrfmiddlewaretoken"' in form.group(0)
    assert len(re.findall(r'<button type="submit" name="language"', form.group(0))) == len(settings.LANGUAGES)
    assert "العربية" in form.group(0)
    assert "Français" in form.group(0)
    assert "Português" in form.group(0)


def test_a_signed_in_members_language_choice_is_remembered_across_sessions(
    alice: MemberProfile, client_for: ClientFor
) -> None:
    client_for(alice).post(reverse("core:set_language"), {"language": "ar"})
    alice.user.refresh_from_db()
    assert alice.user.preferred_language == "ar"

    other_device = Client()  # no language cookie
    assert other_device.login(email=alice.user.email, password=PASSWORD)
    assert '<html lang="ar" dir="rtl">' in html_of(other_device, reverse("core:home"))


def test_a_visitors_language_choice_is_not_stored_on_any_account(
    visitor: Client, alice: MemberProfile
) -> None:
    visitor.post(reverse("core:set_language"), {"language": "fr"})
    alice.user.refresh_from_db()
    assert alice.user.preferred_language == ""


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)", "https:///evil.example"],
)
def test_an_unsafe_next_address_is_ignored(visitor: Client, unsafe: str) -> None:
    response = visitor.post(reverse("core:set_language"), {"language": "fr", "next": unsafe})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_a_next_address_on_this_site_is_followed(visitor: Client) -> None:
    response = visitor.post(reverse("core:set_language"), {"language": "fr", "next": "/networks/?page=2"})
    assert response["Location"] == "/networks/?page=2"


def test_an_unknown_language_is_refused_with_a_message_and_changes_nothing(
    alice: MemberProfile, client_for: ClientFor
) -> None:
    client = client_for(alice)
    response = client.post(reverse("core:set_language"), {"language": "xx"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    alice.user.refresh_from_db()
    assert alice.user.preferred_language == ""
    html = html_of(client, reverse("core:home"))
    assert "“xx” is not a language Connective is offered in." in html


def test_the_language_view_refuses_get(visitor: Client) -> None:
    assert visitor.get(reverse("core:set_language") + "?language=ar").status_code == 405


def test_the_language_view_requires_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("core:set_language"), {"language": "ar"}).status_code == 403


# -- times in the viewer's zone ------------------------------------------------------------


def test_times_show_in_the_viewers_time_zone_with_its_abbreviation() -> None:
    instant = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    template = Template("{% load connective %}{{ at|when }}")
    with translation.override("en"), timezone.override("Europe/Berlin"):
        html = template.render(Context({"at": instant}))
    assert '<time datetime="2026-03-02T09:30Z">' in html
    assert "10:30" in html and "<abbr>CET</abbr>" in html
    with translation.override("en"), timezone.override("Africa/Nairobi"):
        html = template.render(Context({"at": instant}))
    assert "12:30" in html and "<abbr>EAT</abbr>" in html


def test_a_members_own_time_zone_is_active_on_their_pages(client_for: ClientFor) -> None:
    member = MemberProfileFactory.create(user__time_zone="Africa/Lagos")
    request_zone: list[str] = []
    from django.test.signals import template_rendered

    def remember(sender: object, template: object, context: Context, **kwargs: object) -> None:
        request_zone.append(str(context.get("TIME_ZONE")))

    template_rendered.connect(remember)
    try:
        client_for(member).get(reverse("core:home"))
    finally:
        template_rendered.disconnect(remember)
    assert "Africa/Lagos" in request_zone


def test_times_for_a_visitor_are_in_utc() -> None:
    instant = datetime.datetime(2026, 7, 1, 23, 5, tzinfo=datetime.UTC)
    html = Template("{% load connective %}{{ at|when:'H:i' }}").render(Context({"at": instant}))
    assert html == '<time datetime="2026-07-01T23:05Z">23:05 <abbr>UTC</abbr></time>'


def test_an_empty_time_renders_nothing() -> None:
    assert Template("{% load connective %}{{ at|when }}").render(Context({"at": None})) == ""


# -- the shared form renderer --------------------------------------------------------------


class SampleForm(forms.Form):
    city = forms.CharField(label="City", help_text="Where you work")
    position = forms.CharField(label="Position", required=False)
    agree = forms.BooleanField(label="I agree")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_the_form_renderer_ties_labels_help_and_errors_to_each_field() -> None:
    form = SampleForm(data={"position": "x"})
    html = render_to_string("includes/form.html", {"form": form})
    assert '<label for="id_city">City</label>' in html
    assert '<span class="help" id="id_city_helptext">Where you work</span>' in html
    assert re.search(r'<input[^>]*id="id_city"[^>]*>', html)
    city_input = re.search(r'<input[^>]*id="id_city"[^>]*>', html).group(0)  # type: ignore[union-attr]
    assert 'aria-invalid="true"' in city_input
    assert 'aria-describedby="id_city_helptext id_city_error"' in city_input
    assert 'id="id_city_error"' in html
    assert "(optional)" in html.split('for="id_position"')[1].split("</label>")[0]
    assert '<label for="id_agree"><input type="checkbox"' in html
    assert "<legend>Kind</legend>" in html
    assert 'role="alert"' in html


def test_the_form_renderer_marks_nothing_invalid_on_a_fresh_form() -> None:
    html = render_to_string("includes/form.html", {"form": SampleForm()})
    assert "aria-invalid" not in html
    assert 'role="alert"' not in html


# -- error pages ---------------------------------------------------------------------------


def test_not_found_page_keeps_the_site_shell_and_says_what_happened(visitor: Client) -> None:
    response = visitor.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'class="skip-link"' in html and '<nav class="site-nav"' in html


def test_forbidden_page_keeps_the_site_shell_and_offers_sign_in(rf: RequestFactory) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    from connective.members.roles import VISITOR

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    request.viewer = VISITOR  # type: ignore[attr-defined]
    response = permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert "You cannot open this page" in html
    assert f'href="{reverse("account_login")}?next=/somewhere/"' in html


def test_server_error_page_renders_without_database_or_request(rf: RequestFactory) -> None:
    # No `db` fixture: any database query here would fail the test.
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert '<html lang="en" dir="ltr">' in html
    assert "/static/css/connective.css" in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_pages_are_sent_compressed_to_browsers_that_accept_it(visitor: Client) -> None:
    import gzip

    plain = visitor.get(reverse("practices:list"))
    response = visitor.get(reverse("practices:list"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = gzip.decompress(response.content)
    assert body.decode().startswith("<!doctype html>")
    assert len(response.content) < len(plain.content) / 2
