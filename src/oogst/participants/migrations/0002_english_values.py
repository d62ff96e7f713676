"""A participant's demographics are stored in English; people still read them in Dutch."""

from django.db import migrations, models

from oogst.migrating import rename_values

# model -> field -> {old value: new value}
VALUES = {'Participant': {'gender': {'vrouw': 'woman', 'anders': 'other', 'onbekend': 'unknown'},
                 'education': {'laag': 'low',
                               'middel': 'middle',
                               'hoog': 'high',
                               'onbekend': 'unknown'},
                 'background': {'geen migratieachtergrond': 'none',
                                'westerse migratieachtergrond': 'western',
                                'niet-westerse migratieachtergrond': 'non_western',
                                'onbekend': 'unknown'}}}


def convert(apps, schema_editor):
    rename_values(apps, "participants", VALUES)


def convert_back(apps, schema_editor):
    rename_values(apps, "participants", VALUES, backwards=True)


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='participant',
            name='background',
            field=models.CharField(choices=[('none', 'Geen migratieachtergrond'), ('western', 'Westerse migratieachtergrond'), ('non_western', 'Niet-westerse migratieachtergrond'), ('unknown', 'Onbekend')], default='unknown', max_length=40, verbose_name='achtergrond'),
        ),
        migrations.AlterField(
            model_name='participant',
            name='education',
            field=models.CharField(choices=[('low', 'Laag'), ('middle', 'Middelbaar'), ('high', 'Hoog'), ('unknown', 'Onbekend')], default='unknown', max_length=10, verbose_name='opleidingsniveau'),
        ),
        migrations.AlterField(
            model_name='participant',
            name='gender',
            field=models.CharField(choices=[('woman', 'Vrouw'), ('man', 'Man'), ('other', 'Anders'), ('unknown', 'Onbekend')], default='unknown', max_length=10, verbose_name='gender'),
        ),
        migrations.RunPython(convert, convert_back),
    ]
