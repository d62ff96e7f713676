"""Benchmark: import a generated 100,000-row CSV twice, into a fresh SQLite database and a fresh
PostgreSQL database, and print rows/second. The second run must add 0 rows.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--skip-postgres]

PostgreSQL: a database `oogst_bench` (BENCH_PG_DB) is created on postgres://postgres@127.0.0.1:5432
(override with BENCH_PG_URL) and dropped afterwards.

After the first import it opens the privacy overview, review queue and quote export while the
redaction job runs in the background (they used to redact in the request: 42.6 s), then
waits for that job and times it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DB = os.environ.get("BENCH_PG_DB", "oogst_bench")

SUBJECTS = [
    "De wachtlijst bij de huisarts",
    "Mijn dochter",
    "Onze buurt",
    "Het thuiswerken",
    "De zorg",
    "Kleine ondernemers",
    "Jongeren in het dorp",
    "De bibliotheek",
    "Het openbaar vervoer",
    "Mantelzorgers",
    "De sportvereniging",
    "Mijn oma in het verpleeghuis",
    "De school",
    "Het contact met de gemeente",
    "De woningmarkt",
    "Vrijwilligers",
    "Het vertrouwen in de politiek",
    "De kermis",
    "Studenten",
    "Zzp'ers",
    "De horeca",
    "Het buurthuis",
    "De GGZ",
    "Mijn werkgever",
]
VERBS = [
    "kwam in de knel door",
    "heeft veel geleden onder",
    "bloeide op dankzij",
    "vond nieuwe wegen door",
    "moet blijven investeren in",
    "verdient meer steun bij",
    "raakte geïsoleerd door",
    "werd sterker door",
    "heeft moeite met",
    "wil graag behouden:",
]
OBJECTS = [
    "de lockdown",
    "het digitale onderwijs",
    "de lange wachttijden",
    "het gebrek aan ontmoeting",
    "de hulp van de buren",
    "de flexibele werktijden",
    "de nieuwe regels",
    "de onzekerheid over werk",
    "de stijgende huren",
    "de lege straten",
    "het samen koken",
    "de online spreekuren",
    "de app-groep van de straat",
    "de extra drukte",
    "het missen van de klas",
    "de stilte",
]
TAILS = [
    "",
    "",
    " Dat moet anders.",
    " Laten we dat vasthouden.",
    " Niemand luisterde.",
    " Eindelijk!",
    " Dat wil ik niet kwijt.",
    " Zo kan het niet langer.",
    " Daar moet de overheid iets mee.",
    " Het kost veel energie.",
    " Iedereen deed mee.",
    " We zijn er samen doorheen gekomen.",
]
ROLES = [
    "Student",
    "Zorgmedewerker",
    "Wethouder",
    "Ondernemer",
    "Docent",
    "Gepensioneerde",
    "Ouder",
    "",
]
KINDS = ["knel", "kiem", "idee", "vraag", "overig"]
THEMES = ["zorg", "onderwijs", "werk", "wonen", "samenleven"]


def when(rng: random.Random) -> str:
    return f"2026-03-{rng.randint(1, 28):02d} {rng.randint(9, 21):02d}:{rng.randint(0, 59):02d}"


def generate_csv(path: Path, rows: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(
            [
                "text",
                "kind",
                "role",
                "table",
                "theme",
                "external_id",
                "created_at",
                "wijk",
                "leeftijd",
            ]
        )
        for i in range(rows):
            subject, verb, obj = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)
            text = f"{subject} {verb} {obj}.{rng.choice(TAILS)}"
            if i % 3:
                text += f" (ervaring {rng.randint(1, 10**6)})"
            themes = ";".join(rng.sample(THEMES, rng.choice([0, 1, 1, 2])))
            writer.writerow(
                [
                    text,
                    rng.choice(KINDS),
                    rng.choice(ROLES),
                    f"T{rng.randint(1, 40)}",
                    themes,
                    f"enq-{i}" if i % 2 else "",
                    when(rng) if i % 4 == 0 else "",
                    f"Wijk {rng.randint(1, 30)}",
                    str(rng.randint(16, 90)),
                ]
            )


def worker(csv_path: str) -> None:
    """Runs inside a process whose DATABASE_URL points at the fresh database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oogst.settings")
    django.setup()
    from oogst.codebook.models import Theme
    from oogst.harvest.importing import import_contributions
    from oogst.harvest.models import Contribution
    from oogst.programme.models import Programme, Table, Track
    from oogst.tasks.runner import wait_for_jobs

    programme = Programme.objects.create(slug="bench", name="Benchmark")
    track = Track.objects.create(programme=programme, slug="burgers", name="Burgers")
    for n in range(1, 41):
        Table.objects.create(programme=programme, code=f"T{n}", name=f"Tafel {n}", track=track)
    for slug in THEMES:
        Theme.objects.create(programme=programme, slug=slug, name=slug.title())
    import resource

    def peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    results = []
    before = peak_mb()
    for run in (1, 2):
        started = time.perf_counter()
        report = import_contributions(csv_path, programme)
        seconds = time.perf_counter() - started
        pages = first_pages(programme) if run == 1 else {}
        started = time.perf_counter()
        wait_for_jobs()
        redaction_seconds = time.perf_counter() - started
        results.append(
            {
                "pages": pages,
                "redaction": report.redaction,
                "redaction_seconds": round(redaction_seconds, 1),
                "run": run,
                "rows": report.rows_read,
                "added": report.added,
                "already": report.already_imported,
                "duplicates_in_file": report.duplicates_in_file,
                "errors": report.errors,
                "seconds": round(seconds, 2),
                "rows_per_second": round(report.rows_read / seconds),
                "peak_mb_before": round(before),
                "peak_mb": round(peak_mb()),
            }
        )
    results.append({"total_in_db": Contribution.objects.filter(programme=programme).count()})
    print(json.dumps(results))


def first_pages(programme) -> dict[str, float]:
    """Seconds for the privacy pages right after a bulk import, its redaction not yet done."""
    from django.test import Client

    from oogst.accounts.models import User

    analyst, _ = User.objects.get_or_create(username="bench-analist", defaults={"role": "analyst"})
    client = Client()
    client.force_login(analyst)
    seconds = {}
    for name, path in (("overview", ""), ("queue", "controle/"), ("export", "export/")):
        started = time.perf_counter()
        response = client.get(f"/privacy/{programme.slug}/{path}")
        seconds[name] = round(time.perf_counter() - started, 2)
        assert response.status_code == 200, (path, response.status_code)
    return seconds


def run_worker(database_url: str, csv_path: Path) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "oogst.settings"}
    subprocess.run(
        [PY, "-m", "oogst.cli", "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT
    )
    out = subprocess.run(
        [PY, __file__, "--worker", str(csv_path)],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(label: str, results: list[dict]) -> bool:
    ok = True
    for r in results[:2]:
        print(
            f"{label:10} run {r['run']}: {r['rows']:,} rows in {r['seconds']:6.2f} s"
            f" = {r['rows_per_second']:,} rows/s; added {r['added']:,},"
            f" already imported {r['already']:,}, duplicates in file {r['duplicates_in_file']:,};"
            f" peak memory {r['peak_mb']} MB (Django loaded: {r['peak_mb_before']} MB)"
        )
        ok &= r["seconds"] < 30
    first = results[0]
    pages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in first["pages"].items())
    print(f"{label:10} privacy pages right after the import (redaction pending): {pages}")
    print(
        f"{label:10} redaction of the new rows: {first['redaction']},"
        f" background job done {first['redaction_seconds']} s after the import"
    )
    second = results[1]
    ok &= second["added"] == 0
    verdict = "OK" if second["added"] == 0 else "NOT IDEMPOTENT"
    print(
        f"{label:10} rows in database: {results[2]['total_in_db']:,};"
        f" second run added {second['added']} ({verdict});"
        f" under 30 s: {'yes' if ok else 'NO'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--worker")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    ok = True
    with tempfile.TemporaryDirectory(prefix="oogst-bench-") as tmp:
        csv_path = Path(tmp) / "contributions.csv"
        started = time.perf_counter()
        generate_csv(csv_path, args.rows)
        print(
            f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.1f} MB)"
            f" in {time.perf_counter() - started:.1f} s"
        )
        ok &= report("SQLite", run_worker(f"sqlite:///{tmp}/bench.sqlite3", csv_path))
        if not args.skip_postgres:
            import psycopg

            admin = f"{PG_SERVER}/postgres"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
                conn.execute(f"CREATE DATABASE {PG_DB}")
            try:
                ok &= report("PostgreSQL", run_worker(f"{PG_SERVER}/{PG_DB}", csv_path))
            finally:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
