"""`oogst report memo|final|visuals|keyfigures|b1 --programme SLUG --out DIR`: make a product
from the command line, with what exists (a missing part is said in words)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oogst.analyses.models import AnalysisRun
from oogst.products import services
from oogst.products.models import Product
from oogst.programme.models import Programme


class Command(BaseCommand):
    help = (
        "Maak een product: memo (memo.docx), final (final.pdf), visuals (een SVG en PNG per "
        "thema), keyfigures (keyfigures.svg/png) of b1 (b1.txt met leesbaarheidsrapport)."
    )

    def add_arguments(self, parser):
        parser.add_argument("product", choices=Product.Kind.values)
        parser.add_argument("--programme", required=True, help="code (slug) van het programma")
        parser.add_argument("--out", required=True, type=Path, help="map voor de bestanden")
        since = parser.add_mutually_exclusive_group()
        since.add_argument("--since", help="wat is er nieuw sinds deze datum (JJJJ-MM-DD)")
        since.add_argument(
            "--since-run", type=int, help="wat is er nieuw sinds deze analyserun (id)"
        )
        parser.add_argument("--language", choices=services.LANGUAGES, default="nl")

    def handle(self, *args, **options):
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"Onbekend programma: {options['programme']}")
        since_date = since_run = None
        if options["since"]:
            try:
                since_date = dt.date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError(
                    f"--since: geen datum (JJJJ-MM-DD): {options['since']!r}"
                ) from exc
        if options["since_run"] is not None:
            since_run = AnalysisRun.objects.filter(
                pk=options["since_run"], programme=programme
            ).first()
            if since_run is None:
                raise CommandError(
                    f"--since-run: geen analyserun {options['since_run']} in {programme.slug}"
                )
        out: Path = options["out"]
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out: {out} is geen map")
        product = services.make_product(
            programme,
            options["product"],
            language=options["language"],
            since_date=since_date,
            since_run=since_run,
            out_dir=out,
        )
        provenance = product.provenance
        for line in provenance["missing"]:
            self.stdout.write(f"Let op: {line}")
        self.stdout.write(
            f"{len(provenance['quotes'])} citaten opgenomen, "
            f"{provenance['withheld_total']} achtergehouden"
            + (
                " (" + ", ".join(f"{k}: {v}" for k, v in provenance["withheld"].items()) + ")"
                if provenance["withheld"]
                else ""
            )
        )
        for name in product.files:
            self.stdout.write(f"  {out / name}")
        self.stdout.write(self.style.SUCCESS(f"Klaar: {product.get_kind_display()}"))
