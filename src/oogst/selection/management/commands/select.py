"""`oogst select`: draw from a programme's pool and write `selection.csv` and `audit.json`;
`oogst select --replay audit.json` runs a recorded draw again and says whether it matches."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.programme.models import Programme
from oogst.selection import draw as lottery
from oogst.selection.services.draws import bounds_for, drawable, pool_row
from oogst.selection.services.pool import stored_value


def read_quotas(path: Path, seats: int, tolerance: float, rows: list[dict]) -> list[lottery.Bound]:
    """A quota file: `feature,value,min,max` (the sortition library's own format) or
    `feature,value,share` (percent of the population, widened by the tolerance)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            records = list(csv.DictReader(fh))
    except OSError as exc:
        raise CommandError(_("Kan %(path)s niet lezen: %(e)s") % {"path": path, "e": exc}) from exc
    if not records:
        raise CommandError(_("%(path)s heeft geen quota.") % {"path": path})
    columns = set(records[0])
    problems = []
    for n, record in enumerate(records, start=2):
        if record.get("feature") not in lottery.FEATURES:
            problems.append(
                _("rij %(n)d: kenmerk ‘%(f)s’ is geen van %(all)s")
                % {"n": n, "f": record.get("feature"), "all": ", ".join(lottery.FEATURES)}
            )
    if {"min", "max"} <= columns:
        bounds = []
        for n, record in enumerate(records, start=2):
            try:
                bounds.append(
                    lottery.Bound(
                        record["feature"],
                        stored_value(record["feature"], record["value"]),
                        int(record["min"]),
                        int(record["max"]),
                    )
                )
            except (TypeError, ValueError):
                problems.append(_("rij %(n)d: min en max moeten hele getallen zijn") % {"n": n})
    elif "share" in columns:
        shares: dict[str, dict[str, float]] = {}
        for n, record in enumerate(records, start=2):
            try:
                value = stored_value(record["feature"], record["value"])
                shares.setdefault(record["feature"], {})[value] = float(record["share"])
            except (TypeError, ValueError):
                problems.append(_("rij %(n)d: share moet een getal zijn (procent)") % {"n": n})
        values = {f: {row[f] for row in rows} for f in lottery.FEATURES}
        bounds = lottery.bounds_from_shares(shares, seats, tolerance, values)
    else:
        raise CommandError(
            _("%(path)s: gebruik de kolommen feature,value,min,max of feature,value,share")
            % {"path": path}
        )
    if problems:
        raise CommandError("\n".join(problems), returncode=2)
    return bounds


class Command(BaseCommand):
    help = _(
        "Loot aanmelders uit de pool van een programma met sortition-algorithms en schrijf "
        "selection.csv en audit.json. Met --replay: voer een loting uit een auditbestand "
        "opnieuw uit en controleer de uitkomst."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programme", "--programma", dest="programme")
        parser.add_argument("--seats", type=int, help=_("aantal plaatsen"))
        parser.add_argument("--quotas", help=_("CSV: feature,value,min,max of feature,value,share"))
        parser.add_argument("--seed", type=int, help=_("startgetal (standaard: willekeurig)"))
        parser.add_argument("--algorithm", choices=lottery.ALGORITHMS, default="maximin")
        parser.add_argument("--table", help=_("alleen wie bij deze tafel (code) kan"))
        parser.add_argument(
            "--tolerance", type=float, default=None, help=_("marge rond de doelen in procent")
        )
        parser.add_argument("--out", help=_("map voor selection.csv en audit.json"))
        parser.add_argument("--replay", help=_("een audit.json om opnieuw uit te voeren"))

    def handle(self, *args, **options):
        if options["replay"]:
            return self.replay(Path(options["replay"]))
        for required in ("programme", "seats", "out"):
            if options[required] in (None, ""):
                raise CommandError(_("--%(name)s is verplicht") % {"name": required})
        try:
            programme = Programme.objects.get(slug=options["programme"])
        except Programme.DoesNotExist as exc:
            raise CommandError(
                _("Programma ‘%(slug)s’ bestaat niet.") % {"slug": options["programme"]}
            ) from exc
        table = None
        if options["table"]:
            table = programme.tables.filter(code__iexact=options["table"]).first()
            if table is None:
                raise CommandError(
                    _("Tafel ‘%(t)s’ hoort niet bij dit programma.") % {"t": options["table"]}
                )
        applicants = list(drawable(programme, table))
        rows = [pool_row(a) for a in applicants]
        seats = options["seats"]
        recruitment = getattr(programme, "recruitment", None)
        tolerance = (
            options["tolerance"]
            if options["tolerance"] is not None
            else (recruitment.tolerance if recruitment else 10)
        ) / 100
        if options["quotas"]:
            bounds = read_quotas(Path(options["quotas"]), seats, tolerance, rows)
        else:
            bounds = bounds_for(programme, seats, rows)
        try:
            result = lottery.draw(
                rows, bounds, seats, seed=options["seed"], algorithm=options["algorithm"]
            )
        except lottery.DrawError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        document = lottery.audit(
            rows, bounds, result, programme=programme.slug, table=table.code if table else None
        )
        (out / "audit.json").write_text(
            json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        # Pseudonymous ids only: a reference code is the applicant's key to their own page.
        chosen = set(result.selected)
        with open(out / "selection.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "selected", "probability", *lottery.FEATURES])
            for row in sorted(rows, key=lambda r: (r["id"] not in chosen, r["id"])):
                writer.writerow(
                    [
                        row["id"],
                        "ja" if row["id"] in chosen else "nee",
                        f"{result.probabilities.get(row['id'], 0.0):.6f}",
                        *(row[f] for f in lottery.FEATURES),
                    ]
                )
        for message in result.messages:
            self.stderr.write(message)
        outside = [g for g in result.fit if not g.within]
        self.stdout.write(
            _(
                "%(n)d van %(pool)d geloot met %(alg)s (seed %(seed)d) in %(s).1f s; "
                "%(ok)d van %(groups)d groepen binnen de grenzen. Geschreven: %(out)s"
            )
            % {
                "n": len(result.selected),
                "pool": len(rows),
                "alg": result.algorithm,
                "seed": result.seed,
                "s": result.seconds,
                "ok": len(result.fit) - len(outside),
                "groups": len(result.fit),
                "out": out,
            }
        )

    def replay(self, path: Path):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            result, same = lottery.replay(document)
        except (OSError, ValueError, KeyError, lottery.DrawError) as exc:
            raise CommandError(
                _("Kan %(path)s niet opnieuw uitvoeren: %(e)s") % {"path": path, "e": exc},
                returncode=2,
            ) from exc
        if not same:
            raise CommandError(
                _("Andere uitkomst dan in %(path)s: de loting is niet te reproduceren.")
                % {"path": path},
                returncode=1,
            )
        self.stdout.write(
            _("Zelfde uitkomst: %(n)d geloot met %(alg)s en seed %(seed)d.")
            % {"n": len(result.selected), "alg": result.algorithm, "seed": result.seed}
        )
