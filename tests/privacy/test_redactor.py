"""The Redactor: markers, the Woo marking, pseudonyms, the allow-list and reviewed spans."""

from __future__ import annotations

import pytest

from oogst.privacy import MARKERS, PII_TYPES, Redaction, Redactor, Span, redact

TEXT = (
    "Contact: Willem de Jong, +31 6 48261937, willem.dejong@gmail.com, Kerkstraat 12, "
    "3512 AB Utrecht."
)


def test_default_markers():
    result = Redactor().redact(TEXT)
    assert result.text == "Contact: [naam], [telefoon], [e-mail], [adres], [postcode] Utrecht."
    assert [s.type for s in result.spans] == ["name", "phone", "email", "address", "postcode"]
    for span in result.spans:
        assert TEXT[span.start : span.end] == span.original


def test_every_type_has_a_default_and_a_woo_marker():
    assert set(MARKERS["default"]) == set(PII_TYPES) == set(MARKERS["woo"])


def test_woo_marking():
    assert redact("Bel Sanne op 06-12345678.", marker="woo") == "Bel [5.1.2e] op [5.1.2e]."


def test_custom_markers_fall_back_to_the_defaults():
    redactor = Redactor(marker={"name": "XXX"})
    assert redactor.redact("Bel Sanne op 06-12345678.").text == "Bel XXX op [telefoon]."


def test_unknown_marker_is_refused():
    with pytest.raises(ValueError):
        Redactor(marker="zwart")


def test_pseudonyms_are_consistent_within_a_document():
    text = (
        "Ineke Jansen belde Henk. Later zei mevrouw Jansen dat Henk niet opnam; "
        "Ineke belde toen 06-12345678 en daarna weer 06-12345678."
    )
    result = Redactor(pseudonyms=True).redact(text)
    assert result.text == (
        "[persoon 1] belde [persoon 2]. Later zei mevrouw [persoon 1] dat [persoon 2] niet "
        "opnam; [persoon 1] belde toen [telefoon 1] en daarna weer [telefoon 1]."
    )


def test_pseudonyms_restart_per_document():
    redactor = Redactor(pseudonyms=True)
    assert redactor.redact("Henk belde.").text == "[persoon 1] belde."
    assert redactor.redact("Sanne belde.").text == "[persoon 1] belde."


def test_woo_pseudonyms():
    assert Redactor(marker="woo", pseudonyms=True).redact("Henk belde.").text == (
        "[5.1.2e: persoon 1] belde."
    )


def test_allow_list_keeps_public_addresses_and_numbers_too():
    text = "Mail info@gemeente.nl of bel 06-12345678; privé: 06-87654321."
    kept = Redactor(allow=["info@gemeente.nl", "06 1234 5678"]).redact(text).text
    assert kept == "Mail info@gemeente.nl of bel 06-12345678; privé: [telefoon]."


def test_allow_list_keeps_public_figures():
    text = "Minister Hoekstra en onze buurman Kees Vos zaten aan tafel."
    assert Redactor(allow=["Wopke Hoekstra"]).redact(text).text == (
        "Minister Hoekstra en onze buurman [naam] zaten aan tafel."
    )
    # A minister named with their title is a public figure: kept unless the policy says no.
    assert Redactor().redact(text).text.startswith("Minister Hoekstra en onze buurman [naam]")
    without = Redactor(public_figures=False)
    assert without.redact(text).text.startswith("Minister [naam]")
    assert without.redact(text, allow=["Hoekstra"]).text.startswith("Minister Hoekstra")


def test_type_selection():
    assert Redactor(types=["phone"]).redact("Bel Sanne op 06-12345678.").text == (
        "Bel Sanne op [telefoon]."
    )
    with pytest.raises(ValueError):
        Redactor(types=["shoe size"])


def test_apply_renders_reviewed_spans():
    """The review queue: an analyst widens, drops or adds spans, and the text is re-rendered."""
    text = "Ik sprak Wortelboom over de lift."
    redactor = Redactor()
    assert redactor.find_spans(text) == []  # an unknown surname alone: a known gap
    added = Span(9, 19, "name", "Wortelboom")
    assert redactor.apply(text, [added]) == Redaction(
        "Ik sprak [naam] over de lift.", [added], ["[naam]"]
    )
    with pytest.raises(ValueError):
        redactor.apply(text, [added, Span(12, 21, "name", text[12:21])])


def test_spans_serialise_without_the_personal_data():
    span = Redactor().redact("Bel Sanne.").spans[0]
    assert span.to_dict() == {"start": 4, "end": 9, "type": "name", "reason": "first_names"}
    assert span.to_dict(with_original=True)["original"] == "Sanne"


def test_text_without_personal_data_is_unchanged():
    text = "De wethouder van Zwolle zag 40% minder omzet in 2020, zegt het CBS; € 4.000 steun."
    assert Redactor().redact(text) == Redaction(text, [], [])


def test_engine_version_names_the_word_lists():
    from oogst.privacy import ENGINE_VERSION

    assert ENGINE_VERSION.startswith("privacy-3+") and len(ENGINE_VERSION) <= 40
