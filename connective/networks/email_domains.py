"""An applicant's email domain, as coordinators check it against the declared organisation.

An address at a municipality's or an organisation's own domain supports the declared
affiliation; one at a free-mail provider says nothing about it (it does not disqualify anyone:
many municipal staff in the programme's regions use one). The list names the providers
common in the programme's regions; a domain not on it is treated as an organisation's.
"""

from __future__ import annotations

from dataclasses import dataclass

FREE_MAIL_DOMAINS = frozenset(
    {
        "aol.com", "gmail.com", "googlemail.com", "gmx.com", "gmx.de", "gmx.net", "hotmail.com",
        "hotmail.fr", "hotmail.co.uk", "icloud.com", "live.com", "live.fr", "mail.com", "mail.ru",
        "me.com", "msn.com", "outlook.com", "outlook.fr", "proton.me", "protonmail.com", "t-online.de",
        "web.de", "yahoo.com", "yahoo.fr", "yahoo.co.uk", "yandex.com", "yandex.ru", "ymail.com",
        "zoho.com", "laposte.net", "orange.fr", "free.fr", "menara.ma", "topnet.tn", "wanadoo.fr",
        "abv.bg", "yahoo.de", "163.com", "qq.com", "rediffmail.com",
    }
)  # fmt: skip


@dataclass(frozen=True)
class EmailDomain:
    """The part of an address after the "@", lower-cased, and whether anyone may register there."""

    name: str
    is_free_mail: bool


def email_domain(email: str) -> EmailDomain:
    name = email.rpartition("@")[2].strip().lower().rstrip(".")
    return EmailDomain(name=name, is_free_mail=name in FREE_MAIL_DOMAINS)
