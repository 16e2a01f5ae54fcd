"""An applicant's email domain, as the coordinators' queue marks it."""

from __future__ import annotations

import pytest

from connective.networks.email_domains import email_domain


@pytest.mark.parametrize(
    ("email", "name", "free"),
    [
        ("youssef@casablanca.ma", "casablanca.ma", False),
        ("Karim@Gmail.COM", "gmail.com", True),
        ("someone@yahoo.fr", "yahoo.fr", True),
        ("a@b@amman.gov.jo", "amman.gov.jo", False),
        ("planner@mail.ru.", "mail.ru", True),
    ],
)
def test_the_domain_is_lower_cased_and_free_mail_providers_are_known(
    email: str, name: str, free: bool
) -> None:
    domain = email_domain(email)
    assert (domain.name, domain.is_free_mail) == (name, free)
