"""Printable packs: a reader's own selection of published practices, as one PDF with a table of
contents, with a read-only page and PDF behind an unguessable link the owner can rotate.

models.py (the pack, its ordered items), services.py (writes), session.py (a visitor's pack,
kept in the session), selectors.py (reads), pdf.py (the PDF, cached by content and language),
views.py. The access helpers are in `practices.access`.
"""
