"""Fixtures for the analysis library: a small Dutch corpus, its codebook, and the Polis data."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

SHARED_DATA = Path(
    os.environ.get(
        "OOGST_SHARED_DATA", Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
)
POLIS = SHARED_DATA / "polis" if (SHARED_DATA / "polis").is_dir() else SHARED_DATA

SUBJECTS = {
    "wonen": [
        "de huurprijs",
        "een betaalbare woning",
        "de wachtlijst voor een huurhuis",
        "nieuwbouw in de wijk",
        "de hypotheekrente",
        "een starterswoning",
    ],
    "zorg": [
        "de huisarts",
        "de wachttijd in het ziekenhuis",
        "de mantelzorg",
        "de thuiszorg",
        "de verpleegkundigen",
        "de GGZ",
    ],
    "onderwijs": [
        "de school van mijn kind",
        "het thuisonderwijs",
        "de leraren",
        "het examen",
        "de stageplek",
        "de kinderopvang",
    ],
}
OPENERS = {
    "knel": "Ik maak me zorgen over {s}.",
    "kiem": "Dit wil ik behouden: {s}, dat ging goed.",
    "idee": "Ik stel voor dat de gemeente {s} beter regelt.",
    "vraag": "Hoe gaat het verder met {s}?",
}
TAILS = [
    "",
    " Dat merk ik elke dag.",
    " Vooral voor ouderen.",
    " Zeker in onze buurt.",
    " Sinds de crisis is het anders.",
    " Mijn buren zeggen hetzelfde.",
]


def make_corpus(n_per_theme: int = 30, seed: int = 0) -> tuple[list[dict], dict[str, str]]:
    """Records and their true theme, with role, consent and demographics columns."""
    rng = random.Random(seed)
    records, gold = [], {}
    i = 0
    for theme, subjects in SUBJECTS.items():
        for _ in range(n_per_theme):
            kind = rng.choice(sorted(OPENERS))
            text = OPENERS[kind].format(s=rng.choice(subjects)) + rng.choice(TAILS)
            rid = f"c{i:04d}"
            records.append(
                {
                    "id": rid,
                    "text": text + f" ({i})",
                    "role": rng.choice(["Student", "Wethouder", "Ondernemer", ""]),
                    "quote_consent": rng.choice(["ja", "ja", "nee"]),
                    # Young people only ever talk about education here: a blind spot elsewhere.
                    "age_group": "18-29" if theme == "onderwijs" else rng.choice(["30-64", "65+"]),
                }
            )
            gold[rid] = theme
            i += 1
    return records, gold


CODEBOOK = {
    "themes": [
        {"id": "wonen", "name": "Wonen", "description": "Huizen, huur, koop en woningbouw."},
        {"id": "zorg", "name": "Zorg", "description": "Huisarts, ziekenhuis en zorgverleners."},
        {"id": "onderwijs", "name": "Onderwijs", "description": "School, leraren en leerlingen."},
    ]
}


@pytest.fixture(scope="session")
def corpus() -> tuple[list[dict], dict[str, str]]:
    return make_corpus()


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the whole session: the USE model is embedded into once."""
    return tmp_path_factory.mktemp("embeddings")


def require_polis() -> Path:
    if not (POLIS / "austria-climate.2vkxcncppn.2022-07-07").is_dir():
        pytest.skip(
            f"../shared/data/polis is absent: the Polis benchmark tests need {POLIS} "
            "(or set OOGST_SHARED_DATA)"
        )
    return POLIS


DEMO = Path(__file__).resolve().parents[2] / "src" / "oogst" / "demo" / "data"


def demo_programme() -> tuple[list[dict], dict]:
    """The demo programme's contributions (id, text) and its codebook, read from the YAML the
    demo loader ships (written for this project)."""
    import yaml

    contributions = yaml.safe_load((DEMO / "contributions.yaml").read_text(encoding="utf-8"))
    programme = yaml.safe_load((DEMO / "programme.yaml").read_text(encoding="utf-8"))
    codebook = {
        "themes": [
            {"id": t["slug"], "name": t["name"], "description": t.get("description", "")}
            for t in programme["themes"]
        ]
    }
    records = [{"id": c["code"], "text": c["text"]} for c in contributions["contributions"]]
    return records, codebook
