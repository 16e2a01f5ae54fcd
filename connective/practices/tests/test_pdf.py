"""The printable PDF: one page, public content only, Arabic shaped right to left."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.pdf import pdf_context
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def _pages(pdf: bytes) -> int:
    """Page objects (WeasyPrint keeps them in compressed object streams, hence the inflating)."""
    return len(re.findall(rb"/Type\s*/Page\b", _streams_text(pdf)))


def _font_names(pdf: bytes) -> set[str]:
    """Embedded font subsets, without the subset tag and hyphens ("NotoSansArabicBold")."""
    found = re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", _streams_text(pdf))
    return {name.decode().replace("-", "") for name in found}


def _streams_text(pdf: bytes) -> bytes:
    """The file with every stream inflated (object streams hold the page and font objects)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return b"\n".join(out)


def test_a_visitor_downloads_a_one_page_pdf_of_a_published_practice(visitor: Client) -> None:
    practice = PracticeFactory.create(title="Community water kiosks")
    response = visitor.get(reverse("practices:pdf", kwargs={"slug": practice.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert _pages(response.content) == 1
    assert any("NotoSans" in name for name in _font_names(response.content))


def test_a_very_long_practice_is_shortened_onto_one_page(visitor: Client) -> None:
    long_text = " ".join(["The municipality and the residents' committees met every week."] * 120)
    practice = PracticeFactory.create(
        challenge=long_text, approach=long_text, results=long_text, lessons_learned=long_text,
        transfer_conditions=long_text, costs_and_financing=long_text, partners=long_text,
    )  # fmt: skip
    response = visitor.get(reverse("practices:pdf", kwargs={"slug": practice.slug}))
    assert response.status_code == 200
    assert _pages(response.content) == 1


def test_an_arabic_practice_is_set_in_noto_sans_arabic(visitor: Client) -> None:
    practice = PracticeFactory.create(
        language_id="ar",
        title="أكشاك المياه المجتمعية في عمّان",
        summary="أكشاك في الأحياء تبيع المياه النظيفة بسعر عادل حيث لا تصل الأنابيب.",
        challenge="لم تكن الأحياء غير الرسمية موصولة بشبكة المياه.",
        approach="أدارت شركة المياه ولجان السكان الأكشاك معاً.",
    )
    response = visitor.get(reverse("practices:pdf", kwargs={"slug": practice.slug}))
    assert response.status_code == 200
    assert _pages(response.content) == 1
    assert any("NotoSansArabic" in name for name in _font_names(response.content))
    # The Arabic font's ToUnicode map names the letters it drew: kaf, shin, ain (in the title).
    inflated = _streams_text(response.content).upper()
    for letter in (b"0643", b"0634", b"0639"):
        assert b"<" + letter + b">" in inflated


def test_the_pdf_html_is_right_to_left_for_arabic_only() -> None:
    arabic = PracticeFactory.create(language_id="ar", title="مياه")
    english = PracticeFactory.create()
    assert 'dir="rtl"' in render_to_string("practices/pdf.html", pdf_context(arabic, 500))
    assert 'dir="ltr"' in render_to_string("practices/pdf.html", pdf_context(english, 500))


def test_the_pdf_names_no_contact_or_author(visitor: Client, alice: MemberProfile) -> None:
    practice = PracticeFactory.create(contacts=[alice], authors=[alice])
    html = render_to_string("practices/pdf.html", pdf_context(practice, 1400))
    assert "Alice" not in html and "alice@example.org" not in html and "Haddad" not in html
    pdf = visitor.get(reverse("practices:pdf", kwargs={"slug": practice.slug})).content
    assert b"alice@example.org" not in _streams_text(pdf)


@pytest.mark.parametrize(
    "status",
    [
        PracticeStatus.DRAFT,
        PracticeStatus.IN_REVIEW,
        PracticeStatus.DECLINED,
        PracticeStatus.CHANGES_REQUESTED,
    ],
)
def test_an_unpublished_practice_has_no_pdf_for_a_visitor(visitor: Client, status: PracticeStatus) -> None:
    practice = PracticeFactory.create(status=status)
    assert visitor.get(reverse("practices:pdf", kwargs={"slug": practice.slug})).status_code == 404


def test_a_draft_has_no_pdf_for_a_member_either(
    client_for: Callable[..., Client], bob: MemberProfile
) -> None:
    practice = PracticeFactory.create(status=PracticeStatus.DRAFT)
    assert client_for(bob).get(reverse("practices:pdf", kwargs={"slug": practice.slug})).status_code == 404


def test_an_unknown_slug_is_a_404(visitor: Client) -> None:
    assert visitor.get(reverse("practices:pdf", kwargs={"slug": "no-such-practice"})).status_code == 404
