"""Forms of the insights pages: writing an insight, taking a finding or theme into one, and a
liaison's comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Insight
from .selectors.evidence import with_narrower


class InsightForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat betekent het? In gewone woorden; de onderbouwing koppelt u hieronder."),
    )
    type = forms.ChoiceField(label=_("Soort"), choices=Insight.Type.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Insight.Status.choices)
    parent = forms.TypedChoiceField(
        label=_("Valt onder (breder inzicht)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Een breed inzicht bundelt smallere; zijn onderbouwing telt die van hen mee."),
    )

    def __init__(self, *args, programme, insight: Insight | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = programme.insights.order_by("order", "pk")
        if insight is not None:
            # Not under itself, nor under one of its own narrower insights.
            parents = parents.exclude(pk__in=with_narrower(insight))
        self.parents = {p.pk: p for p in parents}
        self.fields["parent"].choices = [("", _("— geen —"))] + [
            (p.pk, p.title) for p in self.parents.values()
        ]

    def clean_parent(self):
        return self.parents.get(self.cleaned_data["parent"])


class FromBoardForm(forms.Form):
    """A finding (run and cluster) or a theme from the findings board."""

    run = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    cluster = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    theme = forms.SlugField(required=False, widget=forms.HiddenInput, max_length=80)
    with_quotes = forms.BooleanField(
        label=_("De citaten van de bevinding ook als citaat koppelen"),
        required=False,
        initial=True,
    )

    def clean(self):
        data = super().clean()
        finding = data.get("run") is not None and data.get("cluster") is not None
        if finding == bool(data.get("theme")):
            raise forms.ValidationError(_("Kies één bevinding of één thema."))
        return data


class NewFromBoardForm(InsightForm, FromBoardForm):
    pass


class AddToInsightForm(FromBoardForm):
    insight = forms.TypedChoiceField(label=_("Inzicht"), coerce=int)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.insights = {i.pk: i for i in programme.insights.order_by("order", "pk")}
        self.fields["insight"].choices = [(i.pk, i.title) for i in self.insights.values()]

    def clean_insight(self):
        return self.insights[self.cleaned_data["insight"]]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Reactie van uw ministerie"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
