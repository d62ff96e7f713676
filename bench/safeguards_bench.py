"""Benchmark of the redaction library on its own (both shipped test sets, with Deduce beside it
when installed), then of the privacy safeguards in the web app on a generated programme:
redacting bulk-imported contributions, recording one contribution (redaction included), bulk
review, the quote export and memo, purge (twice: the second run must change nothing) and one
erasure.

    .venv/bin/python bench/safeguards_bench.py [--rows 20000]
    .venv/bin/python bench/safeguards_bench.py --library      # the library only, no database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oogst_bench \
        .venv/bin/python bench/safeguards_bench.py

Without DATABASE_URL it uses a fresh SQLite database in a temporary directory. Prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time

FIRST = ["Sanne", "Jan", "Fatima", "Kees", "Ineke", "Mohamed", "Lotte", "Pieter", "Anouk", "Daan"]
LAST = ["de Vries", "Jansen", "Bakker", "El Amrani", "van der Berg", "Visser", "Smit", "Bouzid"]
SAYINGS = [
    "De wachtlijst bij de huisarts was maanden lang.",
    "Onze buurt hielp elkaar met boodschappen.",
    "Thuiswerken wil ik houden, twee dagen per week.",
    "De school moet meer aandacht geven aan welzijn.",
    "Kleine ondernemers vielen tussen wal en schip.",
]


def sentence(rng: random.Random) -> str:
    text = rng.choice(SAYINGS)
    roll = rng.random()
    if roll < 0.15:
        text += (
            f" Bel {rng.choice(FIRST)} {rng.choice(LAST)} op 06-{rng.randint(10000000, 99999999)}."
        )
    elif roll < 0.25:
        text += f" Mail mevrouw {rng.choice(LAST)} via {rng.choice(FIRST).lower()}@example.nl."
    elif roll < 0.3:
        text += f" Ik woon op de Dorpsstraat {rng.randint(1, 200)}, 8011 AB Zwolle."
    return text


def timed(label: str, results: list, fn, *args, n: int | None = None, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    seconds = time.perf_counter() - start
    rate = f"{n / seconds:,.0f}/s" if n else ""
    results.append((label, n or "", f"{seconds:.2f}", rate))
    return value


def library_throughput(passes: int) -> None:
    """Sentences and words per second of `Redactor.find_spans` (one process, one core) on the
    827 sentences of the shipped test sets, and of Deduce on the same sentences."""
    from oogst.privacy import Redactor
    from oogst.privacy.compare import DeduceRedactor, deduce_available
    from oogst.privacy.evaluate import TESTSETS, default_testset_path, load_testset

    texts = [item.text for n in TESTSETS for item in load_testset(default_testset_path(n))]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    redactor = Redactor()
    redactor.find_spans("Bel Sanne op 06-12345678.")
    loaded = time.perf_counter() - start
    tools = [("oogst", redactor, passes)]
    if deduce_available():
        start = time.perf_counter()
        tools.append(("deduce", DeduceRedactor(), 1))
        print(f"deduce loaded in {time.perf_counter() - start:.1f} s")
    print(
        f"# redaction library: {len(texts)} sentences, {words:,} words; oogst loaded in "
        f"{loaded:.2f} s, Python {sys.version.split()[0]}"
    )
    print(f"{'tool':8} {'passes':>6} {'seconds':>8} {'sentences/s':>12} {'words/s':>9}")
    for name, tool, n in tools:
        start = time.perf_counter()
        for _ in range(n):
            for text in texts:
                tool.find_spans(text)
        seconds = time.perf_counter() - start
        print(
            f"{name:8} {n:>6} {seconds:>8.2f} {n * len(texts) / seconds:>12,.0f} "
            f"{n * words / seconds:>9,.0f}"
        )
    if not deduce_available():
        print("Deduce is not installed: pip install deduce, to see it beside ours")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--library", action="store_true", help="the redaction library only")
    parser.add_argument("--passes", type=int, default=5, help="passes over the test sentences")
    args = parser.parse_args(argv)
    library_throughput(args.passes)
    if args.library:
        return 0
    os.environ.setdefault("OOGST_VAR_DIR", tempfile.mkdtemp(prefix="oogst-safeguards-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oogst.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from oogst.accounts.models import User
    from oogst.harvest.actions import record_contribution
    from oogst.harvest.models import Contribution
    from oogst.participants.models import Consent, ContactDetails, Participant
    from oogst.programme.models import Programme, Table, Track
    from oogst.safeguards import exports, selectors, services
    from oogst.safeguards.models import RedactedText

    rng = random.Random(7)
    slug = f"bench-{int(time.time())}"
    programme = Programme.objects.create(
        slug=slug, name="Benchmark", retention_until=dt.date(2020, 1, 1)
    )
    track = Track.objects.create(programme=programme, slug="burgers", name="Burgers")
    table = Table.objects.create(programme=programme, code="B1", name="Bench", track=track)
    analyst = User.objects.create(username=f"bench-analyst-{slug}", role="analyst")
    n_people = max(10, args.rows // 10)
    people = Participant.objects.bulk_create(
        [Participant(programme=programme, code=f"P-B{i:07d}") for i in range(n_people)]
    )
    ContactDetails.objects.bulk_create(
        [
            ContactDetails(participant=p, name="Naam", email=f"p{i}@example.nl", phone="0612345678")
            for i, p in enumerate(people)
        ]
    )
    Consent.objects.bulk_create(
        [Consent(participant=p, purpose="quote", given=rng.random() < 0.7) for p in people]
    )
    rows = [
        Contribution(
            programme=programme,
            table=table,
            participant=rng.choice(people),
            text=sentence(rng),
            is_quote=rng.random() < 0.5,
            role_label="Inwoner",
        )
        for _ in range(args.rows)
    ]
    Contribution.objects.bulk_create(rows, batch_size=2000)

    results: list = []
    timed("redact_missing (bulk import)", results, services.redact_missing, programme, n=args.rows)
    leaked = RedactedText.objects.filter(
        contribution__programme=programme, text__contains="@example.nl"
    ).count()

    def record_one(k=500):
        for _ in range(k):
            record_contribution(programme, channel="table", table_id=table.pk, text=sentence(rng))

    timed("record one (redaction included)", results, record_one, n=500)
    queue = RedactedText.objects.filter(contribution__programme=programme)
    n_review = min(5000, args.rows)
    chosen = queue.filter(pk__in=list(queue.values_list("pk", flat=True)[:n_review]))
    timed("bulk accept (with audit)", results, services.bulk_accept, chosen, analyst, n=n_review)
    selection = timed(
        "quotes_for_export", results, selectors.quotes_for_export, programme, n=args.rows
    )
    memo = timed(
        "memo DOCX",
        results,
        exports.memo_docx,
        selection,
        selectors.programme_figures(programme),
        author="bench",
        n=len(selection.quotes),
    )
    first = timed("purge, first run", results, services.purge_programme, programme, n=args.rows)
    second = timed("purge, second run", results, services.purge_programme, programme, n=args.rows)
    timed("erase one participant", results, services.erase_participant, people[0], analyst)

    print(
        f"# safeguards bench: {args.rows:,} contributions, {n_people:,} participants, "
        f"{connection.vendor}, Python {sys.version.split()[0]}"
    )
    print(f"{'step':34} {'items':>8} {'seconds':>8} {'rate':>10}")
    for label, n, seconds, rate in results:
        print(f"{label:34} {n!s:>8} {seconds:>8} {rate:>10}")
    print(
        f"quotes in export: {len(selection.quotes):,}; withheld: {dict(selection.withheld)}; "
        f"memo {len(memo) / 1024:.0f} KiB"
    )
    print(
        f"purge first run changed {first.changed:,}; "
        f"second run changed {second.changed} (must be 0)"
    )
    print(f"e-mail addresses left in redacted text: {leaked} (must be 0)")
    return 0 if second.changed == 0 and leaked == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
