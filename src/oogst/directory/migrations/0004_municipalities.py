"""The Dutch municipalities of 2024 (342) with their CBS codes, from data/municipalities.csv."""

from django.db import migrations

from oogst.directory.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("directory", "Province"), apps.get_model("directory", "Municipality"), apps.get_model("directory", "Ministry")
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_provinces_and_ministries")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
