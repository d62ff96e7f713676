"""The links between themes and tables, and the recovery tasks, get this app's own database
table names (they kept those of programme and directory while the apps were untangled), and
the admin's permissions on recovery tasks follow them here."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    # Renamed in place, so permissions and admin history on recovery tasks stay attached.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="codebook", model="recoverytask").exists():
        ContentType.objects.filter(app_label="directory", model="recoverytask").update(
            app_label="codebook"
        )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="directory", model="recoverytask").exists():
        ContentType.objects.filter(app_label="codebook", model="recoverytask").update(
            app_label="directory"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("codebook", "0001_squashed_0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="recoverytask", table=None),
        migrations.AlterField(
            model_name="theme",
            name="tables",
            field=models.ManyToManyField(
                blank=True, related_name="themes", to="programme.table", verbose_name="tafels"
            ),
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
