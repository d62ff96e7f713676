"""Each shape-based detector: what it finds, and the look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from oogst.privacy.patterns import (
    find_accounts,
    find_addresses,
    find_birthdates,
    find_bsns,
    find_emails,
    find_ibans,
    find_phones,
    find_plates,
    find_postcodes,
)


def originals(spans):
    return [s.original for s in spans]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mail s.devries@ziggo.nl gerust.", ["s.devries@ziggo.nl"]),
        ("Mail naar Y.ElKhatib@Rotterdam.nl.", ["Y.ElKhatib@Rotterdam.nl"]),
        (
            "Het is hans punt peters at gmail punt com, zei hij.",
            ["hans punt peters at gmail punt com"],
        ),
        ("We zijn er at home, niet op kantoor.", []),
    ],
)
def test_emails(text, expected):
    assert originals(find_emails(text)) == expected


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "06 1234 5678",
        "0612345678",
        "+31 6 48261937",
        "+31 (0)6 21 43 65 87",
        "0031 6 11223344",
        "020-6241111",
        "030 - 234 56 78",
        "06.12.34.56.78",
        "+32 470 12 34 56",
    ],
)
def test_phone_formats(number):
    assert originals(find_phones(f"Bel me op {number} na zes uur.")) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Bel het Juridisch Loket op 0800-8020.",  # toll-free: an organisation
        "De klantenservice is 0900-1234567.",
        "Het nummer van de gemeente is 14 020.",
        "Er kwamen 2.700.000 mensen.",
        "In 2021 waren er 1500 aanvragen.",
    ],
)
def test_service_numbers_and_amounts_are_not_phones(text):
    assert find_phones(text) == []


def test_unallocated_mobile_numbers_are_still_phones():
    assert originals(find_phones("Bel 06 98 76 54 32 na zes uur.")) == ["06 98 76 54 32"]
    assert find_phones("Mijn BSN is 612345678.") == []


def test_phone_in_parentheses_excludes_the_bracket():
    assert originals(find_phones("Ingrid (06-41526374) coördineert.")) == ["06-41526374"]


def test_iban_needs_a_valid_checksum():
    assert originals(find_ibans("Op NL43 ABNA 8588 1897 63 graag.")) == ["NL43 ABNA 8588 1897 63"]
    assert originals(find_ibans("IBAN: NL31INGB9661217504.")) == ["NL31INGB9661217504"]
    assert find_ibans("De rekening NL12 ABNA 0123 4567 89 bestaat niet.") == []


def test_bsn_needs_the_11_proef():
    assert originals(find_bsns("Mijn BSN is 945807302.")) == ["945807302"]
    assert originals(find_bsns("BSN 100 233 077 staat op de kopie.")) == ["100 233 077"]
    assert originals(find_bsns("BSN 1663.40.339 hoort bij haar.")) == ["1663.40.339"]
    assert find_bsns("Mijn BSN is 157368193, klopt dat?") == []  # fails the 11-proef
    assert find_bsns("Het ordernummer was 123456789.") == []


def test_bsn_shaped_amounts_are_kept():
    assert find_bsns("Het ging om € 945807302 aan steun.") == []
    assert find_bsns("Er ging 945.807.302 euro naar de regio.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Het is 3512 AB Utrecht.", ["3512 AB"]),
        ("Postcode 3512AB graag.", ["3512AB"]),
        ("In 2021 EU-breed gold dit niet.", []),
        ("Het was 1500 KM rijden.", []),
        ("Het postcodegebied 1012 in Amsterdam.", []),
        ("Code 1234 SS bestaat niet.", []),
    ],
)
def test_postcodes(text, expected):
    assert originals(find_postcodes(text)) == expected


@pytest.mark.parametrize(
    "address",
    [
        "Kerkstraat 12",
        "Hoofdstraat 112b",
        "Laan van Meerdervoort 55",
        "Burgemeester de Withstraat 4-II",
        "Prins Hendrikkade 108",
        "Kerkweg 1A",
        "Oudegracht 231",
    ],
)
def test_addresses(address):
    assert originals(find_addresses(f"Ik woon op de {address} sinds 2019.")) == [address]


def test_street_without_number_is_not_an_address():
    assert find_addresses("De huisartsenpraktijk aan de Dorpsstraat is dicht.") == []
    assert find_addresses("Van nummer 2 tot 40 deed iedereen mee.") == []


@pytest.mark.parametrize("plate", ["XF-381-K", "87-GRN-4", "4-TXL-12", "GB-FR-45", "KZ-456-P"])
def test_licence_plates(plate):
    assert originals(find_plates(f"De auto met {plate} staat er al weken.")) == [plate]


def test_not_plates():
    assert find_plates("Het kenteken XF-381 is onvolledig.") == []
    assert find_plates("De NOW-regeling en COVID-19.") == []


def test_bare_plate_after_kenteken():
    assert originals(find_plates("Mijn kenteken XF381K klopt.")) == ["XF381K"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ik ben geboren op 3 juni 1961 in Delft.", ["3 juni 1961"]),
        ("Mijn dochter is 14 maart 2008 geboren.", ["14 maart 2008"]),
        ("Geb. 15-08-1949, weduwe.", ["15-08-1949"]),
        ("Geboortedatum: 12-03-1985.", ["12-03-1985"]),
        ("I was born on 5 May 1990.", ["5 May 1990"]),
        ("Ich bin am 12. März 1978 geboren.", ["12. März 1978"]),
        ("De scholen gingen op 16 maart 2020 dicht.", []),
        ("Het contract liep af op 31-12-2021.", []),
        ("Ik ben geboren in 1956.", []),
    ],
)
def test_birthdates_need_a_birth_context(text, expected):
    assert originals(find_birthdates(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Volg @buurtkracht_leiden op Instagram.", ["@buurtkracht_leiden"]),
        (
            "Zie https://www.linkedin.com/in/pieter-van-dijk-83a1b2.",
            ["https://www.linkedin.com/in/pieter-van-dijk-83a1b2"],
        ),
        ("Op tiktok.com/@lisa.kookt staan recepten.", ["tiktok.com/@lisa.kookt"]),
        ("Mail info@voorbeeld.nl.", []),
        ("Meer op www.rijksoverheid.nl/corona.", []),
    ],
)
def test_accounts(text, expected):
    assert originals(find_accounts(text)) == expected
