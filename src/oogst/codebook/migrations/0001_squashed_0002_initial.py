"""Themes, their history, the tables that talk about them and the recovery tasks they feed.

Replaces this app's first two migrations. The links between tables and themes, and the
recovery tasks, keep the database tables they had (`programme_table_themes`,
`directory_recoverytask...`), so a database that applied the old migrations counts this one as
applied; 0002 then gives them this app's own table names. This app now depends only on the
apps below it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("codebook", "0001_initial"), ("codebook", "0002_initial")]

    initial = True

    dependencies = [
        ("directory", "0001_squashed_0004_municipalities"),
        ("programme", "0001_squashed_0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Theme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=80, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="naam")),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
                ("keywords", models.JSONField(blank=True, default=list, verbose_name="trefwoorden")),
                ("examples", models.JSONField(blank=True, default=list, verbose_name="voorbeeldzinnen")),
                ("status", models.CharField(choices=[("active", "Actief"), ("retired", "Vervallen")], default="active", max_length=10, verbose_name="status")),
                ("ministries", models.ManyToManyField(blank=True, related_name="themes", to="directory.ministry", verbose_name="beleidsdomein (ministeries)")),
                ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="children", to="codebook.theme", verbose_name="hoofdthema")),
                ("programme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="themes", to="programme.programme", verbose_name="programma")),
                ("tables", models.ManyToManyField(blank=True, db_table="programme_table_themes", related_name="themes", to="programme.table", verbose_name="tafels")),
            ],
            options={
                "verbose_name": "thema",
                "verbose_name_plural": "thema's",
                "ordering": ["programme", "name"],
                "unique_together": {("programme", "slug")},
            },
        ),
        migrations.CreateModel(
            name="ThemeChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(choices=[("created", "Aangemaakt"), ("changed", "Gewijzigd"), ("retired", "Vervallen")], max_length=10, verbose_name="actie")),
                ("snapshot", models.JSONField(verbose_name="inhoud na wijziging")),
                ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="op")),
                ("changed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name="door")),
                ("theme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="changes", to="codebook.theme", verbose_name="thema")),
            ],
            options={
                "verbose_name": "wijziging in het codeboek",
                "verbose_name_plural": "wijzigingen in het codeboek",
                "ordering": ["-changed_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="RecoveryTask",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="titel")),
                ("description", models.TextField(blank=True, verbose_name="omschrijving")),
                ("involved_ministries", models.ManyToManyField(blank=True, related_name="involved_in_tasks", to="directory.ministry", verbose_name="betrokken ministeries")),
                ("ministry", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="recovery_tasks", to="directory.ministry", verbose_name="eigenaar")),
                ("programme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="recovery_tasks", to="programme.programme", verbose_name="programma")),
                ("themes", models.ManyToManyField(blank=True, related_name="recovery_tasks", to="codebook.theme", verbose_name="thema's")),
            ],
            options={
                "verbose_name": "herstelopgave",
                "verbose_name_plural": "herstelopgaven",
                "ordering": ["programme", "title"],
                "unique_together": {("programme", "title")},
                "db_table": "directory_recoverytask",
            },
        ),
    ]
