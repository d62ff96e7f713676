"""A redaction's review status is stored in English; people still read it in Dutch."""

from django.db import migrations, models

from oogst.migrating import rename_values

# model -> field -> {old value: new value}
VALUES = {'RedactedText': {'status': {'automatisch': 'automatic',
                             'geaccepteerd': 'accepted',
                             'aangepast': 'adjusted',
                             'veilig': 'safe'}}}


def convert(apps, schema_editor):
    rename_values(apps, "safeguards", VALUES)


def convert_back(apps, schema_editor):
    rename_values(apps, "safeguards", VALUES, backwards=True)


class Migration(migrations.Migration):

    dependencies = [
        ('safeguards', '0004_polis_quote_consent'),
    ]

    operations = [
        migrations.AlterField(
            model_name='redactedtext',
            name='status',
            field=models.CharField(choices=[('automatic', 'Automatisch, nog niet gecontroleerd'), ('accepted', 'Gecontroleerd en geaccepteerd'), ('adjusted', 'Gecontroleerd en aangepast'), ('safe', 'Gecontroleerd: bevat geen persoonsgegevens')], default='automatic', max_length=12, verbose_name='status'),
        ),
        migrations.RunPython(convert, convert_back),
    ]
