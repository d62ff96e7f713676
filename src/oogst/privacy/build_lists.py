"""Rebuild the name lists taken from maintained outside sources (a maintenance tool, not used
when redacting):

    pip install faker                       # MIT; only needed here
    apt-get install wdutch wamerican        # OpenTaal (BSD) and SCOWL word lists
    python -m oogst.privacy.build_lists     # writes data/world_*.txt and data/name_words.txt

* `world_first_names.txt`, `world_surnames.txt`: the person-name lists of Faker's locales
  (https://github.com/joke2k/faker, MIT licence, Copyright (c) 2012 Daniele Faraglia), for
  the communities that live in the Netherlands; names in Cyrillic are transliterated, and every
  name with diacritics is also listed without them ("Siobhán" -> "Siobhan", "Yılmaz" ->
  "Yilmaz"), as people type them.
* `name_words.txt`: names from all our lists that are also ordinary lower-case words in the
  Dutch (OpenTaal, BSD) or English (SCOWL) word lists. Only the names are shipped, never the
  word lists.
"""

from __future__ import annotations

import argparse
import importlib
import unicodedata
from pathlib import Path

DATA = Path(__file__).with_name("data")
# Locales whose names are common among people in the Netherlands (Latin script, or Cyrillic
# that we transliterate). Arabic-script lists are left out: fr_DZ, en_PK and en_KE carry the
# same names in Latin script.
LOCALES = (
    "nl_NL nl_BE de_DE de_AT en_GB en_US en_IE ga_IE fr_FR fr_BE fr_DZ es_ES pt_PT pt_BR it_IT "
    "pl_PL cs_CZ sk_SK hu_HU ro_RO hr_HR sl_SI lt_LT lv_LV et_EE tr_TR az_AZ uz_UZ vi_VN id_ID "
    "en_PK en_IN en_KE sw tw_GH yo_NG ig_NG ha_NG en_NG zu_ZA uk_UA ru_RU da_DK sv_SE no_NO fi_FI"
).split()
CYRILLIC = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ",
        (
            "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch - iu ia y e io -"
        ).split(),
        strict=True,
    )
)


def fold(name: str) -> str:
    """The name without diacritics, as typed on a keyboard without them."""
    special = {"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "ß": "ss"}
    name = "".join(special.get(c, c) for c in name)
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def transliterate(name: str) -> str:
    out = []
    for c in name:
        latin = CYRILLIC.get(c.lower())
        if latin is None:
            out.append(c)
            continue
        latin = "" if latin == "-" else latin
        out.append(latin.capitalize() if c.isupper() else latin)
    return "".join(out)


def is_latin(name: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


def provider_names(locale: str) -> tuple[set[str], set[str]]:
    """First names and surnames of one Faker locale (every list attribute of its person
    provider whose name says first/middle or last)."""
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    first: set[str] = set()
    last: set[str] = set()
    for attribute in dir(provider):
        if not attribute.endswith("names"):
            continue
        values = getattr(provider, attribute)
        if not isinstance(values, list | tuple | dict) or not values:
            continue
        names = {str(v) for v in values}
        if "last" in attribute:
            last |= names
        elif "first" in attribute or "middle" in attribute:
            first |= names
    return first, last


def clean(names: set[str]) -> set[str]:
    out = set()
    for raw in names:
        name = raw.strip()
        if not is_latin(name):
            name = transliterate(name)
        if not is_latin(name) or len(name) < 2 or not name[0].isupper():
            continue
        if any(not (c.isalpha() or c in "-' ") for c in name):
            continue
        for form in {name, fold(name)}:
            out.add(form)
    return out


def read_words(path: Path) -> set[str]:
    if not path.exists():
        raise SystemExit(f"{path} is missing: apt-get install wdutch wamerican")
    return {w.strip() for w in path.read_text("utf-8").splitlines() if w.strip().islower()}


def curated() -> set[str]:
    from oogst.privacy.lexicons import read_list

    names = set(read_list("first_names.txt", per_line=False))
    for full in read_list("surnames.txt"):
        names.update(w for w in full.split() if w[:1].isupper())
    return names


def write(name: str, header: list[str], entries: set[str]) -> None:
    lines = [f"# {line}" for line in header] + sorted(entries)
    (DATA / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(entries)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dict-dir", default="/usr/share/dict", type=Path)
    args = parser.parse_args()
    import faker

    first: set[str] = set()
    last: set[str] = set()
    for locale in LOCALES:
        f, s = provider_names(locale)
        first |= clean(f)
        last |= clean(s)
    source = [
        f"Generated by `python -m oogst.privacy.build_lists` from Faker {faker.VERSION}",
        "(https://github.com/joke2k/faker), MIT licence, Copyright (c) 2012 Daniele Faraglia.",
        "Locales: " + " ".join(LOCALES) + ".",
        "Cyrillic transliterated; forms without diacritics added. Do not edit by hand.",
    ]
    write("world_first_names.txt", ["First names of many communities.", *source], first)
    write("world_surnames.txt", ["Surnames of many communities.", *source], last - {"Doe"})
    words = read_words(args.dict_dir / "dutch") | read_words(args.dict_dir / "american-english")
    every = first | last | curated()
    name_words = {n for n in every if n.lower() in words}
    write(
        "name_words.txt",
        [
            "Names (from all our lists) that are also ordinary lower-case words in Dutch",
            "(OpenTaal word list, BSD) or English (SCOWL); generated by",
            "`python -m oogst.privacy.build_lists`. A name here needs more evidence.",
        ],
        name_words,
    )


if __name__ == "__main__":
    main()
