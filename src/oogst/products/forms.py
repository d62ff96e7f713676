"""Forms of the products pages: what to make, a score in the afwegingskader, a scenario and
the B1 summary. They parse and check; the services write."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Product
from .services import LANGUAGES

SCALE_DESIRED = [
    (1, _("1 · zeer ongewenst")),
    (2, _("2 · ongewenst")),
    (3, _("3 · neutraal")),
    (4, _("4 · gewenst")),
    (5, _("5 · zeer gewenst")),
]
SCALE_LASTING = [
    (1, _("1 · duidelijk tijdelijk")),
    (2, _("2 · eerder tijdelijk")),
    (3, _("3 · weet niet")),
    (4, _("4 · eerder blijvend")),
    (5, _("5 · duidelijk blijvend")),
]


class MakeProductForm(forms.Form):
    kind = forms.ChoiceField(label=_("Product"), choices=Product.Kind.choices)
    language = forms.ChoiceField(
        label=_("Taal"), choices=[(c, c.upper()) for c in LANGUAGES], initial="nl"
    )
    since_date = forms.DateField(
        label=_("Nieuw sinds datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Voor de memo: wat is er nieuw sinds de vorige memo."),
    )
    since_run = forms.TypedChoiceField(
        label=_("of nieuw sinds analyse"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, runs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.runs = {run.pk: run for run in runs}
        self.fields["since_run"].choices = [("", "—")] + [(r.pk, str(r)) for r in runs]

    def clean(self):
        data = super().clean()
        if data.get("since_date") and data.get("since_run"):
            raise forms.ValidationError(_("Kies een datum of een analyse, niet allebei."))
        if data.get("since_run") is not None:
            data["since_run"] = self.runs[data["since_run"]]
        return data


class RatingForm(forms.Form):
    desirability = forms.TypedChoiceField(
        label=_("Gewenst of ongewenst?"),
        choices=SCALE_DESIRED,
        coerce=int,
        widget=forms.RadioSelect,
    )
    permanence = forms.TypedChoiceField(
        label=_("Blijvend of tijdelijk?"),
        choices=SCALE_LASTING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Korte motivering"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom deze scores? Eén of twee zinnen."),
    )


class ScenarioForm(forms.Form):
    title = forms.CharField(label=_("Als we kiezen voor …"), max_length=200)
    text = forms.CharField(label=_("Wat er dan gebeurt"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.TypedMultipleChoiceField(
        label=_("Onderbouwing uit de bijdragen achter het dilemma"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    extra = forms.CharField(
        label=_("Andere bijdragen (nummers)"),
        required=False,
        help_text=_("Nummers gescheiden door komma's of spaties, bijvoorbeeld 12, 40."),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = list(choices)

    def clean_extra(self) -> list[int]:
        text = self.cleaned_data.get("extra", "")
        parts = [p for p in re.split(r"[\s,;]+", text) if p]
        wrong = [p for p in parts if not p.isdigit()]
        if wrong:
            raise forms.ValidationError(
                _("Geen bijdragenummer: %(values)s") % {"values": ", ".join(wrong)}
            )
        return [int(p) for p in parts]

    def evidence_ids(self) -> list[int]:
        return sorted(set(self.cleaned_data["evidence"]) | set(self.cleaned_data["extra"]))


class PlainSummaryForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(
        label=_("Samenvatting in eenvoudige taal"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Korte zinnen, gewone woorden, bedrijvende vorm. Een witregel begint een alinea."
        ),
    )
