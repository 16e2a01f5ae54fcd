"""A pack as one PDF: a cover, a table of contents with page numbers, then each practice laid
out as its one-page PDF (`practices.pdf.pdf_context` and its template pieces), in its own
language and direction, with its address online.

Written on request and kept in the cache under what it is made of (the practices' ids and
versions, the pack's title, its maker's name as shown, its date, the reader's language and the
site's address): a second download of the same pack in the same language is not written again.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from connective.core.links import site_url
from connective.practices.packs.selectors import PackContents
from connective.practices.pdf import pdf_context

# The characters kept per section: the first (most generous) of the one-page PDF's limits; a
# practice in a pack may take more than a page.
SECTION_LIMIT = 1400
# Only bounds what the cache keeps: the key changes with anything the PDF is made of.
PDF_CACHE_SECONDS = 24 * 3600
# Raise when the layout changes, so PDFs kept under the old one are not served.
LAYOUT_VERSION = "1"


def pack_pdf_html(pack: PackContents) -> str:
    """The HTML WeasyPrint lays out (in the active language)."""
    entries = []
    for number, practice in enumerate(pack.practices, start=1):
        context = pdf_context(practice, SECTION_LIMIT)
        context["printed"] = pack.updated_at or context["printed"]
        entries.append({**context, "anchor": f"practice-{number}"})
    return render_to_string("practices/pack_pdf.html", {"pack": pack, "entries": entries})


def pack_pdf_key(pack: PackContents) -> str:
    parts = [
        LAYOUT_VERSION,
        get_language() or "",
        site_url(),
        pack.title,
        pack.made_by,
        pack.updated_at.date().isoformat() if pack.updated_at else "",
        str(pack.missing),
        *(f"{practice.pk}:{practice.updated_at.isoformat()}" for practice in pack.practices),
    ]
    return "practices:pack-pdf:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def pack_pdf(pack: PackContents) -> bytes:
    """The PDF bytes of `pack`, from the cache when the same pack was written in this language."""
    key = pack_pdf_key(pack)
    pdf = cache.get(key)
    if pdf is None:
        # Imported here: WeasyPrint loads Pango and fonts, which no other page needs.
        from weasyprint import HTML  # type: ignore[import-untyped]  # WeasyPrint ships no type hints

        pdf = bytes(HTML(string=pack_pdf_html(pack), base_url=site_url()).write_pdf())
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return bytes(pdf)
