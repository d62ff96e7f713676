"""Ideas from the public site and Polis statements are their authors' own words: quotes."""

from django.db import migrations


def mark_as_quotes(apps, schema_editor):
    Contribution = apps.get_model("harvest", "Contribution")
    Contribution.objects.filter(channel__in=["public", "polis"], is_quote=False).update(
        is_quote=True
    )


class Migration(migrations.Migration):
    dependencies = [("harvest", "0002_polis")]

    operations = [migrations.RunPython(mark_as_quotes, migrations.RunPython.noop)]
