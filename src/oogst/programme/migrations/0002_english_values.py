"""Tables store their kind, form and status in English; people still read them in Dutch."""

from django.db import migrations, models

from oogst.migrating import rename_values

# model -> field -> {old value: new value}
VALUES = {'Table': {'kind': {'dialoog': 'dialogue', 'orientatie': 'orientation', 'actie': 'action'},
           'mode': {'fysiek': 'physical'},
           'status': {'gepland': 'planned', 'gehouden': 'held', 'verwerkt': 'processed'}}}


def convert(apps, schema_editor):
    rename_values(apps, "programme", VALUES)


def convert_back(apps, schema_editor):
    rename_values(apps, "programme", VALUES, backwards=True)


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0001_squashed_0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='table',
            name='kind',
            field=models.CharField(choices=[('dialogue', 'Dialoogtafel'), ('orientation', 'Oriëntatietafel'), ('action', 'Actietafel'), ('stakeholder', 'Stakeholdertafel')], default='dialogue', max_length=20, verbose_name='soort'),
        ),
        migrations.AlterField(
            model_name='table',
            name='mode',
            field=models.CharField(choices=[('online', 'Online'), ('physical', 'Fysiek')], default='physical', max_length=10, verbose_name='vorm'),
        ),
        migrations.AlterField(
            model_name='table',
            name='status',
            field=models.CharField(choices=[('planned', 'Gepland'), ('held', 'Gehouden'), ('processed', 'Verwerkt')], default='planned', max_length=10, verbose_name='status'),
        ),
        migrations.RunPython(convert, convert_back),
    ]
