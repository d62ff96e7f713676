"""The Dutch municipalities of 2024 (342) with their CBS codes, from data/municipalities.csv."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[1] / "data" / "municipalities.csv"


def load(apps, schema_editor):
    Province = apps.get_model("directory", "Province")
    Municipality = apps.get_model("directory", "Municipality")
    provinces = {p.name: p for p in Province.objects.all()}
    with open(CSV, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Municipality.objects.update_or_create(
                cbs_code=row["cbs_code"], defaults={"name": row["name"], "province": provinces[row["province"]]}
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_provinces_and_ministries")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
