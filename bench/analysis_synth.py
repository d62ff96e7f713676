"""Synthetic Dutch contributions for speed benchmarks: varied sentences on a dozen themes.

Not for quality figures (the words give the themes away); only to time the analysis on
100,000 or 1,000,000 rows. Deterministic for a given seed.

    python bench/analysis_synth.py 100000 out.csv [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import random

THEMES = {
    "werk": [
        "mijn baan",
        "thuiswerken",
        "de werkdruk",
        "het contract",
        "zzp'ers",
        "de collega's",
        "het salaris",
        "de arbeidsmarkt",
        "de vacatures",
        "bijscholing",
    ],
    "wonen": [
        "de huurprijs",
        "een starterswoning",
        "de wachtlijst",
        "de woningbouw",
        "de hypotheek",
        "een sociale huurwoning",
        "de buurt",
        "de verduurzaming",
    ],
    "zorg": [
        "de huisarts",
        "het ziekenhuis",
        "de wachttijd",
        "de mantelzorg",
        "de GGZ",
        "de thuiszorg",
        "de verpleging",
        "het eigen risico",
    ],
    "onderwijs": [
        "de school",
        "het thuisonderwijs",
        "de leraren",
        "de stage",
        "het examen",
        "de studiefinanciering",
        "de kinderopvang",
    ],
    "jongeren": [
        "jongeren",
        "studenten",
        "de sportclub",
        "het uitgaan",
        "de bijbaan",
        "de eenzaamheid onder jongeren",
        "het jongerenwerk",
    ],
    "klimaat": [
        "zonnepanelen",
        "de energierekening",
        "het openbaar vervoer",
        "de fiets",
        "de isolatie",
        "de warmtepomp",
        "groen in de wijk",
    ],
    "veiligheid": [
        "de wijkagent",
        "de overlast",
        "inbraken",
        "de straatverlichting",
        "de handhaving",
        "het vuurwerk",
    ],
    "ondernemen": [
        "mijn winkel",
        "de horeca",
        "de steunmaatregelen",
        "de omzet",
        "de lokale ondernemers",
        "de regeldruk",
        "de markt",
    ],
    "online": [
        "videobellen",
        "de digitale overheid",
        "online lessen",
        "het wifi-netwerk",
        "de sociale media",
        "nepnieuws",
        "het inloggen met DigiD",
    ],
    "cultuur": [
        "het theater",
        "de bibliotheek",
        "het museum",
        "de muziekschool",
        "de festivals",
        "het verenigingsleven",
    ],
    "vertrouwen": [
        "de overheid",
        "de politiek",
        "de gemeente",
        "de wetenschap",
        "de media",
        "de instanties",
    ],
    "samenleven": [
        "de buren",
        "de vrijwilligers",
        "de ouderen",
        "de wijkvereniging",
        "de moskee en de kerk",
        "de burenhulp",
    ],
}
OPENERS = {
    "knel": [
        "Ik maak me zorgen over {x}.",
        "Het probleem is {x}.",
        "Wat knelt is {x}.",
        "Het is moeilijk met {x}.",
        "Er is te weinig aandacht voor {x}.",
    ],
    "kiem": [
        "Mooi dat {x} beter is geworden.",
        "Dit wil ik behouden: {x}.",
        "Positief is {x}.",
        "We hebben geleerd hoe belangrijk {x} is.",
    ],
    "idee": [
        "Ik stel voor om {x} te verbeteren.",
        "De gemeente zou {x} moeten regelen.",
        "Mijn idee: maak {x} goedkoper.",
        "Laten we {x} samen aanpakken.",
    ],
    "vraag": [
        "Hoe gaat het verder met {x}?",
        "Waarom duurt het zo lang met {x}?",
        "Wanneer komt er duidelijkheid over {x}?",
    ],
}
TAILS = [
    "",
    "",
    " Dat merk ik elke dag.",
    " Vooral in onze wijk.",
    " Sinds de crisis is dat erger.",
    " Mijn buurvrouw zegt hetzelfde.",
    " Dat moet echt anders.",
    " Voor ouderen vooral.",
    " Zeker op het platteland.",
    " Kijk naar wat er in {place} gebeurt.",
    " Dat kost gezinnen veel geld.",
    " Daar is lef voor nodig.",
    " Maar niemand luistert.",
]
PLACES = [
    "Zwolle",
    "Venlo",
    "Delft",
    "Assen",
    "Leeuwarden",
    "Tilburg",
    "Almere",
    "Goes",
    "Emmen",
    "Heerlen",
    "Den Helder",
    "Nijmegen",
]
ROLES = [
    "Student",
    "Wethouder",
    "Ondernemer",
    "Verpleegkundige",
    "Leraar",
    "Gepensioneerde",
    "Jongerenwerker",
    "Dialoog 4",
    "Boer",
    "Vrijwilliger",
]
AGES = ["18-29", "30-44", "45-64", "65+"]
REGIONS = ["Noord", "Oost", "Zuid", "West"]


def generate(n: int, seed: int = 0, start: int = 0) -> list[dict[str, str]]:
    rng = random.Random(seed)
    themes = sorted(THEMES)
    rows = []
    seen: set[str] = set()
    for i in range(start, start + n):
        theme = rng.choice(themes)
        kind = rng.choice(sorted(OPENERS))
        subject = rng.choice(THEMES[theme])
        other = rng.choice(THEMES[rng.choice(themes)]) if rng.random() < 0.3 else None
        text = rng.choice(OPENERS[kind]).format(x=subject)
        text = text[0].upper() + text[1:]
        if other:
            text += f" En ook {other} speelt mee."
        text += rng.choice(TAILS).format(place=rng.choice(PLACES))
        if text in seen:
            # Every contribution is different text, so the cache cannot flatter the timing.
            text += f" ({rng.choice(PLACES)}, {i})"
        seen.add(text)
        rows.append(
            {
                "id": f"s{i}",
                "text": text,
                "role": rng.choice(ROLES),
                "table": f"tafel-{rng.randint(1, 80)}",
                "age_group": rng.choice(AGES),
                "region": rng.choice(REGIONS),
            }
        )
    return rows


def codebook() -> dict[str, list[dict[str, str]]]:
    return {"themes": [{"id": t, "name": t.capitalize()} for t in sorted(THEMES)]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = generate(args.n, args.seed)
    with open(args.out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
