"""Forms for recording a table's harvest and report, and for uploading an import file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_TEXT_LENGTH, Kind
from .selectors import Section


class AccessibleForm(forms.Form):
    """Ties help text and errors to their input with aria-describedby, and marks errors
    with aria-invalid, so a screen reader hears why a field was refused."""

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            if name in self.errors:
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


class EntryForm(AccessibleForm):
    """One short item in a section; the section decides the kind (or offers a choice)."""

    text = forms.CharField(
        label=_("Tekst"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "data-enter-submits": "true"}),
        error_messages={"required": _("Vul een tekst in.")},
    )
    role_label = forms.CharField(
        label=_("Rol"),
        max_length=80,
        required=False,
        help_text=_("Bijvoorbeeld ‘Student’ of ‘Zorgmedewerker’; nooit een naam."),
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=Kind.choices)

    def __init__(self, *args, section: Section, **kwargs):
        kwargs.setdefault("prefix", section.slot)
        super().__init__(*args, **kwargs)
        self.section = section
        self.fields["kind"].choices = [
            (v, label) for v, label in Kind.choices if v in section.kinds
        ]
        if section.fixed_kind:
            # The section is the question: whatever a stale form sends, a knel is a knel.
            self.fields["kind"] = forms.CharField(
                required=False, initial=section.fixed_kind, widget=forms.HiddenInput()
            )
        if section.slot == "verhaal":
            self.fields["kind"].choices = [
                (Kind.OVERIG, _("Verhaal of opmerking")),
                (Kind.VRAAG, _("Vraag")),
            ]
            self.fields["kind"].initial = Kind.OVERIG
        if section.quotes:
            self.fields["text"].label = _("Citaat")
            self.fields["role_label"].required = True
            self.fields["role_label"].error_messages["required"] = _(
                "Een citaat heeft een rol nodig."
            )
            self.fields["kind"].initial = Kind.OVERIG

    def clean_kind(self):
        return self.section.fixed_kind or self.cleaned_data["kind"]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Vul een tekst in."))
        return text


class ItemForm(AccessibleForm):
    """Editing one item: every field may change."""

    text = forms.CharField(
        label=_("Tekst"), max_length=MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=Kind.choices)
    role_label = forms.CharField(label=_("Rol"), max_length=80, required=False)
    is_quote = forms.BooleanField(label=_("Letterlijk citaat"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("is_quote") and not (data.get("role_label") or "").strip():
            self.add_error("role_label", _("Een citaat heeft een rol nodig."))
        return data


ATTENDANCE_ROWS_MIN = 4
ATTENDANCE_ROWS_MAX = 40


class TableReportForm(AccessibleForm):
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waar ging het gesprek over, wat viel op?"),
    )
    atmosphere = forms.CharField(
        label=_("Sfeer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: open, geladen, hoopvol."),
    )

    def __init__(self, *args, attendance: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        attendance = attendance or {}
        if self.is_bound:
            try:
                rows = int(self.data.get("attendance_rows", ATTENDANCE_ROWS_MIN))
            except ValueError:
                rows = ATTENDANCE_ROWS_MIN
        else:
            rows = len(attendance) + 2
        self.attendance_rows = max(ATTENDANCE_ROWS_MIN, min(rows, ATTENDANCE_ROWS_MAX))
        initial = list(attendance.items())
        for i in range(self.attendance_rows):
            role, count = initial[i] if i < len(initial) else ("", None)
            self.fields[f"role_{i}"] = forms.CharField(
                label=_("Rol, rij %(n)d") % {"n": i + 1},
                max_length=80,
                required=False,
                initial=role,
            )
            self.fields[f"count_{i}"] = forms.IntegerField(
                label=_("Aantal, rij %(n)d") % {"n": i + 1},
                min_value=0,
                max_value=999,
                required=False,
                initial=count,
            )

    def attendance_pairs(self):
        return [(self[f"role_{i}"], self[f"count_{i}"]) for i in range(self.attendance_rows)]

    def clean(self):
        data = super().clean()
        attendance: dict[str, int] = {}
        for i in range(self.attendance_rows):
            role = " ".join((data.get(f"role_{i}") or "").split())
            count = data.get(f"count_{i}")
            if role and count is None and f"count_{i}" not in self.errors:
                self.add_error(
                    f"count_{i}", _("Vul een aantal in bij ‘%(role)s’.") % {"role": role}
                )
            elif count and not role:
                self.add_error(f"role_{i}", _("Bij een aantal hoort een rol."))
            elif role and count is not None:
                if role in attendance:
                    self.add_error(
                        f"role_{i}", _("De rol ‘%(role)s’ staat er al.") % {"role": role}
                    )
                attendance[role] = count
        data["attendance"] = attendance
        return data


class ImportUploadForm(AccessibleForm):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "CSV (elk scheidingsteken; UTF-8 of Windows-1252), Excel (.xlsx), JSONL of JSON. "
            "Verplichte kolom: text. Optioneel: kind, role, table, theme, language, "
            "external_id, created_at, is_quote."
        ),
    )
    table = forms.ChoiceField(label=_("Tafel voor rijen zonder tafel"), required=False)
    strict = forms.BooleanField(
        label=_("Alles of niets: niets importeren als één rij fout is"),
        required=False,
        initial=False,
    )

    def __init__(self, *args, tables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = [("", _("— geen tafel —"))] + [
            (t.code, f"{t.code} · {t.name}") for t in tables
        ]

    def clean_file(self):
        from .readers import FORMATS

        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in FORMATS:
            raise forms.ValidationError(
                _("Gebruik een .csv-, .tsv-, .xlsx-, .jsonl- of .json-bestand.")
            )
        return upload


class TableReportUploadForm(AccessibleForm):
    document = forms.FileField(
        label=_("Ingevuld verslag (.docx)"),
        help_text=_(
            "Het Word-sjabloon van deze tafel, ingevuld. "
            "Wat er al staat, wordt niet dubbel toegevoegd."
        ),
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("Kies een Word-bestand (.docx)."))
        return upload
