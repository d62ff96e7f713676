"""Benchmark of the insights layer on a generated programme: the counts behind an insight,
a facilitator's scope, the findings board, suggested evidence (the embedder's first run
over the whole programme, then from its cache), proposals for ministries and recovery tasks,
and the export and import of every insight.

    .venv/bin/python bench/insights_bench.py [--rows 20000] [--embedder use|lexical]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oogst_bench \
        .venv/bin/python bench/insights_bench.py

Without DATABASE_URL it uses a fresh SQLite database in a temporary directory. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safeguards_bench import timed  # noqa: E402 — the benchmarks' one stopwatch

N_TABLES = 80
N_INSIGHTS = 6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--embedder", default="use", help="use, lexical or st:NAME")
    args = parser.parse_args(argv)
    var = tempfile.mkdtemp(prefix="oogst-insights-bench-")
    os.environ.setdefault("OOGST_VAR_DIR", var)
    os.environ.setdefault("OOGST_CACHE_DIR", os.path.join(var, "cache"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oogst.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from oogst.accounts.models import User
    from oogst.analyses.models import AnalysisRun, Suggestion
    from oogst.demo.synthetic import generate
    from oogst.directory.models import Ministry, Municipality, RecoveryTask
    from oogst.harvest.models import Contribution
    from oogst.insights import access, importing, services
    from oogst.insights.selectors import board, evidence, transfer
    from oogst.participants.models import Participant
    from oogst.programme.models import Programme, Table, Track
    from oogst.safeguards.services import redact_missing

    rng = random.Random(7)
    slug = f"bench-{int(time.time())}"
    programme = Programme.objects.create(slug=slug, name="Benchmark inzichten")
    track = Track.objects.create(programme=programme, slug="burgers", name="Burgers")
    places = list(Municipality.objects.order_by("cbs_code")[:N_TABLES])
    facilitator = User.objects.create(username=f"bench-fac-{slug}", role="facilitator")
    analyst = User.objects.create(username=f"bench-analyst-{slug}", role="analyst")
    tables = {}
    for i in range(1, N_TABLES + 1):
        code = f"T{i:02d}"
        tables[code] = Table.objects.create(
            programme=programme,
            code=code,
            name=f"Tafel {i}",
            track=track,
            municipality=places[i % len(places)] if places else None,
        )
    for table in list(tables.values())[:4]:
        table.facilitators.add(facilitator)
    people = Participant.objects.bulk_create(
        [
            Participant(
                programme=programme,
                code=f"P-I{i:07d}",
                age_band=rng.choice(["16-24", "25-34", "45-54", "65-74"]),
                gender=rng.choice(["vrouw", "man"]),
            )
            for i in range(max(10, args.rows // 10))
        ]
    )
    records = list(generate(args.rows, seed=7))
    Contribution.objects.bulk_create(
        [
            Contribution(
                programme=programme,
                table=tables[r["table"]],
                participant=rng.choice(people) if rng.random() < 0.6 else None,
                kind=r["kind"],
                text=r["text"],
                role_label=r["role"],
                import_key=r["id"],
            )
            for r in records
        ],
        batch_size=2000,
    )
    redact_missing(programme)
    # A finished run made by hand: one finding per synthetic theme.
    themes = sorted({r["theme"] for r in records})
    cluster_of = {theme: n for n, theme in enumerate(themes)}
    ids = dict(programme.contributions.values_list("import_key", "pk"))
    run = AnalysisRun.objects.create(
        programme=programme,
        number=1,
        status=AnalysisRun.Status.DONE,
        settings={"embedder": args.embedder, "seed": 0},
        finished_at=timezone.now(),
        summary={
            "clusters": [
                {"id": n, "label": theme, "size": 0, "quotes": [], "themes": {}}
                for theme, n in cluster_of.items()
            ],
            "themes": [],
        },
    )
    Suggestion.objects.bulk_create(
        [
            Suggestion(run=run, contribution_id=ids[r["id"]], cluster=cluster_of[r["theme"]])
            for r in records
        ],
        batch_size=2000,
    )
    vws = Ministry.objects.get(code="VWS")
    for n in range(5):
        RecoveryTask.objects.create(
            programme=programme, title=f"Opgave {n}", description=themes[n], ministry=vws
        )
    insights = []
    for n in range(N_INSIGHTS):
        insight = services.create_insight(
            programme, by=analyst, title=f"Inzicht over {themes[n]}", text=themes[n]
        )
        direct = list(
            programme.contributions.filter(
                analysis_suggestions__cluster=cluster_of[themes[-1 - n]]
            ).order_by("pk")[:20]
        )
        services.add_evidence(insight, by=analyst, findings=[(run, n)], contributions=direct)
        insights.append(insight)
    first = insights[0]

    results: list = []
    behind = evidence.behind(first)
    n_behind = behind.count()
    timed("counts and spread of one insight", results, evidence.spread, behind, n=n_behind)
    timed(
        "a facilitator's insights",
        results,
        lambda: list(access.insights_visible_to(facilitator)),
    )
    timed(
        "a facilitator's counts",
        results,
        lambda: evidence.spread(evidence.behind_for(facilitator, first)),
    )
    timed(
        "findings board (whole run)",
        results,
        board.board,
        analyst,
        run,
        board.BoardFilter(),
        n=args.rows,
    )
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        cProfile.runctx("services.suggest_evidence(first)", globals(), locals(), sort="cumtime")
        return 0
    timed(
        "suggested evidence, first (embeds)", results, services.suggest_evidence, first, n=args.rows
    )
    made = timed(
        "suggested evidence, again (cache)", results, services.suggest_evidence, first, n=args.rows
    )
    proposals = timed("proposals for 6 insights", results, services.propose_links, programme)
    data = timed("export", results, transfer.export_programme, programme, n=N_INSIGHTS)
    path = os.path.join(var, "inzichten.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    report = timed(
        "import (nothing changed)",
        results,
        importing.import_file,
        programme,
        importing.read_file(path),
        n=N_INSIGHTS,
    )

    print(
        f"# insights bench: {args.rows:,} contributions, {N_TABLES} tables, "
        f"{len(themes)} findings, embedder {args.embedder}, {connection.vendor}, "
        f"Python {sys.version.split()[0]}"
    )
    print(f"{'step':38} {'items':>8} {'seconds':>8} {'rate':>10}")
    for label, n, seconds, rate in results:
        print(f"{label:38} {n!s:>8} {seconds:>8} {rate:>10}")
    print(
        f"behind the first insight: {n_behind:,}; suggestions: {len(made)}; "
        f"proposals: {proposals}; import unchanged: {report.unchanged} of {N_INSIGHTS}"
    )
    return 0 if report.unchanged == N_INSIGHTS else 1


if __name__ == "__main__":
    sys.exit(main())
