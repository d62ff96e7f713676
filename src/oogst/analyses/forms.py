"""The start form (filter and settings) and the form to change a suggestion."""

from __future__ import annotations

import importlib.util

from django import forms
from django.utils.translation import gettext_lazy as _

from oogst.harvest.models import Channel, Kind

from . import selectors
from .models import EMBEDDER_NAMES, SENTENCE_TRANSFORMERS_MODEL, embedder_in_words


def embedder_choices() -> list[tuple[str, str]]:
    choices = [(key, str(name)) for key, name in EMBEDDER_NAMES.items()]
    if importlib.util.find_spec("sentence_transformers") is not None:
        choices.append(
            (SENTENCE_TRANSFORMERS_MODEL, embedder_in_words(SENTENCE_TRANSFORMERS_MODEL))
        )
    return choices


class RunForm(forms.Form):
    title = forms.CharField(
        label=_("Naam van de analyse"),
        max_length=200,
        required=False,
        help_text=_("Optioneel, bijvoorbeeld ‘Na de eerste tafelronde’."),
    )
    tables = forms.ModelMultipleChoiceField(
        label=_("Tafels"),
        queryset=None,
        required=False,
        help_text=_("Niets gekozen: alle tafels en ook bijdragen zonder tafel."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Soort"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets gekozen: alle soorten."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Kanaal"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets gekozen: alle kanalen."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Alleen bijdragen gecodeerd op"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Niets gekozen: gecodeerd of niet, alle bijdragen."),
    )
    date_from = forms.DateField(
        label=_("Ingevoerd vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Ingevoerd tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    embedder = forms.ChoiceField(
        label=_("Embedder"),
        choices=(),
        initial="use",
        help_text=_(
            "Het meertalige zinsmodel is de standaard en werkt offline; het lexicale model "
            "is het snelst, voor zeer grote aantallen."
        ),
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        help_text=_("Dezelfde invoer, instellingen en seed geven dezelfde uitkomst."),
    )
    n_clusters = forms.CharField(
        label=_("Aantal clusters"),
        max_length=4,
        initial="auto",
        help_text=_("‘auto’ of een getal van 2 tot 200."),
    )
    n_quotes = forms.IntegerField(
        label=_("Citaten per cluster"), min_value=1, max_value=10, initial=5
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["tables"].queryset = programme.tables.order_by("code")
        self.fields["themes"].choices = selectors.theme_choices(programme)
        self.fields["embedder"].choices = embedder_choices()

    def clean_n_clusters(self):
        value = self.cleaned_data["n_clusters"].strip().lower()
        if value == "auto":
            return value
        if not value.isdigit() or not 2 <= int(value) <= 200:
            raise forms.ValidationError(_("Vul ‘auto’ in, of een getal van 2 tot 200."))
        return int(value)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned

    def filters(self) -> dict:
        c = self.cleaned_data
        filters = {
            "tables": sorted(t.pk for t in c["tables"]),
            "kinds": list(c["kinds"]),
            "channels": list(c["channels"]),
            "themes": list(c["themes"]),
            "date_from": c["date_from"].isoformat() if c["date_from"] else None,
            "date_to": c["date_to"].isoformat() if c["date_to"] else None,
        }
        return {k: v for k, v in filters.items() if v}

    def settings(self) -> dict:
        c = self.cleaned_data
        return {
            "embedder": c["embedder"],
            "seed": c["seed"],
            "n_clusters": c["n_clusters"],
            "n_quotes": c["n_quotes"],
            "n_suggestions": 50,
        }


class ChangeForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("Thema's"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=Kind.choices)

    def __init__(self, *args, programme, theme_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = (
            selectors.theme_choices(programme) if theme_choices is None else theme_choices
        )
