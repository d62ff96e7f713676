"""The start form (filter and settings) and the form to change a suggestion."""

from __future__ import annotations

import importlib.util

from django import forms
from django.utils.translation import gettext_lazy as _

from oogst.harvest.models import Channel, Kind

from .models import (
    EMBEDDER_NAMES,
    SENTENCE_TRANSFORMERS_MODEL,
    AnalysisRun,
    embedder_in_words,
)
from .selectors import coding, describing


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
        help_text=_("Bijvoorbeeld ‘Na de eerste tafelronde’."),
    )
    tables = forms.ModelMultipleChoiceField(
        label=_("Tafels"),
        queryset=None,
        required=False,
        # A list, not checkboxes: a programme can have a hundred tables, one tab stop.
        help_text=_(
            "Niets gekozen: alle tafels en ook bijdragen zonder tafel. Meer dan één tafel: "
            "Ctrl-klik (Mac: Cmd-klik), of met het toetsenbord Shift en de pijltjestoetsen."
        ),
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
        # Checkboxes: a codebook has a dozen or so themes, and no one has to know Ctrl-click.
        widget=forms.CheckboxSelectMultiple,
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
        label=_("Embedder (taalmodel)"),
        choices=(),
        initial="use",
        help_text=_(
            "Het model dat de betekenis van elke tekst vastlegt, zodat teksten die hetzelfde "
            "zeggen bij elkaar komen. Het meertalige zinsmodel is de standaard: het begrijpt "
            "ook andere talen en werkt offline. Het lexicale model kijkt alleen naar gedeelde "
            "woorden en is het snelst, voor zeer grote aantallen."
        ),
    )
    seed = forms.IntegerField(
        label=_("Seed (startgetal)"),
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        help_text=_(
            "Een getal voor de toevalsstappen van de analyse, zoals waar het clusteren "
            "begint. Dezelfde bijdragen, instellingen en seed geven precies dezelfde "
            "uitkomst; een ander getal geeft een andere, even bruikbare indeling. Laat 0 "
            "staan als u geen reden hebt om het te veranderen."
        ),
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
        self.fields["themes"].choices = coding.theme_choices(programme)
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

    def prefill_from(self, run: AnalysisRun) -> list[str]:
        """Fill this (unbound) form with the filter and settings of an earlier run, to start
        it again; returns, in words, what no longer exists here and was left out. A left-out
        part widens the filter, so the page must say so."""
        f, s = run.filters or {}, run.settings or {}
        left_out = []
        tables = set(
            self.fields["tables"]
            .queryset.filter(pk__in=f.get("tables") or [])
            .values_list("pk", flat=True)
        )
        if len(tables) < len(f.get("tables") or []):
            left_out.append(_("tafels die niet meer bestaan"))
        themes = dict(self.fields["themes"].choices)
        gone = [slug for slug in f.get("themes") or [] if slug not in themes]
        if gone:
            names = describing.theme_names(run)
            left_out.append(
                _("thema's die niet meer actief zijn in het codeboek: %(themes)s")
                % {"themes": ", ".join(names.get(slug, slug) for slug in gone)}
            )
        embedders = dict(self.fields["embedder"].choices)
        embedder = s.get("embedder") or self.fields["embedder"].initial
        if embedder not in embedders:
            left_out.append(
                _("de embedder %(name)s, die op deze server niet beschikbaar is")
                % {"name": embedder}
            )
            embedder = self.fields["embedder"].initial
        self.initial = {
            "title": run.title,
            "tables": sorted(tables),
            "kinds": [k for k in f.get("kinds") or [] if k in Kind.values],
            "channels": [c for c in f.get("channels") or [] if c in Channel.values],
            "themes": [slug for slug in f.get("themes") or [] if slug in themes],
            # ISO dates, as the date input reads them (a date object would be localised).
            "date_from": f.get("date_from") or "",
            "date_to": f.get("date_to") or "",
            "embedder": embedder,
            "seed": s.get("seed", self.fields["seed"].initial),
            "n_clusters": str(s.get("n_clusters", self.fields["n_clusters"].initial)),
            "n_quotes": s.get("n_quotes", self.fields["n_quotes"].initial),
        }
        return left_out


class ChangeForm(forms.Form):
    """The analyst's own themes and kind. No theme at all is a decision ("no theme of the
    codebook fits") that the next run keeps, so it is a choice of its own, never what an
    empty selection happens to mean."""

    themes = forms.MultipleChoiceField(
        label=_("Thema's"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    no_theme = forms.BooleanField(
        label=_("Geen passend thema: geen enkel thema van het codeboek past"),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=Kind.choices)

    def __init__(self, *args, programme, theme_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = (
            coding.theme_choices(programme) if theme_choices is None else theme_choices
        )

    def clean(self):
        cleaned = super().clean()
        themes, no_theme = cleaned.get("themes"), cleaned.get("no_theme")
        if "themes" in cleaned and not themes and not no_theme:
            self.add_error("themes", _("Kies een of meer thema's, of kies ‘Geen passend thema’."))
        elif themes and no_theme:
            self.add_error("themes", _("Kies thema's óf ‘Geen passend thema’, niet allebei."))
        return cleaned
