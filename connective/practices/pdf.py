"""A printable one-page PDF of a published practice, for handing round at a meeting.

Public content only: no authors, no contacts, no attachments. The page names where to read
the whole practice online. Long practices are shortened section by section until the page
holds them: the PDF is rendered with generous limits first, then tighter ones.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator

from connective.core.links import absolute_url, site_url
from connective.core.markdown import render_markdown
from connective.core.text import direction, excerpt
from connective.practices.models import Practice

# Characters kept per section, tried in turn until everything fits on one page.
_LIMITS = (1400, 900, 600, 350, 180)
_SECTIONS = (
    "challenge", "approach", "results", "lessons_learned", "transfer_conditions",
    "costs_and_financing", "partners",
)  # fmt: skip


def pdf_context(practice: Practice, limit: int) -> dict[str, object]:
    """What `practices/pdf.html` shows, each section cut to `limit` characters."""
    fields = {field.name: field for field in Practice._meta.get_fields() if hasattr(field, "verbose_name")}
    sections = []
    for name in _SECTIONS:
        text = str(getattr(practice, name) or "").strip()
        if text:
            shortened = Truncator(text).chars(limit)
            sections.append(
                {
                    "title": getattr(fields[name], "verbose_name", name),
                    "html": render_markdown(shortened),
                    "shortened": shortened != text,
                }
            )
    url = absolute_url("practices:detail", slug=practice.slug)
    return {
        "practice": practice,
        "summary": excerpt(practice.summary, max(limit, 300)),
        "sections": sections,
        "themes": [theme.label for theme in practice.themes.all()],
        "sdgs": [goal.number for goal in practice.sdgs.all()],
        "url": url,
        "printed": timezone.now(),
        "rtl": direction(practice.language_id) == "rtl",
    }


def practice_pdf(practice: Practice) -> bytes:
    """The PDF bytes of `practice` on one A4 page, in the practice's own language and direction.

    The headings follow the active interface language; the content stays as written.
    Precondition: the practice is published (the caller checks; this module shows what it gets).
    """
    # Imported here: WeasyPrint loads Pango and fonts, which no other page needs.
    from weasyprint import HTML  # type: ignore[import-untyped]  # WeasyPrint ships no type hints

    base_url = site_url()
    document = None
    for limit in _LIMITS:
        html = render_to_string("practices/pdf.html", pdf_context(practice, limit))
        document = HTML(string=html, base_url=base_url).render()
        if len(document.pages) == 1:
            break
    assert document is not None
    # The shortest limits always fit; should a practice still overflow (a title of 200 long
    # words), print its first page rather than nothing.
    if len(document.pages) > 1:
        document = document.copy(document.pages[:1])
    return bytes(document.write_pdf())
