"""Loading a sign-up pool from a file (`oogst import applicants`): our own export, the
synthetic generator's CSV, or the sign-up export of another tool, with Dutch or English column
names and the usual spellings of the answers. Every row is checked first; with one bad row
nothing is written, and each problem names its row. Importing the same file again adds nothing
(the `id` column is the key)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from oogst.codebook.models import Theme
from oogst.directory.models import Province
from oogst.harvest.readers import open_rows
from oogst.participants.models import AGE_BANDS

from ..models import Applicant
from .signup import add_applicant

COLUMNS = {
    "id": ("id", "nummer", "referentie", "applicant_id", "external_id"),
    "email": ("email", "e-mail", "e_mail", "emailadres", "e-mailadres"),
    "name": ("name", "naam", "full_name"),
    "phone": ("phone", "telefoon", "telefoonnummer", "mobile", "mobiel"),
    "age_band": ("age_band", "leeftijd", "age", "leeftijdsgroep"),
    "gender": ("gender", "geslacht", "sex"),
    "province": ("province", "provincie"),
    "education": ("education", "opleiding", "opleidingsniveau"),
    "background": ("background", "migratieachtergrond", "achtergrond"),
    "preferred_theme": ("preferred_theme", "thema", "voorkeursthema", "theme"),
    "preferred_region": ("preferred_region", "regio", "voorkeursregio"),
    "tables": ("tables", "tafels", "beschikbaar"),
    "synthetic": ("synthetic", "synthetisch"),
    "consent_feedback": ("consent_feedback", "terugkoppeling"),
    "consent_quote": ("consent_quote", "citeren"),
    "consent_publish": ("consent_publish", "publiceren"),
}
GENDERS = {
    "vrouw": "woman",
    "v": "woman",
    "f": "woman",
    "female": "woman",
    "woman": "woman",
    "man": "man",
    "m": "man",
    "male": "man",
    "anders": "other",
    "x": "other",
    "other": "other",
    "non-binary": "other",
}
EDUCATION = {
    "laag": "low",
    "low": "low",
    "middel": "middle",
    "middelbaar": "middle",
    "middle": "middle",
    "midden": "middle",
    "hoog": "high",
    "high": "high",
}
BACKGROUNDS = {
    "geen migratieachtergrond": "none",
    "geen": "none",
    "nederlands": "none",
    "none": "none",
    "westerse migratieachtergrond": "western",
    "westers": "western",
    "western": "western",
    "niet-westerse migratieachtergrond": "non_western",
    "niet-westers": "non_western",
    "non-western": "non_western",
    "non_western": "non_western",
}
UNKNOWN = {"", "onbekend", "unknown", "zeg ik liever niet", "prefer not to say", "n/a", "-"}
# The same words, for a file that names groups (a quota file): the stored value of each.
WORDS = {"gender": GENDERS, "education": EDUCATION, "background": BACKGROUNDS}


def stored_value(feature: str, value: str) -> str:
    """The value as applicants store it for a group written in another tool's words
    ("vrouw", "female", "hoog", "onbekend"); a value it does not know is kept as written."""
    text = value.strip().lower()
    if feature in WORDS and text in UNKNOWN:
        return "unknown"
    return WORDS.get(feature, {}).get(text, value.strip())


TRUE = {"ja", "yes", "true", "1", "j", "y", "waar"}
PROVINCE_ALIASES = {"friesland": "Fryslân", "fryslan": "Fryslân"}


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


def _column_map(columns: list[str]) -> dict[str, str]:
    found = {}
    for name, aliases in COLUMNS.items():
        for column in columns:
            if column.strip().lower() in aliases:
                found[name] = column
                break
    return found


def _age_band(text: str) -> str | None:
    if text in AGE_BANDS:
        return text
    text = text.replace("–", "-").replace(" ", "")
    if text in AGE_BANDS:
        return text
    if text.isdigit():
        age = int(text)
        if age < 16:
            return None
        for band in AGE_BANDS:
            low, _sep, high = band.rstrip("+").partition("-")
            if int(low) <= age and (not high or age <= int(high)):
                return band
    return None


class RowProblem(ValueError):
    pass


def _parse(values: dict, columns: dict, lookups: dict) -> dict:
    def get(name: str) -> str:
        return str(values.get(columns[name], "") or "").strip() if name in columns else ""

    row: dict = {"answers": {}, "contact": {}, "tables": []}
    key = get("id")
    if not key:
        raise RowProblem(_("de kolom ‘id’ is leeg"))
    row["key"] = key[:120]
    email = get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise RowProblem(_("‘%(v)s’ is geen e-mailadres") % {"v": email}) from exc
    row["contact"] = {"email": email, "name": get("name")[:200], "phone": get("phone")[:40]}
    answers = row["answers"]
    for name, table, label in (
        ("gender", GENDERS, _("gender")),
        ("education", EDUCATION, _("opleidingsniveau")),
        ("background", BACKGROUNDS, _("migratieachtergrond")),
    ):
        text = get(name).lower()
        if text in UNKNOWN:
            continue
        if text not in table:
            raise RowProblem(_("onbekend %(what)s ‘%(v)s’") % {"what": label, "v": get(name)})
        answers[name] = table[text]
    age = get("age_band")
    if age.lower() not in UNKNOWN:
        band = _age_band(age)
        if band is None:
            raise RowProblem(
                _("leeftijd ‘%(v)s’ is geen leeftijd (16 of ouder) of groep zoals 25-34")
                % {"v": age}
            )
        answers["age_band"] = band
    for name in ("province", "preferred_region"):
        text = get(name)
        if text.lower() in UNKNOWN:
            continue
        province = lookups["provinces"].get(PROVINCE_ALIASES.get(text.lower(), text).lower())
        if province is None:
            raise RowProblem(_("onbekende provincie ‘%(v)s’") % {"v": text})
        answers[name] = province
    theme = get("preferred_theme")
    if theme:
        found = lookups["themes"].get(theme.lower())
        if found is None:
            raise RowProblem(_("thema ‘%(v)s’ bestaat niet in dit programma") % {"v": theme})
        answers["preferred_theme"] = found
    for code in filter(None, (c.strip() for c in re.split(r"[;,|]", get("tables")))):
        table = lookups["tables"].get(code.lower())
        if table is None:
            raise RowProblem(_("tafel ‘%(v)s’ bestaat niet in dit programma") % {"v": code})
        row["tables"].append(table)
    row["synthetic"] = get("synthetic").lower() in TRUE
    row["consents"] = {"participation": True} | {
        purpose: get(f"consent_{purpose}").lower() in TRUE
        for purpose in ("feedback", "quote", "publish")
    }
    return row


def import_applicants(programme, path: Path | str, *, source_name: str = "") -> ImportReport:
    """Check every row, then add the new ones in one transaction (or nothing at all)."""
    info, rows = open_rows(path)
    columns = _column_map(info.columns)
    report = ImportReport()
    if "id" not in columns:
        report.problems.append(
            _(
                "Het bestand heeft geen kolom ‘id’ (of ‘nummer’): die is nodig om dubbel "
                "importeren te voorkomen."
            )
        )
        return report
    lookups = {
        "provinces": {p.name.lower(): p for p in Province.objects.all()},
        "themes": {
            key.lower(): t
            for t in Theme.objects.filter(programme=programme)
            for key in (t.slug, t.name)
        },
        "tables": {t.code.lower(): t for t in programme.tables.all()},
    }
    existing = set(programme.applicants.exclude(import_key="").values_list("import_key", flat=True))
    parsed, seen = [], set()
    for source_row in rows:
        report.rows += 1
        if source_row.error:
            report.problems.append(
                _("rij %(n)d: %(e)s") % {"n": source_row.number, "e": source_row.error}
            )
            continue
        try:
            row = _parse(source_row.values, columns, lookups)
        except RowProblem as problem:
            report.problems.append(_("rij %(n)d: %(e)s") % {"n": source_row.number, "e": problem})
            continue
        if row["key"] in seen:
            report.problems.append(
                _("rij %(n)d: id ‘%(k)s’ staat al eerder in het bestand")
                % {"n": source_row.number, "k": row["key"]}
            )
            continue
        seen.add(row["key"])
        if row["key"] in existing:
            report.skipped += 1
            continue
        parsed.append(row)
    if report.problems:
        return report
    version = f"import:{source_name or Path(path).name}"[:40]
    with transaction.atomic():
        for row in parsed:
            add_applicant(
                programme,
                answers=row["answers"],
                contact=row["contact"],
                consents=row["consents"],
                tables=row["tables"],
                text_version=version,
                source=Applicant.Source.IMPORT,
                synthetic=row["synthetic"],
                import_key=row["key"],
            )
            report.added += 1
    return report
