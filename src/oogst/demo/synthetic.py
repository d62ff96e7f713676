"""Synthetic Dutch contributions of any size, for benchmarks (`oogst generate`).

Not real data and never presented as such: every row says `"synthetic": true`. The rows are
written for one programme (the demo): its table codes, its themes, an `external_id` each, so
`oogst import contributions FILE --programme demo` takes every one of them. Sentences are
composed from per-theme fragments and per-kind frames with a seeded random generator, so the
same seed gives the same file. Lengths follow a long-tailed distribution like real harvests:
many one-liners, some paragraphs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from importlib import resources

# theme -> (subjects, problems, keepers, proposals)
THEMES: dict[str, dict[str, list[str]]] = {
    "zorg": {
        "subjects": [
            "de huisarts",
            "de wachtlijst bij de GGZ",
            "de thuiszorg",
            "het ziekenhuis in de regio",
            "de mantelzorg voor mijn moeder",
            "de wijkverpleging",
            "de fysiotherapeut",
            "uitgestelde operaties",
        ],
        "problems": [
            "was maandenlang onbereikbaar",
            "liep vast omdat er te weinig personeel was",
            "kwam volledig op de familie neer",
            "werd uitgesteld zonder uitleg",
            "kostte ons veel meer dan we konden missen",
        ],
        "keepers": [
            "het beeldbellen met de huisarts",
            "de korte lijnen tussen wijkteam en huisarts",
            "de buren die boodschappen deden voor ouderen",
            "de waardering voor zorgmedewerkers",
        ],
        "proposals": [
            "een vast aanspreekpunt per wijk voor mantelzorgers",
            "meer geld voor de GGZ zodat de wachtlijsten korter worden",
            "een regionale pool van invalkrachten in de zorg",
            "betere beloning voor verpleegkundigen",
        ],
    },
    "onderwijs": {
        "subjects": [
            "de lessen op afstand",
            "de eindexamens",
            "de stage van mijn dochter",
            "de ventilatie in de klas",
            "het mbo",
            "de bijles",
            "de kinderopvang",
            "de leerachterstand",
        ],
        "problems": [
            "werd een chaos zonder laptop thuis",
            "viel gewoon weg",
            "raakte de kinderen met weinig steun thuis het hardst",
            "bleef jarenlang doorwerken",
            "was niet geregeld",
        ],
        "keepers": [
            "de digitale vaardigheden van docenten",
            "de kleinere klassen tijdens de heropening",
            "het contact tussen ouders en school",
            "de creativiteit van leraren",
        ],
        "proposals": [
            "gratis bijles voor kinderen die achterliepen",
            "een laptop voor elke leerling die er geen heeft",
            "goede ventilatie in alle schoolgebouwen",
            "meer stageplekken via het lokale bedrijfsleven",
        ],
    },
    "werk": {
        "subjects": [
            "mijn bijbaan",
            "het thuiswerken",
            "de zzp-regeling",
            "de horeca",
            "de flexwerkers",
            "de werkdruk",
            "de NOW-steun",
            "de baan van mijn partner",
        ],
        "problems": [
            "verdween van de ene op de andere dag",
            "zorgde voor een burn-out",
            "kwam te laat en was te ingewikkeld",
            "liet de zzp'ers in de kou staan",
            "leidde tot schulden",
        ],
        "keepers": [
            "de flexibiliteit van thuiswerken",
            "minder reistijd naar kantoor",
            "de ruimte om werk en gezin te combineren",
            "de solidariteit tussen collega's",
        ],
        "proposals": [
            "een vangnet voor zzp'ers dat echt werkt",
            "het recht om twee dagen thuis te werken",
            "omscholing voor mensen uit de horeca",
            "een eenvoudiger loket voor steunregelingen",
        ],
    },
    "wonen": {
        "subjects": [
            "de woningmarkt",
            "de huur",
            "de wachtlijst voor een sociale huurwoning",
            "de woningcorporatie",
            "het kleine appartement",
            "de starterswoningen",
            "de huizenprijzen",
            "de buurt",
        ],
        "problems": [
            "werd onbetaalbaar voor jongeren",
            "voelde als een gevangenis tijdens de lockdown",
            "duurt in onze gemeente meer dan tien jaar",
            "reageerde niet op klachten over schimmel",
            "dreef jonge gezinnen de stad uit",
        ],
        "keepers": [
            "de groene binnentuin waar iedereen elkaar leerde kennen",
            "de burenhulp in de flat",
            "de nieuwe waardering voor de eigen buurt",
            "de tijdelijke woningen voor starters",
        ],
        "proposals": [
            "meer betaalbare huurwoningen voor starters",
            "makkelijker woningdelen voor ouderen",
            "het ombouwen van leegstaande kantoren tot woningen",
            "een huurplafond in de vrije sector",
        ],
    },
    "samenleving": {
        "subjects": [
            "de eenzaamheid van ouderen",
            "de buurtapp",
            "het vertrouwen in de overheid",
            "de polarisatie",
            "het verenigingsleven",
            "de sportclub",
            "de vrijwilligers",
            "de persconferenties",
        ],
        "problems": [
            "werd erger dan ooit",
            "verdeelde families en vrienden",
            "stortte in na alle tegenstrijdige berichten",
            "verdween toen alles dicht moest",
            "maakte mensen boos en wantrouwig",
        ],
        "keepers": [
            "de buurtapp waarin iedereen elkaar hielp",
            "de vrijwilligers die maaltijden rondbrachten",
            "het gevoel dat we het samen moesten doen",
            "de nieuwe contacten met de buren",
        ],
        "proposals": [
            "een ontmoetingsplek in elke wijk",
            "meer eerlijkheid van de overheid over twijfels",
            "burgerberaden met echte invloed",
            "meer geld voor buurthuizen en verenigingen",
        ],
    },
    "economie": {
        "subjects": [
            "de lokale bakker",
            "de winkelstraat",
            "de ondernemers in het centrum",
            "de kermis",
            "de evenementenbranche",
            "de webshop",
            "de sportschool",
            "de markt",
        ],
        "problems": [
            "ging bijna failliet",
            "liep helemaal leeg",
            "moest personeel ontslaan",
            "had geen enkel inkomen meer",
            "kreeg te maken met belastingschulden",
        ],
        "keepers": [
            "dat de bakker ging bezorgen",
            "de lokale webwinkels die samen gingen werken",
            "de aandacht voor lokaal kopen",
            "de creativiteit van ondernemers",
        ],
        "proposals": [
            "uitstel van belastingschulden voor kleine ondernemers",
            "een gezamenlijk bezorgplatform voor lokale winkels",
            "minder regels voor terrassen en markten",
            "een noodfonds voor de evenementensector",
        ],
    },
    "klimaat": {
        "subjects": [
            "de lucht in de stad",
            "het fietsen",
            "het openbaar vervoer",
            "het groen in de wijk",
            "de energierekening",
            "de natuur",
            "het vliegen",
            "de files",
        ],
        "problems": [
            "kwam weer terug zodra alles openging",
            "werd voor veel mensen onbetaalbaar",
            "reed halflege bussen rond",
            "was in onze wijk veel te weinig",
            "werd verwaarloosd",
        ],
        "keepers": [
            "de schone lucht toen iedereen thuiswerkte",
            "het vele fietsen en wandelen",
            "de rust zonder vliegtuigen",
            "de waardering voor de natuur dichtbij",
        ],
        "proposals": [
            "meer groen en speelplekken in de wijk",
            "goedkoper openbaar vervoer voor jongeren",
            "subsidie op isolatie voor huurders",
            "minder auto's in het centrum",
        ],
    },
    "digitaal": {
        "subjects": [
            "de digitale overheid",
            "de DigiD",
            "het online vergaderen",
            "de internetverbinding op het platteland",
            "de ouderen zonder computer",
            "het nepnieuws",
            "de sociale media",
            "de app voor testafspraken",
        ],
        "problems": [
            "sloot mensen zonder digitale vaardigheden uit",
            "was veel te traag",
            "zorgde voor veel onrust en verwarring",
            "werkte niet voor mensen met een beperking",
            "maakte alles onpersoonlijk",
        ],
        "keepers": [
            "het online vergaderen met de gemeente",
            "de digitale spreekuren",
            "de cursussen digitale vaardigheden in de bibliotheek",
            "de online buurtbijeenkomsten",
        ],
        "proposals": [
            "een fysiek loket naast elke digitale dienst",
            "snel internet in elke kern",
            "les in mediawijsheid op school",
            "hulp bij DigiD in de bibliotheek",
        ],
    },
}

ROLES = [
    "Student",
    "Zorgmedewerker",
    "Ondernemer",
    "Docent",
    "Gepensioneerde",
    "Mantelzorger",
    "ZZP'er",
    "Jongerenwerker",
    "Huisarts",
    "Ouder",
    "Wethouder",
    "Vrijwilliger",
    "Buurtbewoner",
    "Verpleegkundige",
    "Horecaondernemer",
]
OPENERS = [
    "",
    "",
    "",
    "Eerlijk gezegd: ",
    "Wat mij opviel: ",
    "Voor ons gezin geldt: ",
    "Vanuit de wijk: ",
    "Kort gezegd: ",
    "Als ondernemer zeg ik: ",
]
ELABORATIONS = [
    "Dat hoor ik van veel mensen om me heen.",
    "Niemand voelde zich daar verantwoordelijk voor.",
    "Daar moet de politiek echt iets mee doen.",
    "We hebben dat als buurt zelf moeten oplossen.",
    "Dat zie je vooral bij jongeren en ouderen.",
    "Het heeft ons veel geld en energie gekost.",
    "Ik hoop dat dit niet weer vergeten wordt.",
    "In kleinere gemeenten is het nog erger.",
    "Mijn kinderen hebben daar nu nog last van.",
    "Het kan echt anders, dat hebben we gezien.",
    "Daar zijn ook niet veel kosten aan verbonden.",
    "Dan voelen mensen zich tenminste gehoord.",
]
KIND_WEIGHTS = [("knel", 35), ("kiem", 25), ("idee", 30), ("vraag", 5), ("overig", 5)]


def sentence(rng: random.Random, theme: str, kind: str) -> str:
    bank = THEMES[theme]
    if kind == "knel":
        core = f"{rng.choice(bank['subjects'])} {rng.choice(bank['problems'])}"
    elif kind == "kiem":
        frame = rng.choice(
            [
                "wat ik wil behouden is {}",
                "laten we {} vasthouden",
                "mooi was {}",
                "ik hoop dat we {} houden",
            ]
        )
        core = frame.format(rng.choice(bank["keepers"]))
    elif kind == "idee":
        frame = rng.choice(
            [
                "mijn voorstel is {}",
                "wat nodig is: {}",
                "ik pleit voor {}",
                "graag {}",
                "ons idee: {}",
            ]
        )
        core = frame.format(rng.choice(bank["proposals"]))
    elif kind == "vraag":
        core = f"wat gaat de overheid doen aan {rng.choice(bank['subjects'])}?"
    else:
        core = f"over {rng.choice(bank['subjects'])} is aan tafel lang gesproken"
    opener = rng.choice(OPENERS)
    text = opener + core if opener else core
    text = text[0].upper() + text[1:]
    return text if text.endswith(("?", "!", ".")) else text + "."


# The generator's subjects as the themes of the programme it writes for: each bank of
# fragments is about one theme of the demo's codebook.
THEME_SLUGS = {
    "zorg": "zorg-en-gezondheid",
    "onderwijs": "onderwijs",
    "werk": "werk-en-inkomen",
    "wonen": "wonen",
    "samenleving": "sociale-cohesie",
    "economie": "ondernemen",
    "klimaat": "klimaat-en-duurzaam-herstel",
    "digitaal": "online-samenleving",
}
PROGRAMMES = ("demo",)


class UnknownProgramme(ValueError):
    pass


def programme_tables(programme: str = "demo") -> dict[str, list[str]]:
    """The programme's tables (code -> theme slugs) and a check that every theme the generator
    writes about is in its codebook, from the programme's own description (no database)."""
    if programme not in PROGRAMMES:
        raise UnknownProgramme(programme)
    import yaml

    data = yaml.safe_load(
        (resources.files("oogst.demo") / "data" / "programme.yaml").read_text(encoding="utf-8")
    )
    codebook = {theme["slug"] for theme in data["themes"]}
    missing = sorted(set(THEME_SLUGS.values()) - codebook)
    if missing:
        raise UnknownProgramme(f"{programme}: themes {', '.join(missing)} not in its codebook")
    return {table["code"]: list(table.get("themes") or []) for table in data["tables"]}


def generate(n: int, seed: int = 42, programme: str = "demo") -> Iterator[dict]:
    """`n` contributions at the programme's own tables, about their themes, each with an
    `external_id`: they import into the programme without a refused or duplicate row."""
    rng = random.Random(seed)
    tables = programme_tables(programme)
    bank_of = {slug: bank for bank, slug in THEME_SLUGS.items()}
    # Each table talks about its own themes: the tables with a theme the generator can
    # write about (in the demo all but one, on mobility and safety).
    banks_at = {
        code: [bank_of[slug] for slug in themes if slug in bank_of]
        for code, themes in sorted(tables.items())
    }
    codes = [code for code, banks in banks_at.items() if banks]
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    for i in range(n):
        table = rng.choice(codes)
        theme = rng.choice(banks_at[table])
        kind = rng.choices(kinds, weights)[0]
        # Long tail: most contributions are one or two sentences, a few are paragraphs.
        n_extra = min(int(rng.expovariate(1.1)), 5)
        parts = [sentence(rng, theme, kind)]
        for _ in range(n_extra):
            parts.append(
                rng.choice(ELABORATIONS) if rng.random() < 0.6 else sentence(rng, theme, kind)
            )
        yield {
            "external_id": f"syn-{seed}-{i + 1}",
            "text": " ".join(parts),
            "kind": kind,
            "role": rng.choice(ROLES),
            "table": table,
            "theme": THEME_SLUGS[theme],
            "language": "nl",
            "synthetic": True,
        }


def generate_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="oogst generate",
        description="Schrijf een synthetische dataset (JSONL) voor benchmarks.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--contributions", type=int, help="aantal bijdragen")
    what.add_argument("--applicants", type=int, help="aantal aanmelders (CSV, voor de loting)")
    parser.add_argument("--out", required=True, help="JSONL-bestand, of - voor stdout")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--programme",
        default="demo",
        choices=PROGRAMMES,
        help="het programma waarvan tafels en thema's worden gebruikt (standaard demo)",
    )
    args = parser.parse_args(argv)
    if args.applicants is not None:
        from oogst.selection.synthetic import generate_applicants_main

        return generate_applicants_main(args)
    if args.contributions < 0:
        parser.error("--contributions moet 0 of meer zijn")
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    try:
        for row in generate(args.contributions, args.seed, args.programme):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out != "-":
        print(
            f"{args.contributions} synthetische bijdragen voor programma {args.programme} "
            f"geschreven naar {args.out}",
            file=sys.stderr,
        )
    return 0
