"""`oogst insights export --programme SLUG --out FILE.json` and
`oogst insights import FILE.json --programme SLUG` (idempotent by id)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oogst.insights.importing import InsightsFileError, import_file, read_file
from oogst.insights.selectors.transfer import export_programme
from oogst.programme.models import Programme


class Command(BaseCommand):
    help = "Inzichten van een programma exporteren naar JSON, of terugzetten uit JSON."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser(
            "export", help="Alle inzichten met hun onderbouwing (ids) en tellingen als JSON."
        )
        export.add_argument("--programme", required=True, help="programmacode (slug)")
        export.add_argument("--out", required=True, help="JSON-bestand om te schrijven")
        imported = commands.add_parser(
            "import", help="Inzichten terugzetten onder hun eigen id; twee keer is één keer."
        )
        imported.add_argument("file", help="een inzichtenbestand van `oogst insights export`")
        imported.add_argument("--programme", required=True, help="programmacode (slug)")

    def handle(self, *args, **options):
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"Programma {options['programme']!r} bestaat niet.")
        if options["action"] == "export":
            data = export_programme(programme)
            out = Path(options["out"])
            temporary = out.with_name(f".{out.name}.tmp")
            try:
                temporary.write_text(
                    json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
                )
                temporary.replace(out)
            except OSError as exc:
                temporary.unlink(missing_ok=True)
                raise CommandError(f"{out} is niet te schrijven: {exc}") from exc
            self.stdout.write(f"{len(data['insights'])} inzichten geschreven naar {out}.")
            return
        try:
            report = import_file(programme, read_file(options["file"]))
        except InsightsFileError as exc:
            raise CommandError(
                "Niets geïmporteerd:\n" + "\n".join(f"  - {p}" for p in exc.problems)
            ) from exc
        self.stdout.write(
            f"{report.created} nieuw, {report.updated} bijgewerkt, {report.unchanged} ongewijzigd."
        )
