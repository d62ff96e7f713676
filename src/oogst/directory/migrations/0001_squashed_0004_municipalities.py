"""The reference data of the Netherlands: provinces, municipalities, organisations, ministries.

Replaces the first four migrations of this app, which created the recovery tasks here too and
so depended on programme and codebook; recovery tasks now live in the codebook. A database
that applied those four counts this one as applied."""

import django.db.models.deletion
from django.db import migrations, models

from oogst.directory.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("directory", "Province"),
        apps.get_model("directory", "Municipality"),
        apps.get_model("directory", "Ministry"),
    )


class Migration(migrations.Migration):
    replaces = [
        ("directory", "0001_initial"),
        ("directory", "0002_initial"),
        ("directory", "0003_provinces_and_ministries"),
        ("directory", "0004_municipalities"),
    ]

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Ministry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=8, unique=True, verbose_name="afkorting")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="naam")),
            ],
            options={
                "verbose_name": "ministerie",
                "verbose_name_plural": "ministeries",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="Province",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(help_text="CBS-code, bijv. PV23.", max_length=4, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="naam")),
            ],
            options={
                "verbose_name": "provincie",
                "verbose_name_plural": "provincies",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Municipality",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("cbs_code", models.CharField(help_text="Bijv. GM0363.", max_length=6, unique=True, verbose_name="CBS-code")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="naam")),
                ("province", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="municipalities", to="directory.province", verbose_name="provincie")),
            ],
            options={
                "verbose_name": "gemeente",
                "verbose_name_plural": "gemeenten",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Organisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="naam")),
                ("kind", models.CharField(choices=[("company", "Bedrijf"), ("interest_group", "Belangenorganisatie"), ("umbrella", "Koepelorganisatie"), ("knowledge_institute", "Kennisinstelling"), ("ministry", "Ministerie")], max_length=30, verbose_name="soort")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                ("municipality", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to="directory.municipality", verbose_name="gemeente")),
            ],
            options={
                "verbose_name": "organisatie",
                "verbose_name_plural": "organisaties",
                "ordering": ["name"],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
