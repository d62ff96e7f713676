"""The public sign-up form, the status lookup, and the programme team's forms (targets, draw)."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from oogst.codebook.models import Theme
from oogst.directory.models import Province
from oogst.forms import DescribedErrors
from oogst.participants.models import AGE_BANDS, Background, Education, Gender
from oogst.programme.models import Table

from . import consent
from .draw import ALGORITHMS, MAXIMIN_POOL_LIMIT
from .models import Draw, QuotaTarget

NOT_SAYING = ("", _("Zeg ik liever niet"))


class TableChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, table: Table) -> str:
        when = (
            formats.date_format(timezone.localtime(table.starts_at), "l j F Y, H:i")
            if table.starts_at
            else _("datum volgt")
        )
        where = (
            _("online")
            if table.mode == Table.Mode.ONLINE
            else (table.municipality.name if table.municipality else _("plaats volgt"))
        )
        return f"{table.name} — {when}, {where}"


class SignupForm(DescribedErrors, forms.Form):
    name = forms.CharField(
        label=_("Je naam (niet verplicht)"),
        max_length=200,
        required=False,
        help_text=_("Alleen om je in de e-mail bij je naam te noemen."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        help_text=_("Hierop krijg je de bevestiging, en de uitnodiging als je wordt geloot."),
        error_messages={
            "required": _("Vul je e-mailadres in."),
            "invalid": _("Dit is geen geldig e-mailadres, bijvoorbeeld naam@voorbeeld.nl."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Je telefoonnummer (niet verplicht)"),
        max_length=40,
        required=False,
        help_text=_(
            "Alleen als we je snel moeten bereiken, bijvoorbeeld als een tafel verschuift."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    age_band = forms.ChoiceField(
        label=_("Je leeftijd"),
        choices=[NOT_SAYING, *[(a, a) for a in AGE_BANDS]],
        required=False,
        help_text=_("We loten zo dat jong en oud aan tafel zitten, zoals in Nederland."),
    )
    gender = forms.ChoiceField(
        label=_("Je gender"),
        choices=[
            (Gender.WOMAN, _("Vrouw")),
            (Gender.MAN, _("Man")),
            (Gender.OTHER, _("Anders")),
            (Gender.UNKNOWN, _("Zeg ik liever niet")),
        ],
        initial=Gender.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Zodat vrouwen en mannen even vaak aan tafel komen."),
    )
    province = forms.ModelChoiceField(
        label=_("In welke provincie woon je?"),
        queryset=Province.objects.order_by("name"),
        required=False,
        empty_label=NOT_SAYING[1],
        help_text=_("Zodat alle delen van het land meepraten."),
    )
    education = forms.ChoiceField(
        label=_("Je hoogst afgemaakte opleiding"),
        choices=[
            (Education.LOW, _("Basisschool, vmbo, mbo 1 of de eerste jaren van havo of vwo")),
            (Education.MIDDLE, _("Havo, vwo of mbo 2, 3 of 4")),
            (Education.HIGH, _("Hbo of universiteit")),
            (Education.UNKNOWN, _("Zeg ik liever niet")),
        ],
        initial=Education.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Mensen met een hogere opleiding melden zich vaker aan. Met deze vraag zorgen we "
            "dat iedereen evenveel kans heeft om gehoord te worden."
        ),
    )
    background = forms.ChoiceField(
        label=_("Ben jij of is een van je ouders in het buitenland geboren?"),
        choices=[
            (Background.NONE, _("Nee")),
            (
                Background.WESTERN,
                _("Ja, in Europa (niet Turkije), Noord-Amerika, Oceanië, Japan of Indonesië"),
            ),
            (Background.NON_WESTERN, _("Ja, in een ander land")),
            (Background.UNKNOWN, _("Zeg ik liever niet")),
        ],
        initial=Background.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Zo vergelijken we de groep aan tafel met de cijfers van het CBS over "
            "migratieachtergrond."
        ),
    )
    preferred_theme = forms.ModelChoiceField(
        label=_("Over welk thema praat je het liefst mee?"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("Geen voorkeur"),
        help_text=_(
            "We houden er rekening mee als we je een tafel geven; beloven kunnen we het niet."
        ),
    )
    preferred_region = forms.ModelChoiceField(
        label=_("In welke provincie zit je het liefst aan tafel?"),
        queryset=Province.objects.order_by("name"),
        required=False,
        empty_label=_("Geen voorkeur"),
        help_text=_("Voor tafels op locatie. Online tafels kun je overal volgen."),
    )
    tables = TableChoiceField(
        label=_("Wanneer kun je?"),
        queryset=Table.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Vink de tafels aan waar je bij kunt zijn. "
            "Vink je niets aan, dan kun je bij elke tafel."
        ),
    )
    consent_participation = forms.BooleanField(
        label=_("Ik doe mee aan de loting"),
        error_messages={
            "required": _("Geef toestemming, anders kunnen we je niet meenemen in de loting.")
        },
    )
    consent_feedback = forms.BooleanField(
        label=_("Houd me op de hoogte van wat er met de uitkomsten gebeurt"), required=False
    )
    consent_quote = forms.BooleanField(
        label=_("Wat ik aan tafel zeg, mag anoniem worden geciteerd"), required=False
    )
    consent_publish = forms.BooleanField(
        label=_("Mijn bijdragen mogen zonder persoonsgegevens op de website"), required=False
    )
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_theme"].queryset = Theme.objects.filter(
            programme=programme, status=Theme.Status.ACTIVE
        ).order_by("name")
        self.fields["tables"].queryset = (
            Table.objects.filter(programme=programme, status=Table.Status.PLANNED)
            .select_related("municipality")
            .order_by("starts_at", "code")
        )
        texts = consent.current()
        for purpose in consent.PURPOSES:
            self.fields[f"consent_{purpose}"].help_text = texts[purpose]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "age_band": data["age_band"],
            "gender": data["gender"] or Gender.UNKNOWN,
            "province": data["province"],
            "education": data["education"] or Education.UNKNOWN,
            "background": data["background"] or Background.UNKNOWN,
            "preferred_theme": data["preferred_theme"],
            "preferred_region": data["preferred_region"],
        }

    def contact(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data["email"],
            "phone": data["phone"].strip(),
        }

    def consents(self) -> dict[str, bool]:
        return {p: bool(self.cleaned_data[f"consent_{p}"]) for p in consent.PURPOSES}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Je referentiecode"),
        max_length=40,
        help_text=_("Die staat in de bevestiging, bijvoorbeeld AANM-7KD3-QX2P."),
        error_messages={"required": _("Vul je referentiecode in.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if code.startswith("AANM") and len(code) == 12:
            return f"AANM-{code[4:8]}-{code[8:]}"
        return code


class DrawForm(forms.Form):
    table = forms.ModelChoiceField(
        label=_("Voor welke tafel?"),
        queryset=Table.objects.none(),
        required=False,
        empty_label=_("Het hele programma (daarna verdelen over de tafels)"),
        help_text=_("Kies een tafel om precies haar plaatsen te loten uit wie dan kan."),
    )
    seats = forms.IntegerField(
        label=_("Aantal plaatsen"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Leeg bij een tafel: het aantal plaatsen van die tafel."),
    )
    algorithm = forms.ChoiceField(
        label=_("Algoritme"),
        choices=[(a, label) for a, label in Draw.Algorithm.choices if a in ALGORITHMS],
        initial=Draw.Algorithm.MAXIMIN,
        widget=forms.RadioSelect,
    )
    seed = forms.IntegerField(
        label=_("Startgetal (seed, niet verplicht)"),
        min_value=1,
        max_value=2**62,
        required=False,
        help_text=_("Leeg: een willekeurig getal, dat in het auditbestand komt."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["table"].queryset = Table.objects.filter(
            programme=programme, status=Table.Status.PLANNED
        ).order_by("starts_at", "code")

    def clean(self):
        from .services.draws import drawable

        data = super().clean()
        if data.get("algorithm") in ("maximin", "leximin"):
            size = drawable(self.programme, data.get("table")).count()
            if size > MAXIMIN_POOL_LIMIT:
                self.add_error(
                    "algorithm",
                    _(
                        "Met %(n)d aanmelders in de pool duurt maximin te lang (meer dan "
                        "%(limit)d): kies legacy."
                    )
                    % {"n": size, "limit": MAXIMIN_POOL_LIMIT},
                )
        if not data.get("seats"):
            if data.get("table"):
                data["seats"] = data["table"].capacity
            else:
                self.add_error("seats", _("Vul het aantal plaatsen in, of kies een tafel."))
        return data


class TargetForm(forms.ModelForm):
    class Meta:
        model = QuotaTarget
        fields = ["feature", "value", "share", "source"]
