"""The draw (loting): stratified random selection with the Sortition Foundation's
`sortition-algorithms`, its result, and the audit from which anyone can run it again.

Plain data in, plain data out; no Django. A pool is a list of rows, each with an `id` and one
value per feature; quotas are bounds (min, max) per feature value. `draw()` returns who was
selected, each applicant's selection probability, the quota fit and what was used (algorithm,
seed, library version); `audit()` writes that, with the pool and the quotas, into one JSON
document, and `replay()` runs the draw in it again.

Reproducibility has two conditions the library leaves to its caller: the seed must not be 0
(the library then draws from `secrets`), and maximin builds its committees in sets, whose order
follows Python's string hashing, so it runs in a child process with a fixed PYTHONHASHSEED.
"""

from __future__ import annotations

import json
import logging
import math
import os
import secrets
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import version

from .population import FEATURES, NOT_GIVEN

ALGORITHMS = ("legacy", "maximin", "leximin")
# Above this pool size the web app refuses maximin and advises legacy: 100 seats from 2,000
# took about 11 CPU-minutes here (docs/benchmarks.md), and the time grows faster than the pool.
MAXIMIN_POOL_LIMIT = 2500
# Legacy gives no distribution: its probabilities are estimated from repeat draws, at most
# this many, and no more than the time budget allows once the first has run (a legacy draw of
# 1,500 from 20,000 takes half a minute here).
DEFAULT_ESTIMATE_RUNS = 200
DEFAULT_ESTIMATE_SECONDS = 60.0
AUDIT_FORMAT = "oogst-selection-audit/1"
HASH_SEED = "0"
RESULT_MARKER = "\n@@oogst-draw-result@@ "


class DrawError(Exception):
    """The draw cannot be made as asked; the message says why, in words for the team."""


@dataclass(frozen=True)
class Bound:
    feature: str
    value: str
    min: int
    max: int
    target: float | None = None  # seats the population share asks for, when there is one


@dataclass
class GroupFit:
    feature: str
    value: str
    min: int
    max: int
    target: float | None
    pool: int
    drawn: int

    @property
    def within(self) -> bool:
        return self.min <= self.drawn <= self.max


@dataclass
class DrawResult:
    selected: list[str]
    probabilities: dict[str, float]
    probability_method: str  # "exact" (from the distribution) or "estimate" (repeat draws)
    estimate_runs: int
    algorithm: str
    requested_algorithm: str
    seed: int
    seats: int
    fit: list[GroupFit] = field(default_factory=list)
    seconds: float = 0.0  # the whole run, with legacy's repeat draws for the probabilities
    draw_seconds: float = 0.0  # the draw alone
    draw_cpu_seconds: float = 0.0  # the same in CPU time: steadier on a shared machine
    messages: list[str] = field(default_factory=list)
    library_version: str = ""

    @property
    def all_within(self) -> bool:
        return all(group.within for group in self.fit)

    def probability_spread(self) -> dict[str, float]:
        values = sorted(self.probabilities.values())
        if not values:
            return {}
        return {
            "min": values[0],
            "median": values[len(values) // 2],
            "max": values[-1],
            "mean": sum(values) / len(values),
        }


def new_seed() -> int:
    """A seed for a draw nobody gave one for: random, never 0, recorded in the audit."""
    return secrets.randbelow(2**31 - 2) + 1


def bounds_from_shares(
    shares: dict[str, dict[str, float]],
    seats: int,
    tolerance: float,
    values: dict[str, set[str]],
) -> list[Bound]:
    """Bounds per group from population shares (percent): the share of `seats`, widened by
    `tolerance` (0.1 = 10 % either way) and rounded outwards. Groups that are in the pool but
    have no share (not given, other) may take any number of seats up to the seats."""
    bounds = []
    for feature in FEATURES:
        feature_shares = shares.get(feature) or {}
        if not feature_shares:
            continue
        total = sum(feature_shares.values()) or 1.0
        for value in sorted(set(feature_shares) | values.get(feature, set())):
            if value in feature_shares:
                target = seats * feature_shares[value] / total
                low = max(0, math.floor(target * (1 - tolerance)))
                high = min(seats, math.ceil(target * (1 + tolerance)))
                bounds.append(Bound(feature, value, low, high, round(target, 2)))
            else:
                bounds.append(Bound(feature, value, 0, seats, None))
    return bounds


def check_feasible(pool: list[dict], bounds: list[Bound], seats: int) -> list[str]:
    """What makes this draw impossible, in words (empty when nothing does)."""
    problems = []
    if seats < 1:
        problems.append("Het aantal plaatsen moet minstens 1 zijn.")
    if seats > len(pool):
        problems.append(f"Er zijn {seats} plaatsen maar maar {len(pool)} aanmelders in de pool.")
    counts = pool_counts(pool, bounds)
    by_feature: dict[str, list[Bound]] = {}
    for bound in bounds:
        by_feature.setdefault(bound.feature, []).append(bound)
        available = counts[(bound.feature, bound.value)]
        if bound.min > available:
            problems.append(
                f"Groep {bound.feature} = {bound.value}: minimaal {bound.min} nodig, maar "
                f"{available} in de pool."
            )
        if bound.min > bound.max:
            problems.append(
                f"Groep {bound.feature} = {bound.value}: minimum {bound.min} is groter dan "
                f"maximum {bound.max}."
            )
    for feature, group in by_feature.items():
        low, high = sum(b.min for b in group), sum(b.max for b in group)
        if low > seats:
            problems.append(f"De minima van {feature} tellen op tot {low}, meer dan {seats}.")
        if high < seats:
            problems.append(f"De maxima van {feature} tellen op tot {high}, minder dan {seats}.")
        known = {b.value for b in group}
        missing = sorted({row[feature] for row in pool} - known)
        if missing:
            problems.append(
                f"Aanmelders met {feature} = {', '.join(missing)} vallen in geen enkele groep."
            )
    return problems


def pool_counts(pool: list[dict], bounds: list[Bound]) -> dict[tuple[str, str], int]:
    counts = {(b.feature, b.value): 0 for b in bounds}
    features = {b.feature for b in bounds}
    for row in pool:
        for feature in features:
            key = (feature, row[feature])
            if key in counts:
                counts[key] += 1
    return counts


def quota_fit(pool: list[dict], bounds: list[Bound], selected) -> list[GroupFit]:
    chosen = set(selected)
    in_pool = pool_counts(pool, bounds)
    drawn = pool_counts([row for row in pool if row["id"] in chosen], bounds)
    return [
        GroupFit(
            b.feature,
            b.value,
            b.min,
            b.max,
            b.target,
            in_pool[(b.feature, b.value)],
            drawn[(b.feature, b.value)],
        )
        for b in bounds
    ]


# --- running the library --------------------------------------------------------------------


def _library_inputs(pool: list[dict], bounds: list[Bound]):
    from sortition_algorithms import Settings, read_in_features, read_in_people

    features_head = ["feature", "value", "min", "max"]
    features_body = [
        {"feature": b.feature, "value": b.value, "min": str(b.min), "max": str(b.max)}
        for b in bounds
    ]
    features, _, _ = read_in_features(features_head, features_body)
    used = list(dict.fromkeys(b.feature for b in bounds))
    settings = Settings(id_column="id", columns_to_keep=[])
    people, _ = read_in_people(
        ["id", *used],
        [{"id": row["id"], **{f: row[f] for f in used}} for row in pool],
        features,
        settings,
    )
    return features, people


def _legacy_once(features, people, seats: int, seed: int) -> frozenset[str]:
    from sortition_algorithms.committee_generation import find_random_sample_legacy
    from sortition_algorithms.utils import set_random_provider

    set_random_provider(seed)
    committees, _ = find_random_sample_legacy(people, features, seats, [], max_attempts=100)
    return committees[0]


def _estimate_legacy(pool, bounds, features, people, seats, seed, max_runs, budget):
    """Selection probabilities of the legacy algorithm, estimated from repeat draws with the
    seeds after the draw's own. The algorithm sees only the answers the quotas use, so everyone
    with the same answers has the same chance: each estimate is the average over that group,
    which needs far fewer repeats than counting person by person."""
    used = list(dict.fromkeys(b.feature for b in bounds))
    kind = {row["id"]: tuple(row[f] for f in used) for row in pool}
    size: dict[tuple, int] = {}
    for key in kind.values():
        size[key] = size.get(key, 0) + 1
    drawn: dict[tuple, int] = {}
    runs, started = 0, time.perf_counter()
    while runs < max_runs and (runs == 0 or time.perf_counter() - started < budget):
        for person in _legacy_once(features, people, seats, seed + 1 + runs):
            drawn[kind[person]] = drawn.get(kind[person], 0) + 1
        runs += 1
    if not runs:
        return {}, 0
    return {pid: drawn.get(key, 0) / (runs * size[key]) for pid, key in kind.items()}, runs


def _distribution(features, people, seats: int, seed: int, algorithm: str):
    from sortition_algorithms.committee_generation import (
        find_distribution_leximin,
        find_distribution_maximin,
        standardize_distribution,
    )
    from sortition_algorithms.core import lottery_rounding
    from sortition_algorithms.utils import set_random_provider

    set_random_provider(seed)
    find = find_distribution_leximin if algorithm == "leximin" else find_distribution_maximin
    committees, probabilities, _ = find(features, people, seats, [])
    committees, probabilities = standardize_distribution(committees, probabilities)
    # One canonical order before the lottery, whatever order the solver found them in.
    order = sorted(range(len(committees)), key=lambda i: sorted(committees[i]))
    committees = [committees[i] for i in order]
    probabilities = [probabilities[i] for i in order]
    marginals = dict.fromkeys(people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for person in committee:
            marginals[person] += probability
    chosen = lottery_rounding(committees, probabilities, 1)[0]
    return chosen, marginals


def run_in_process(spec: dict) -> dict:
    """The draw itself, in this process. `spec`: pool, bounds, seats, seed, algorithm,
    estimate_runs. Returns a plain dict (see `DrawResult`)."""
    from sortition_algorithms.committee_generation import GUROBI_AVAILABLE
    from sortition_algorithms.errors import SortitionBaseError

    for name in ("sortition_algorithms", "sortition_algorithms_user"):
        logging.getLogger(name).setLevel(logging.WARNING)
    started, cpu_started = time.perf_counter(), time.process_time()
    pool, seats, seed = spec["pool"], int(spec["seats"]), int(spec["seed"])
    bounds = [Bound(**b) for b in spec["bounds"]]
    requested = algorithm = spec["algorithm"]
    messages = []
    if algorithm == "leximin" and not GUROBI_AVAILABLE:
        algorithm = "maximin"
        messages.append(
            "Leximin heeft de commerciële solver Gurobi nodig, die hier niet is geïnstalleerd; "
            "de loting is met maximin gedaan."
        )
    try:
        features, people = _library_inputs(pool, bounds)
        if algorithm == "legacy":
            chosen = _legacy_once(features, people, seats, seed)
            draw_seconds = time.perf_counter() - started
            draw_cpu_seconds = time.process_time() - cpu_started
            probabilities, runs = _estimate_legacy(
                pool,
                bounds,
                features,
                people,
                seats,
                seed,
                int(spec.get("estimate_runs", DEFAULT_ESTIMATE_RUNS)),
                float(spec.get("estimate_seconds", DEFAULT_ESTIMATE_SECONDS)),
            )
            method = "estimate" if runs else "none"
        else:
            chosen, probabilities = _distribution(features, people, seats, seed, algorithm)
            runs, method = 0, "exact"
            draw_seconds = time.perf_counter() - started
            draw_cpu_seconds = time.process_time() - cpu_started
    except SortitionBaseError as error:
        raise DrawError(f"De loting is niet gelukt: {error}") from error
    return {
        "selected": sorted(chosen),
        "probabilities": {p: round(v, 6) for p, v in probabilities.items()},
        "probability_method": method,
        "estimate_runs": runs,
        "algorithm": algorithm,
        "requested_algorithm": requested,
        "seed": seed,
        "seats": seats,
        "seconds": round(time.perf_counter() - started, 3),
        "draw_seconds": round(draw_seconds, 3),
        "draw_cpu_seconds": round(draw_cpu_seconds, 3),
        "messages": messages,
        "library_version": version("sortition-algorithms"),
    }


def _run(spec: dict) -> dict:
    """Run the draw where string hashing is fixed: here if it already is, else in a child."""
    if os.environ.get("PYTHONHASHSEED") == HASH_SEED:
        return run_in_process(spec)
    env = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
    done = subprocess.run(
        [sys.executable, "-m", "oogst.selection.draw"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    # The library may print progress on stdout; our answer is the one line after the marker.
    answer = done.stdout.rpartition(RESULT_MARKER)[2].strip()
    if done.returncode == 3:
        raise DrawError(answer)
    if done.returncode != 0 or not answer:
        raise RuntimeError(f"draw process failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(answer)


def draw(
    pool: list[dict],
    bounds: list[Bound],
    seats: int,
    *,
    seed: int | None = None,
    algorithm: str = "maximin",
    estimate_runs: int = DEFAULT_ESTIMATE_RUNS,
    estimate_seconds: float = DEFAULT_ESTIMATE_SECONDS,
) -> DrawResult:
    """Draw `seats` applicants from `pool` within `bounds`. Raises DrawError with the reasons
    when it cannot be done; nothing is drawn then."""
    if algorithm not in ALGORITHMS:
        raise DrawError(f"Onbekend algoritme {algorithm!r}: kies {', '.join(ALGORITHMS)}.")
    pool = [_clean_row(row) for row in pool]
    problems = check_feasible(pool, bounds, seats)
    if problems:
        raise DrawError(" ".join(problems))
    seed = seed or new_seed()
    spec = {
        "pool": pool,
        "bounds": [asdict(b) for b in bounds],
        "seats": seats,
        "seed": seed,
        "algorithm": algorithm,
        "estimate_runs": estimate_runs,
        "estimate_seconds": estimate_seconds,
    }
    data = _run(spec)
    known = DrawResult.__dataclass_fields__
    result = DrawResult(**{k: v for k, v in data.items() if k in known})
    result.fit = quota_fit(pool, bounds, result.selected)
    return result


def _clean_row(row: dict) -> dict:
    clean = {"id": str(row["id"])}
    for feature in FEATURES:
        clean[feature] = str(row.get(feature) or NOT_GIVEN)
    return clean


# --- the audit file ---------------------------------------------------------------------------


def audit(pool: list[dict], bounds: list[Bound], result: DrawResult, **context) -> dict:
    """Everything needed to run this draw again and check its outcome; no contact details,
    only the pseudonymous ids and the answers the draw used."""
    return {
        "format": AUDIT_FORMAT,
        "context": context,
        "software": {
            "sortition-algorithms": result.library_version,
            "python_hash_seed": HASH_SEED,
        },
        "how_to_replay": (
            "oogst select --replay audit.json  (or draw.replay() in oogst.selection.draw): "
            "the same pool, quotas, seats, seed and algorithm give the same selection."
        ),
        "algorithm": result.algorithm,
        "requested_algorithm": result.requested_algorithm,
        "seed": result.seed,
        "seats": result.seats,
        "estimate_runs": result.estimate_runs,
        "quotas": [asdict(b) for b in bounds],
        "pool": [_clean_row(row) for row in pool],
        "result": {
            "selected": result.selected,
            "probability_method": result.probability_method,
            "probabilities": result.probabilities,
            "fit": [asdict(g) | {"within": g.within} for g in result.fit],
            "seconds": result.seconds,
            "messages": result.messages,
        },
    }


def replay(document: dict, *, estimate: bool = False) -> tuple[DrawResult, bool]:
    """Run the draw of an audit document again; returns the new result and whether it selected
    exactly the same applicants. Legacy's probability estimate is repeated only on request."""
    if document.get("format") != AUDIT_FORMAT:
        raise DrawError(f"Geen auditbestand van een loting ({AUDIT_FORMAT}).")
    bounds = [Bound(**b) for b in document["quotas"]]
    result = draw(
        document["pool"],
        bounds,
        int(document["seats"]),
        seed=int(document["seed"]),
        algorithm=document["algorithm"],
        estimate_runs=int(document.get("estimate_runs", DEFAULT_ESTIMATE_RUNS)) if estimate else 0,
    )
    return result, result.selected == sorted(document["result"]["selected"])


def _child_main() -> int:
    spec = json.loads(sys.stdin.read())
    try:
        answer, code = json.dumps(run_in_process(spec)), 0
    except DrawError as error:
        answer, code = str(error), 3
    sys.stdout.write(RESULT_MARKER + answer + "\n")
    return code


if __name__ == "__main__":
    sys.exit(_child_main())
