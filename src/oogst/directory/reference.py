"""The fixed reference data of the Netherlands: provinces, municipalities (CBS) and ministries.

`load_reference_data` is used by the data migrations (with historical models) and by anything
that must be sure the data is there (the demo loader, after a test flushed the database).
"""

import csv
from pathlib import Path

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "data" / "municipalities.csv"

PROVINCES = [
    ("PV20", "Groningen"),
    ("PV21", "Fryslân"),
    ("PV22", "Drenthe"),
    ("PV23", "Overijssel"),
    ("PV24", "Flevoland"),
    ("PV25", "Gelderland"),
    ("PV26", "Utrecht"),
    ("PV27", "Noord-Holland"),
    ("PV28", "Zuid-Holland"),
    ("PV29", "Zeeland"),
    ("PV30", "Noord-Brabant"),
    ("PV31", "Limburg"),
]

MINISTRIES = [
    ("AZ", "Ministerie van Algemene Zaken"),
    ("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"),
    ("BZ", "Ministerie van Buitenlandse Zaken"),
    ("LNV", "Ministerie van Landbouw, Natuur en Voedselkwaliteit"),
    ("EZK", "Ministerie van Economische Zaken en Klimaat"),
    ("IenW", "Ministerie van Infrastructuur en Waterstaat"),
    ("JenV", "Ministerie van Justitie en Veiligheid"),
    ("DEF", "Ministerie van Defensie"),
    ("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap"),
    ("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid"),
    ("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport"),
    ("FIN", "Ministerie van Financiën"),
]


def load_reference_data(Province, Municipality, Ministry) -> None:
    """Create or update the provinces, the 342 municipalities of 2024 and the ministries."""
    provinces = {}
    for code, name in PROVINCES:
        provinces[name], _ = Province.objects.update_or_create(code=code, defaults={"name": name})
    for code, name in MINISTRIES:
        Ministry.objects.update_or_create(code=code, defaults={"name": name})
    existing = set(Municipality.objects.values_list("cbs_code", flat=True))
    with open(MUNICIPALITIES_CSV, encoding="utf-8") as fh:
        Municipality.objects.bulk_create(
            Municipality(
                cbs_code=row["cbs_code"], name=row["name"], province=provinces[row["province"]]
            )
            for row in csv.DictReader(fh)
            if row["cbs_code"] not in existing
        )
