"""Forms of the privacy pages. Every field has a label; errors are tied to their field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from oogst.participants.models import Consent
from oogst.privacy import MARKERS, PII_TYPES
from oogst.programme.models import Programme

from .models import ProgrammePrivacyPolicy


class WithdrawForm(forms.Form):
    """A participant withdraws with their own code; codes only count within one programme."""

    programme = forms.ModelChoiceField(
        label=_("Programma"),
        queryset=Programme.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Kies het programma waaraan u meedeed"),
    )
    code = forms.CharField(
        label=_("Uw deelnemerscode"),
        max_length=32,
        help_text=_(
            "Deze code staat in de bevestiging van uw aanmelding, bijvoorbeeld P-1A2B3C4D."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "Ik trek mijn deelname in. Mijn bijdragen worden niet meer gebruikt in nieuwe "
            "producten en niet meer getoond op de website."
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class AnalystWithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("De deelnemer heeft gevraagd de deelname in te trekken."))


class EraseForm(forms.Form):
    code = forms.CharField(label=_("Typ ter bevestiging de deelnemerscode"), max_length=32)

    def __init__(self, *args, expected_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_code = expected_code

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if code != self.expected_code.upper():
            raise forms.ValidationError(_("Dit is niet de code van deze deelnemer."))
        return code


class ParticipantSearchForm(forms.Form):
    code = forms.CharField(label=_("Deelnemerscode"), max_length=32)


class AdjustForm(forms.Form):
    text = forms.CharField(
        label=_("Geredigeerde tekst"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vervang wat nog herleidbaar is door een markering zoals [naam] of [adres]."),
    )


class PolicyForm(forms.ModelForm):
    # Kept on the programme itself; edited here because it is privacy policy.
    retention_until = forms.DateField(
        label=_("Bewaren tot"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Na deze datum verwijdert ‘oogst purge’ contactgegevens en vervangt het ruwe tekst "
            "door de geredigeerde tekst."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retention_until"].initial = self.instance.programme.retention_until
        self.order_fields(["retention_until"])

    class Meta:
        model = ProgrammePrivacyPolicy
        fields = [
            "erase_mode",
            "marker",
            "pseudonyms",
            "allowed_terms",
            "keep_public_figures",
            "table_quote_consent",
            "table_publish_consent",
            "polis_quote_consent",
        ]
        widgets = {
            "allowed_terms": forms.Textarea(attrs={"rows": 4}),
            "erase_mode": forms.RadioSelect,
            "marker": forms.RadioSelect,
        }


class MarkPhraseForm(forms.Form):
    phrase = forms.CharField(
        label=_("Woord of woorden die onherkenbaar moeten"),
        max_length=200,
        help_text=_(
            "Zoals in de oorspronkelijke tekst; elke keer dat het voorkomt, wordt het gemarkeerd."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Soort gegeven"),
        choices=[(kind, MARKERS["default"][kind]) for kind in PII_TYPES],
    )


class ConsentForm(forms.Form):
    """A consent decision the participant passed on by phone, letter or e-mail."""

    purpose = forms.ChoiceField(label=_("Doel"), choices=Consent.Purpose.choices)
    given = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("1", _("Toestemming gegeven")), ("0", _("Toestemming ingetrokken of geweigerd"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    text_version = forms.CharField(
        label=_("Versie toestemmingstekst"),
        max_length=40,
        help_text=_("De versie van de tekst waarop de deelnemer reageerde, bijvoorbeeld ‘v2’."),
    )
