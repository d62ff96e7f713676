"""A contribution's review status is stored in English; people still read it in Dutch. The kinds
(knel, kiem, idee, vraag, overig) are the programme's own words and stay."""

from django.db import migrations, models

# model -> field -> {old value: new value}
VALUES = {'Contribution': {'review_status': {'nieuw': 'new',
                                    'gecodeerd': 'coded',
                                    'beoordeeld': 'reviewed'}}}


def convert(apps, schema_editor, backwards=False):
    for model, fields in VALUES.items():
        manager = apps.get_model("harvest", model).objects
        for field, values in fields.items():
            for old, new in values.items():
                if backwards:
                    old, new = new, old
                manager.filter(**{field: old}).update(**{field: new})


def convert_back(apps, schema_editor):
    convert(apps, schema_editor, backwards=True)


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
