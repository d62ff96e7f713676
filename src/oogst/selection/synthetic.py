"""A synthetic sign-up pool of any size (`oogst generate --applicants N --out FILE.csv`).

Not real people and never presented as such: every row says `synthetic` = `ja`, names are
absent and e-mail addresses end in the reserved domain `example.org`. The pool is skewed the
way real sign-ups are: older and higher-educated people apply more often than their share of
the population, people with a migration background and the youngest less often. The same seed
gives the same file. No Django: the command runs without a database.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator

from .population import AGE_BANDS, load_population_shares

# How much more (or less) often a group signs up than its share of the population. These are
# assumptions for a synthetic pool, in the direction that evaluations of citizens' panels
# report; they are not measurements.
SIGNUP_SKEW = {
    "education": {"low": 0.45, "middle": 0.85, "high": 1.75},
    "background": {
        "none": 1.1,
        "western": 0.9,
        "non_western": 0.5,
    },
    "gender": {"man": 1.08, "woman": 0.95},
    "province": {"Utrecht": 1.25, "Noord-Holland": 1.15, "Flevoland": 0.8, "Zeeland": 0.8},
}
# The synthetic pool's own age profile (the shipped CBS data has no age bands): few under 25,
# many between 55 and 75.
AGE_WEIGHTS = {
    "16-24": 0.06,
    "25-34": 0.11,
    "35-44": 0.13,
    "45-54": 0.16,
    "55-64": 0.21,
    "65-74": 0.22,
    "75+": 0.11,
}
# Share of applicants who leave a question unanswered (every demographic question is optional).
SKIPPED = {
    "age_band": 0.02,
    "gender": 0.01,
    "province": 0.01,
    "education": 0.04,
    "background": 0.08,
}
GENDER_OTHER = 0.01

COLUMNS = [
    "id",
    "email",
    "age_band",
    "gender",
    "province",
    "education",
    "background",
    "synthetic",
]


def _weights(feature: str, shares: dict[str, float]) -> tuple[list[str], list[float]]:
    skew = SIGNUP_SKEW.get(feature, {})
    values = list(shares)
    return values, [shares[v] * skew.get(v, 1.0) for v in values]


def generate_applicants(n: int, seed: int = 42) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    shares = load_population_shares()
    tables = {feature: _weights(feature, values) for feature, values in shares.items()}
    tables["age_band"] = (list(AGE_BANDS), [AGE_WEIGHTS[a] for a in AGE_BANDS])
    for i in range(n):
        row = {"id": f"SYN-{i + 1:06d}", "email": f"aanmelder{i + 1}@example.org"}
        for feature in ("age_band", "gender", "province", "education", "background"):
            if rng.random() < SKIPPED[feature]:
                row[feature] = "unknown"
            elif feature == "gender" and rng.random() < GENDER_OTHER:
                row[feature] = "other"
            else:
                values, weights = tables[feature]
                row[feature] = rng.choices(values, weights)[0]
        row["synthetic"] = "ja"
        yield row


def write_csv(rows, out) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def generate_applicants_main(args: argparse.Namespace) -> int:
    """The `--applicants` branch of `oogst generate`."""
    if args.applicants < 0:
        print("oogst generate: --applicants moet 0 of meer zijn", file=sys.stderr)
        return 2
    rows = generate_applicants(args.applicants, args.seed)
    if args.out == "-":
        write_csv(rows, sys.stdout)
        return 0
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        n = write_csv(rows, out)
    print(f"{n} synthetische aanmelders geschreven naar {args.out}", file=sys.stderr)
    return 0
