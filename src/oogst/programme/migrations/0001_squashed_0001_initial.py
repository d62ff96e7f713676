"""Programmes, phases, tracks and tables. Replaces this app's first migration, which gave a
table its themes and so depended on the codebook above it: the codebook now keeps that link
(`Theme.tables`, in the same database table). A database that applied the old one counts
this one as applied."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [("programme", "0001_initial")]

    initial = True

    dependencies = [
        ('directory', '0001_squashed_0004_municipalities'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='naam')),
                ('description', models.TextField(blank=True, verbose_name='omschrijving')),
                ('retention_until', models.DateField(blank=True, help_text='Na deze datum worden contactgegevens en ruwe persoonsgegevens verwijderd.', null=True, verbose_name='bewaren tot')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt')),
            ],
            options={
                'verbose_name': 'programma',
                'verbose_name_plural': "programma's",
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Track',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, verbose_name='code')),
                ('name', models.CharField(max_length=100, verbose_name='naam')),
                ('description', models.TextField(blank=True, verbose_name='omschrijving')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='volgorde')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tracks', to='programme.programme', verbose_name='programma')),
            ],
            options={
                'verbose_name': 'traject',
                'verbose_name_plural': 'trajecten',
                'ordering': ['programme', 'order', 'name'],
                'unique_together': {('programme', 'slug')},
            },
        ),
        migrations.CreateModel(
            name='Phase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='naam')),
                ('starts_on', models.DateField(verbose_name='begint')),
                ('ends_on', models.DateField(verbose_name='eindigt')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='volgorde')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='phases', to='programme.programme', verbose_name='programma')),
            ],
            options={
                'verbose_name': 'fase',
                'verbose_name_plural': 'fasen',
                'ordering': ['programme', 'order', 'starts_on'],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='phase_ends_after_start')],
                'unique_together': {('programme', 'name')},
            },
        ),
        migrations.CreateModel(
            name='Table',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='naam')),
                ('kind', models.CharField(choices=[('dialoog', 'Dialoogtafel'), ('orientatie', 'Oriëntatietafel'), ('actie', 'Actietafel'), ('stakeholder', 'Stakeholdertafel')], default='dialoog', max_length=20, verbose_name='soort')),
                ('mode', models.CharField(choices=[('online', 'Online'), ('fysiek', 'Fysiek')], default='fysiek', max_length=10, verbose_name='vorm')),
                ('starts_at', models.DateTimeField(blank=True, null=True, verbose_name='datum en tijd')),
                ('duration_minutes', models.PositiveSmallIntegerField(default=120, verbose_name='duur (minuten)')),
                ('capacity', models.PositiveSmallIntegerField(default=10, verbose_name='aantal plaatsen')),
                ('status', models.CharField(choices=[('gepland', 'Gepland'), ('gehouden', 'Gehouden'), ('verwerkt', 'Verwerkt')], default='gepland', max_length=10, verbose_name='status')),
                ('report_summary', models.TextField(blank=True, verbose_name='samenvatting')),
                ('report_atmosphere', models.TextField(blank=True, verbose_name='sfeer')),
                ('report_attendance', models.JSONField(blank=True, default=dict, verbose_name='aanwezig per rol')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('facilitators', models.ManyToManyField(blank=True, related_name='facilitated_tables', to=settings.AUTH_USER_MODEL, verbose_name='facilitatoren')),
                ('host', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='hosted_tables', to=settings.AUTH_USER_MODEL, verbose_name='gastheer/-vrouw')),
                ('municipality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tables', to='directory.municipality', verbose_name='gemeente')),
                ('organisations', models.ManyToManyField(blank=True, related_name='tables', to='directory.organisation', verbose_name='organisaties')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tables', to='programme.programme', verbose_name='programma')),
                ('track', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tables', to='programme.track', verbose_name='traject')),
            ],
            options={
                'verbose_name': 'tafel',
                'verbose_name_plural': 'tafels',
                'ordering': ['programme', 'starts_at', 'code'],
                'unique_together': {('programme', 'code')},
            },
        ),
    ]
