"""The draw at programme scale (`make bench ONLY=selection`): a legacy draw of 1,500 seats from
20,000 synthetic applicants with five quota categories, and a maximin draw of 100 from 2,000.
Each prints its time, its quota fit and the spread of the selection probabilities; figures are
recorded in docs/benchmarks.md.

Quotas: gender, province, education and migration background from the shipped CBS shares; age
bands (no CBS figure is shipped) an equal share of the seats per band, a programme's choice
rather than the population. Tolerance 10 % around each target, rounded outwards.

    .venv/bin/python bench/selection_bench.py            # both
    .venv/bin/python bench/selection_bench.py --only maximin
"""

from __future__ import annotations

import argparse
import json
import platform
import time

from oogst.selection import draw as lottery
from oogst.selection.population import AGE_BANDS, load_population_shares
from oogst.selection.synthetic import generate_applicants

CASES = {
    # name: (applicants, seats, algorithm, time limit in seconds or None)
    "legacy": (20000, 1500, "legacy", 120),
    "maximin": (2000, 100, "maximin", None),
}


def run(name: str, estimate_seconds: float) -> dict:
    applicants, seats, algorithm, limit = CASES[name]
    pool = list(generate_applicants(applicants, seed=1))
    shares = load_population_shares()
    shares["age_band"] = {band: 100 / len(AGE_BANDS) for band in AGE_BANDS}
    values = {f: {row[f] for row in pool} for f in lottery.FEATURES}
    bounds = lottery.bounds_from_shares(shares, seats, 0.10, values)
    started = time.perf_counter()
    result = lottery.draw(
        pool, bounds, seats, seed=2026, algorithm=algorithm, estimate_seconds=estimate_seconds
    )
    wall = time.perf_counter() - started
    outside = [g for g in result.fit if not g.within]
    worst = max(result.fit, key=lambda g: abs(g.drawn - (g.target or g.drawn)))
    report = {
        "case": name,
        "applicants": applicants,
        "seats": seats,
        "algorithm": result.algorithm,
        "categories": len({g.feature for g in result.fit}),
        "groups": len(result.fit),
        "groups_within_bounds": len(result.fit) - len(outside),
        "largest_gap": f"{worst.feature}={worst.value}: target {worst.target}, drawn {worst.drawn}",
        "probability_method": result.probability_method,
        "estimate_runs": result.estimate_runs,
        "probability_spread": {k: round(v, 4) for k, v in result.probability_spread().items()},
        "seconds_draw": result.draw_seconds,
        "cpu_seconds_draw": result.draw_cpu_seconds,
        "seconds_with_probabilities": result.seconds,
        "seconds_wall": round(wall, 1),
    }
    if limit is not None:
        report["limit_seconds"] = limit
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=list(CASES))
    parser.add_argument(
        "--estimate-seconds",
        type=float,
        default=60.0,
        help="time budget for legacy's repeat draws (probability estimate)",
    )
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {platform.machine()}")
    failed = False
    for name in [args.only] if args.only else list(CASES):
        report = run(name, args.estimate_seconds)
        print(json.dumps(report, ensure_ascii=False))
        if report["groups_within_bounds"] != report["groups"]:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
