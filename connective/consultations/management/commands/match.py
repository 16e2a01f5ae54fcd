"""python manage.py match [--json] [--limit K] [--member EMAIL] [--language CODE] "TEXT"
   python manage.py match --rebuild

Suggests practices and advisors for a text through the same path as the pages
(`suggestions_for`). With `--member`, as if that member asked: they are never suggested, and
advisors must share one of their languages; without it no language rule applies. The reasons
are written in `--language`, else in the member's preferred language, else the site's default.
`--rebuild` brings every stored advisor embedding up to date first and builds the stored
matching index (`suggestions.snapshot`) unless it is current (a text is then optional): run it
after a deploy or a bulk import, before the web workers start.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from connective.consultations.suggestions.candidates import advisor_embeddings_refresh
from connective.consultations.suggestions.service import Suggestions, index_build, suggestions_for_text
from connective.consultations.suggestions.snapshot import snapshot_find, snapshot_size
from connective.members.models import MemberProfile


def as_dict(suggestions: Suggestions) -> dict[str, list[dict[str, Any]]]:
    return {
        "practices": [
            {
                "external_id": p.external_id,
                "slug": p.slug,
                "title": p.title,
                "language": p.language,
                "score": p.score,
                "reason": p.reason,
            }
            for p in suggestions.practices
        ],
        "advisors": [
            {"email": a.email, "name": a.name, "score": a.score, "reason": a.reason}
            for a in suggestions.advisors
        ],
    }


class Command(BaseCommand):
    help = "Suggest practices and advisors for a challenge, as the consultation pages do."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="?", default="", help="The challenge, in any language.")
        parser.add_argument("--json", action="store_true", help="Print the suggestions as JSON.")
        parser.add_argument(
            "--limit", type=int, default=5, metavar="K", help="At most K of each (default 5)."
        )
        parser.add_argument("--member", metavar="EMAIL", help="Match as if this member asked.")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Bring the stored advisor embeddings and the matching index up to date first.",
        )
        parser.add_argument(
            "--language", metavar="CODE",
            help="Write the reasons in this language (default: the member's, else the site's).",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["text"].strip()
        limit = options["limit"]
        if limit < 1:
            raise CommandError(f"--limit must be 1 or more, not {limit}.")
        if not text and not options["rebuild"]:
            raise CommandError('Give the text to match, e.g. manage.py match "flooding in the old town".')
        requester = None
        if options["member"]:
            requester = (
                MemberProfile.objects.filter(user__email__iexact=options["member"].strip())
                .select_related("user")
                .first()
            )
            if requester is None:
                raise CommandError(f"No member has the email address {options['member']!r}.")
        if options["rebuild"]:
            changed = advisor_embeddings_refresh()
            practices, advisors = index_build()
            path = snapshot_find()
            size = f", {snapshot_size(path) / 1e6:.1f} MB in {path}" if path is not None else ""
            self.stderr.write(
                f"{changed} advisor embeddings written or removed; "
                f"index: {practices} practices, {advisors} advisors{size}."
            )
            if not text:
                return
        language = self._language(options["language"], requester)
        with translation.override(language):
            suggestions = suggestions_for_text(text, requester=requester, limit=limit)
        if options["json"]:
            self.stdout.write(json.dumps(as_dict(suggestions), ensure_ascii=False, indent=2))
            return
        self._table(suggestions)

    @staticmethod
    def _language(asked: str | None, requester: MemberProfile | None) -> str:
        available = [code for code, _name in settings.LANGUAGES]
        if asked:
            if asked not in available:
                raise CommandError(f"--language must be one of {', '.join(available)}, not {asked!r}.")
            return asked
        preferred = requester.user.preferred_language if requester else ""
        return preferred if preferred in available else settings.LANGUAGE_CODE

    def _table(self, suggestions: Suggestions) -> None:
        self.stdout.write("Practices")
        if not suggestions.practices:
            self.stdout.write("  (none)")
        for rank, p in enumerate(suggestions.practices, 1):
            self.stdout.write(f"  {rank}. {p.score:6.3f}  {p.title} [{p.language}] /{p.slug}")
            self.stdout.write(f"     {p.reason}")
        self.stdout.write("Advisors")
        if not suggestions.advisors:
            self.stdout.write("  (none)")
        for rank, a in enumerate(suggestions.advisors, 1):
            self.stdout.write(f"  {rank}. {a.score:6.3f}  {a.name} <{a.email}>")
            self.stdout.write(f"     {a.reason}")
