"""A contribution's review status is stored in English; people still read it in Dutch. The kinds
(knel, kiem, idee, vraag, overig) are the programme's own words and stay."""

from django.db import migrations, models

from oogst.migrating import rename_values

# model -> field -> {old value: new value}
VALUES = {'Contribution': {'review_status': {'nieuw': 'new',
                                    'gecodeerd': 'coded',
                                    'beoordeeld': 'reviewed'}}}


def convert(apps, schema_editor):
    rename_values(apps, "harvest", VALUES)


def convert_back(apps, schema_editor):
    rename_values(apps, "harvest", VALUES, backwards=True)


class Migration(migrations.Migration):

    dependencies = [
        ('harvest', '0003_own_words_are_quotes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contribution',
            name='review_status',
            field=models.CharField(choices=[('new', 'Nieuw'), ('coded', 'Gecodeerd'), ('reviewed', 'Beoordeeld')], default='new', max_length=12, verbose_name='beoordeling'),
        ),
        migrations.RunPython(convert, convert_back),
    ]
