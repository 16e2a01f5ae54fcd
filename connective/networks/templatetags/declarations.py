"""`{% applicant_email profile.user.email %}`: the address and its domain, as the coordinators'
queue shows them (the domain marked as a free-mail provider's or an organisation's)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from connective.networks.email_domains import email_domain

register = template.Library()


@register.simple_tag
def applicant_email(email: str) -> SafeString:
    domain = email_domain(email)
    if domain.is_free_mail:
        kind, note = "free-mail", gettext("free-mail provider: says nothing of the organisation")
    else:
        kind, note = "organisation", gettext("an organisation's own domain")
    return format_html(
        '<a href="mailto:{email}" dir="ltr">{email}</a> '
        '<span class="email-domain email-domain-{kind}"><span dir="ltr">{domain}</span> · {note}</span>',
        email=email,
        kind=kind,
        domain=domain.name,
        note=note,
    )
