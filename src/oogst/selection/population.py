"""The population the draw aims to reflect: CBS shares shipped as data, with their source.

`data/cbs_population.csv` holds, per group, either a count or a percentage, the population it
refers to, the period and the StatLine table it was taken from. A programme team copies these
into its own targets and edits them; the file itself is never changed by the app. Age bands
have no row: the shipped file has no CBS figure in the bands the sign-up form asks, so a team
sets its age targets itself. No Django here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

POPULATION_CSV = Path(__file__).resolve().parent / "data" / "cbs_population.csv"

# The categories of afspiegeling, as the participants app stores them.
FEATURES = ("age_band", "gender", "province", "education", "background")
AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
NOT_GIVEN = "unknown"


@dataclass(frozen=True)
class PopulationShare:
    feature: str
    value: str
    share: float  # percent of the population the source describes
    population: str
    period: str
    source_table: str
    source_url: str
    note: str = ""  # how the group was made from the table's own categories


@cache
def load_population() -> tuple[PopulationShare, ...]:
    with open(POPULATION_CSV, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    totals: dict[str, int] = {}
    for row in rows:
        if row["count"]:
            totals[row["feature"]] = totals.get(row["feature"], 0) + int(row["count"])
    shares = []
    for row in rows:
        share = (
            100.0 * int(row["count"]) / totals[row["feature"]]
            if row["count"]
            else float(row["share"])
        )
        shares.append(
            PopulationShare(
                feature=row["feature"],
                value=row["value"],
                share=round(share, 2),
                population=row["population"],
                period=row["period"],
                source_table=row["source_table"],
                source_url=row["source_url"],
                note=row.get("note", ""),
            )
        )
    return tuple(shares)


def load_population_shares() -> dict[str, dict[str, float]]:
    """{feature: {value: percent}} for every feature the shipped file covers."""
    result: dict[str, dict[str, float]] = {}
    for item in load_population():
        result.setdefault(item.feature, {})[item.value] = item.share
    return result
