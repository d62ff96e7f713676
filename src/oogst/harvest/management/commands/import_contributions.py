"""`oogst import contributions FILE --programme SLUG [--table CODE] [--dry-run] [--strict]
[--table-map FILE.csv] [--unknown-tables error|none|create]`."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.harvest.importing import (
    ConcurrentImportError,
    ImportReport,
    Severity,
    StrictImportError,
    import_contributions,
)
from oogst.harvest.readers import UnreadableFile
from oogst.harvest.tablemap import ERROR, UNKNOWN_RULES, read_table_map

from ._arguments import programme_and_table, wait_for_redaction


class Command(BaseCommand):
    help = (
        "Importeer bijdragen uit een CSV-, XLSX- of JSONL-bestand (idempotent, in één transactie)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="het bestand: .csv, .tsv, .xlsx of .jsonl")
        parser.add_argument("--programme", required=True, help="programmacode (slug)")
        parser.add_argument("--table", help="tafelcode (of id) voor rijen zonder kolom ‘table’")
        parser.add_argument(
            "--dry-run", action="store_true", help="alleen controleren, niets opslaan"
        )
        parser.add_argument(
            "--strict", action="store_true", help="niets importeren als één rij fout is"
        )
        parser.add_argument(
            "--show", type=int, default=20, help="hoeveel probleemrijen te tonen (standaard 20)"
        )
        parser.add_argument(
            "--table-map",
            help=(
                "CSV (of XLSX) met een kopregel en per rij een tafelwaarde zoals het bestand "
                "die schrijft en de tafel: een code of naam, ‘geen’ of ‘nieuw’"
            ),
        )
        parser.add_argument(
            "--unknown-tables",
            choices=UNKNOWN_RULES,
            default=ERROR,
            help=(
                "tafelwaarden die bij geen tafel passen: rijen weigeren (error, standaard), "
                "zonder tafel opslaan en melden (none), of een nieuwe tafel maken (create)"
            ),
        )

    def handle(self, *args, **options):
        programme, table = programme_and_table(options["programme"], options["table"])
        choices = None
        if options["table_map"]:
            try:
                choices = read_table_map(options["table_map"], programme)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc

        bar = None

        def progress_factory(info):
            nonlocal bar
            from tqdm import tqdm

            bar = tqdm(
                total=info.approx_rows,
                unit=" rijen",
                file=sys.stderr,
                disable=not sys.stderr.isatty(),
            )
            return bar.update

        try:
            report = import_contributions(
                options["file"],
                programme,
                default_table=table,
                strict=options["strict"],
                dry_run=options["dry_run"],
                table_choices=choices,
                unknown_tables=options["unknown_tables"],
                progress_factory=progress_factory,
            )
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        except ConcurrentImportError as exc:
            raise CommandError(str(exc)) from exc
        except StrictImportError as exc:
            if bar:
                bar.close()
            self.print_report(exc.report, options["show"])
            raise CommandError(str(exc)) from exc
        finally:
            if bar:
                bar.close()
        self.print_report(report, options["show"])
        wait_for_redaction(self.stdout, report.redaction)

    def print_report(self, report: ImportReport, show: int) -> None:
        info = report.info
        out = self.stdout
        details = [info.format.upper()]
        if info.encoding:
            details.append(info.encoding)
        if info.delimiter:
            details.append(_("scheidingsteken %(d)r") % {"d": info.delimiter})
        out.write(f"{report.filename}: {', '.join(details)}")
        mapping = ", ".join(
            f"{col or '?'}→{target or _('metadata')}" for col, target in report.mapping
        )
        out.write(_("Kolommen: %(mapping)s") % {"mapping": mapping})
        if report.table_values:
            out.write(_("Tafels in het bestand:"))
            for value in report.table_values:
                out.write(
                    _("  ‘%(value)s’ (%(rows)d rij(en)) → %(outcome)s")
                    % {"value": value.value, "rows": value.rows, "outcome": value.outcome}
                )
        listed = [p for p in report.problems][:show]
        for p in listed:
            label = _("fout") if p.severity == Severity.ERROR else _("overgeslagen")
            out.write(
                _("  rij %(row)d (%(label)s): %(reason)s")
                % {"row": p.row, "label": label, "reason": p.reason}
            )
        if report.skipped > len(listed):
            out.write(_("  … en nog %(n)d rij(en)") % {"n": report.skipped - len(listed)})
        for p in report.warnings[:show]:
            out.write(
                _("  rij %(row)d (waarschuwing): %(reason)s") % {"row": p.row, "reason": p.reason}
            )
        if report.warned > min(show, len(report.warnings)):
            out.write(
                _("  … en nog %(n)d rij(en) met een waarschuwing")
                % {"n": report.warned - min(show, len(report.warnings))}
            )
        rate = report.rows_read / report.seconds if report.seconds else 0
        summary = _(
            "%(read)d rijen gelezen: %(added)d toegevoegd, %(already)d al eerder geïmporteerd, "
            "%(dupes)d dubbel in het bestand, %(errors)d met fouten "
            "(%(seconds).1f s, %(rate).0f rijen/s)."
        ) % {
            "read": report.rows_read,
            "added": report.to_add if report.dry_run else report.added,
            "already": report.already_imported,
            "dupes": report.duplicates_in_file,
            "errors": report.errors,
            "seconds": report.seconds,
            "rate": rate,
        }
        if report.dry_run:
            summary = _("Proefdraai, niets opgeslagen. ") + summary.replace(
                _("toegevoegd"), _("zou worden toegevoegd")
            )
        out.write(summary)
