"""A run's status and a suggestion's review are stored in English; people still read them in
Dutch. The blind spots of stored results name participants' groups by the new values too."""

from django.db import migrations, models

from oogst.migrating import rename_values

# model -> field -> {old value: new value}
VALUES = {'AnalysisRun': {'status': {'wachtrij': 'queued',
                            'bezig': 'running',
                            'klaar': 'done',
                            'mislukt': 'failed',
                            'geannuleerd': 'cancelled'}},
 'Suggestion': {'review': {'geaccepteerd': 'accepted',
                           'gewijzigd': 'changed',
                           'afgewezen': 'rejected',
                           'geen-thema': 'no_theme',
                           'al-gecodeerd': 'already_coded'}}}


def convert(apps, schema_editor):
    rename_values(apps, "analyses", VALUES)


def convert_back(apps, schema_editor):
    rename_values(apps, "analyses", VALUES, backwards=True)


# The participants' groups a stored result's blind spots name (participants 0002).
GROUPS = {
    "gender": {"vrouw": "woman", "anders": "other"},
    "education": {"laag": "low", "middel": "middle", "hoog": "high"},
}


def convert_groups(apps, schema_editor, backwards=False):
    AnalysisRun = apps.get_model("analyses", "AnalysisRun")
    for run in AnalysisRun.objects.exclude(summary=None).only("pk", "summary").iterator():
        changed = False
        for spot in run.summary.get("blind_spots") or []:
            values = GROUPS.get(spot.get("column"), {})
            if backwards:
                values = {new: old for old, new in values.items()}
            if spot.get("group") in values:
                spot["group"] = values[spot["group"]]
                changed = True
        if changed:
            AnalysisRun.objects.filter(pk=run.pk).update(summary=run.summary)


def convert_groups_back(apps, schema_editor):
    convert_groups(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):

    dependencies = [
        ('analyses', '0003_suggestion_no_theme'),
    ]

    operations = [
        migrations.AlterField(
            model_name='analysisrun',
            name='status',
            field=models.CharField(choices=[('queued', 'In de wachtrij'), ('running', 'Bezig'), ('done', 'Klaar'), ('failed', 'Mislukt'), ('cancelled', 'Geannuleerd')], default='queued', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='suggestion',
            name='review',
            field=models.CharField(choices=[('open', 'Nog te beoordelen'), ('accepted', 'Geaccepteerd'), ('changed', 'Gewijzigd'), ('rejected', 'Afgewezen'), ('no_theme', 'Geen passend thema'), ('already_coded', 'Al gecodeerd')], default='open', max_length=20, verbose_name='beoordeling'),
        ),
        migrations.RunPython(convert, convert_back),
        migrations.RunPython(convert_groups, convert_groups_back),
    ]
