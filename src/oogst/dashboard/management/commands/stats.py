"""`oogst stats [--json]`: the key figures of the current database."""

import json

from django.core.management.base import BaseCommand

from oogst.dashboard.selectors import database_figures


class Command(BaseCommand):
    help = "Kerncijfers van de database (programma's, tafels, deelnemers, bijdragen, …)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Schrijf de cijfers als JSON.")

    def handle(self, *args, **options):
        figures = database_figures()
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False))
            return
        width = max(len(k) for k in figures)
        for key, value in figures.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items())
            self.stdout.write(f"{key.ljust(width)}  {value}")
