from django.db import migrations

from oogst.directory.reference import MINISTRIES, PROVINCES


def load(apps, schema_editor):
    Province = apps.get_model("directory", "Province")
    Ministry = apps.get_model("directory", "Ministry")
    for code, name in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name})
    for code, name in MINISTRIES:
        Ministry.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
