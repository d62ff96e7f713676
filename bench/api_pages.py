"""Benchmark: the API's contribution pages deep in a large programme, by page number (offset)
and by cursor, with and without the newest-first index.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oogst_bench_api \
        .venv/bin/python bench/api_pages.py --contributions 100000

The database is migrated and filled once (a programme `bench-api` with N contributions; a
second run reuses it). Without DATABASE_URL it uses a fresh SQLite database in a temporary
directory. Prints the median of 5 requests per page, through Django's test client (no server).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=50)
    args = parser.parse_args(argv)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("OOGST_VAR_DIR", tempfile.mkdtemp(prefix="oogst-api-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oogst.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from oogst.accounts.models import Role, User
    from oogst.api.selectors import contributions_for, cursor_after
    from oogst.api.services import create_api_token
    from oogst.harvest.models import Contribution
    from oogst.programme.models import Programme

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    programme, _ = Programme.objects.get_or_create(slug="bench-api", name="API-benchmark")
    have = Contribution.objects.filter(programme=programme).count()
    if have < args.contributions:
        started = time.perf_counter()
        for start in range(have, args.contributions, 5000):
            Contribution.objects.bulk_create(
                Contribution(programme=programme, kind="idee", text=f"Bijdrage nummer {i}")
                for i in range(start, min(start + 5000, args.contributions))
            )
        print(
            f"made {args.contributions - have:,} contributions in "
            f"{time.perf_counter() - started:.0f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE harvest_contribution")
    user, _ = User.objects.get_or_create(
        username="bench-api", defaults={"role": Role.ANALYST, "is_superuser": True}
    )
    _token, raw = create_api_token(user, "bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    total = Contribution.objects.filter(programme=programme).count()
    size = args.page_size
    last = max(1, -(-total // size))
    ordered = contributions_for(user, programme="bench-api")

    def cursor_before_page(page: int) -> str:
        return cursor_after(ordered[(page - 1) * size - 1])

    def median_ms(url: str) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:300]
        return statistics.median(times)

    base = f"/api/v1/contributions?programme=bench-api&page_size={size}"
    pages = [1, last // 2, last]
    rows = []
    for label in ("with index", "without index"):
        if label == "without index":
            if connection.vendor != "postgresql":
                break
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX contribution_newest_first")
        try:
            for page in pages:
                by_number = median_ms(f"{base}&page={page}")
                by_cursor = (
                    median_ms(f"{base}&cursor={cursor_before_page(page)}") if page > 1 else None
                )
                rows.append((label, page, by_number, by_cursor))
        finally:
            if label == "without index":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "CREATE INDEX contribution_newest_first ON harvest_contribution "
                        "(created_at DESC, id DESC)"
                    )
    print(
        f"\n{connection.vendor}, {total:,} contributions, pages of {size} "
        f"(median of 5 requests, ms)"
    )
    print(f"{'':14} {'page':>6} {'?page=':>9} {'?cursor=':>9}")
    for label, page, by_number, by_cursor in rows:
        cursor_text = f"{by_cursor:9.1f}" if by_cursor is not None else f"{'-':>9}"
        print(f"{label:14} {page:>6} {by_number:9.1f} {cursor_text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
