"""`oogst import polis DIR --programme SLUG [--table CODE] [--language CODE]`."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.harvest.importing import LANGUAGE_RE
from oogst.harvest.polis import PolisFormatError, import_polis

from ._arguments import programme_and_table, wait_for_redaction


class Command(BaseCommand):
    help = (
        "Importeer een Polis-export (comments.csv, votes.csv, participants-votes.csv) "
        "als bijdragen met hun stemmatrix."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="de map van één Polis-gesprek")
        parser.add_argument("--programme", required=True, help="programmacode (slug)")
        parser.add_argument("--table", help="tafelcode waar de reacties bij horen (optioneel)")
        parser.add_argument(
            "--language", help="taalcode van het gesprek (nl, en, de, zh, …); anders herkend"
        )

    def handle(self, *args, **options):
        programme, table = programme_and_table(options["programme"], options["table"])
        language = (options["language"] or "").strip().lower() or None
        if language and not LANGUAGE_RE.match(language):
            raise CommandError(
                _("Onbekende taalcode ‘%(language)s’ (bijvoorbeeld nl, en, de, zh).")
                % {"language": language}
            )

        from tqdm import tqdm

        def progress(items, total, desc):
            return tqdm(
                items,
                total=total,
                desc=desc,
                unit=" x5000",
                file=sys.stderr,
                disable=not sys.stderr.isatty(),
            )

        started = time.monotonic()
        try:
            report = import_polis(
                options["folder"], programme, table=table, language=language, progress=progress
            )
        except PolisFormatError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started
        conversation = report.conversation
        self.stdout.write(
            _("Polis-gesprek %(id)s (%(topic)s), taal %(lang)s:")
            % {
                "id": conversation.conversation_id,
                "topic": conversation.topic or "—",
                "lang": report.language,
            }
        )
        self.stdout.write(
            _(
                "  %(rows)d reacties in comments.csv; nieuw: %(comments)d reacties, "
                "%(contributions)d bijdragen, "
                "%(participants)d deelnemers, %(votes)d stemmen (%(changed)d stemmen gewijzigd, "
                "%(regrouped)d deelnemers in een andere meningsgroep) in %(seconds).1f s."
            )
            % {
                "rows": report.comments_in_file,
                "comments": report.comments_added,
                "contributions": report.contributions_added,
                "participants": report.participants_added,
                "votes": report.votes_added,
                "changed": report.votes_changed,
                "regrouped": report.participants_regrouped,
                "seconds": seconds,
            }
        )
        for problem in report.problems:
            self.stdout.write("  " + problem)
        wait_for_redaction(self.stdout, report.redaction)
