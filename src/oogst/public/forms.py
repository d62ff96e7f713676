"""The ‘Wat is jouw idee?’ form and the reference lookup."""

from django import forms
from django.utils.translation import gettext_lazy as _

from oogst.codebook.models import Theme
from oogst.forms import DescribedErrors
from oogst.harvest.models import Kind

from . import consent

MAX_IDEA_LENGTH = 2000
MAX_ROLE_LENGTH = 80


class IdeaForm(DescribedErrors, forms.Form):
    text = forms.CharField(
        label=_("Jouw idee of vraag"),
        max_length=MAX_IDEA_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": MAX_IDEA_LENGTH}),
        help_text=_(
            "Schrijf in je eigen woorden. Hoogstens %(n)d tekens. Noem geen namen van anderen."
        )
        % {"n": MAX_IDEA_LENGTH},
        error_messages={
            "required": _("Vul je idee of vraag in."),
            "max_length": _(
                "Je tekst is te lang: hoogstens %(limit_value)d tekens (nu %(show_value)d)."
            ),
        },
    )
    kind = forms.ChoiceField(
        label=_("Is het een idee of een vraag?"),
        choices=[(Kind.IDEE, _("Een idee")), (Kind.VRAAG, _("Een vraag"))],
        widget=forms.RadioSelect,
        initial=Kind.IDEE,
        error_messages={"required": _("Kies of het een idee of een vraag is.")},
    )
    theme = forms.ModelChoiceField(
        label=_("Over welk thema gaat het? (niet verplicht)"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("Weet ik niet / geen thema"),
    )
    role_label = forms.CharField(
        label=_("Wie ben je? (niet verplicht)"),
        max_length=MAX_ROLE_LENGTH,
        required=False,
        help_text=_("Een rol, geen naam. Bijvoorbeeld: student, ondernemer, mantelzorger, docent."),
        error_messages={"max_length": _("Houd het kort: hoogstens %(limit_value)d tekens.")},
    )
    consent = forms.BooleanField(
        label=_("Ik ga akkoord"),
        error_messages={
            "required": _("Geef toestemming, anders kunnen we je inzending niet gebruiken.")
        },
    )
    quote_consent = forms.BooleanField(
        label=_("Mijn tekst mag anoniem worden geciteerd"), required=False
    )
    # A field people never see; software that fills in every field gives itself away.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(
            programme=programme, status=Theme.Status.ACTIVE
        ).order_by("name")
        texts = consent.current()
        self.fields["consent"].help_text = texts["consent"]
        self.fields["quote_consent"].help_text = texts["quote"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        if "\x00" in text:
            text = text.replace("\x00", "")
        if not text.strip():
            raise forms.ValidationError(_("Vul je idee of vraag in."))
        return text.strip()

    def clean_role_label(self):
        return " ".join(self.cleaned_data["role_label"].replace("\x00", "").split())

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Je referentiecode"),
        max_length=40,
        help_text=_("Die staat op de bevestiging, bijvoorbeeld OOGST-7KD3-QX."),
        error_messages={"required": _("Vul je referentiecode in.")},
    )
