"""Names in their Dutch shapes, and the words that look like names but must stay."""

from __future__ import annotations

import pytest

from oogst.privacy.names import NameFinder


@pytest.fixture(scope="module")
def names():
    finder = NameFinder()
    return lambda text: [s.original for s in finder.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mijn buurvrouw Ineke Jansen hielp ons.", ["Ineke Jansen"]),
        ("Volgens J.P. de Vries staan er 300 woningen leeg.", ["J.P. de Vries"]),
        ("Mevr. A. Dijkstra-Postma maakte bezwaar.", ["A. Dijkstra-Postma"]),
        ("Mevrouw Jansen uit Almere vertelde het.", ["Jansen"]),
        ("Dhr. Bakker wil teruggebeld worden.", ["Bakker"]),
        ("Onze voorzitter, Karin van den Berg, schreef.", ["Karin van den Berg"]),
        ("Vroeger werkte Ria van 't Hof in het stadhuis.", ["Ria van 't Hof"]),
        ("Wethouder De Groot van Leiden opende de tafel.", ["De Groot"]),
        ("Mijn collega Fatima el Amrani werkte op de ic.", ["Fatima el Amrani"]),
        ("Ingrid v.d. Berg regelt de aanmeldingen.", ["Ingrid v.d. Berg"]),
        ("Marie-José en Jan-Willem zetten een wijkkrant op.", ["Marie-José", "Jan-Willem"]),
        ("De sportschool van Bert en Ans overleefde het.", ["Bert", "Ans"]),
        ("Ik heet Rachid en heb een kapperszaak.", ["Rachid"]),
        ("Kofi Mensah vertelde over zijn werk.", ["Kofi Mensah"]),
        ("Herr Becker aus Aachen arbeitet in Heerlen.", ["Becker"]),
        ("My neighbour John Smith helped us.", ["John Smith"]),
        ("ik heb met jan van de overkant gesproken", ["jan"]),
    ],
)
def test_name_shapes(names, text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bakker zei dat de gemeente te laat was.", ["Bakker"]),
        ("Bakker is een mooi vak, maar je moet vroeg op.", []),
        ("De bakker op de hoek sloot zijn zaak.", []),
        ("Dijkstra schreef het plan samen met Koster.", ["Dijkstra", "Koster"]),
        ("Bos en Vos zijn de huisartsen in ons dorp.", ["Bos", "Vos"]),
        ("Roos werkt in een kinderdagverblijf.", ["Roos"]),
        ("Roos en tulpen konden niet naar het buitenland.", []),
        ("Wil je iets toevoegen?", []),
        ("Mijn tante Wil woont in Dokkum.", ["Wil"]),
        ("Mark je agenda voor 12 mei.", []),
        ("De jeugdtrainer, Mark, kreeg een lintje.", ["Mark"]),
    ],
)
def test_words_that_are_also_names(names, text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Van der Meer vond dat de jongeren het zwaarst zijn getroffen.", ["Van der Meer"]),
        ("Van Dijk en Van Leeuwen wonen daar allebei.", ["Van Dijk", "Van Leeuwen"]),
        ("Van Amsterdam tot Maastricht hoorden we hetzelfde.", []),
        ("Van de 12 deelnemers waren er 5 student.", []),
        ("De Boer uit Groningen vroeg waarom.", ["De Boer"]),
        ("De Tweede Kamer nam een motie aan.", []),
    ],
)
def test_van_and_de_at_sentence_start(names, text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "De wethouder van Utrecht opende de dialoogtafel.",
        "De burgemeester van Maastricht was gastheer.",
        "De staatssecretaris van Financiën kwam naar Kerkrade.",
        "Het ministerie van VWS moet beter luisteren.",
        "De verpleegkundige en de student uit Wageningen praatten mee.",
        "Ik werk bij Albert Heijn in Haarlem.",
        "Het Rode Kruis en het Leger des Heils deelden pakketten uit.",
        "Bij Van der Valk in Vianen zijn 40 mensen ontslagen.",
        "Het Anne Frank Huis was gesloten.",
        "De ondernemer van de bakkerij aan de Lange Nieuwstraat.",
        "Ouderen in Zeeland voelden zich vergeten door Den Haag.",
        "De gemeente Súdwest-Fryslân organiseerde vier tafels.",
        "I was born on 5 May 1990 in Utrecht.",
        "Der Bürgermeister von Kerkrade sprach über die Grenzregion.",
        "De huren stegen met 3,1 procent en 1.850 euro is niet genoeg.",
    ],
)
def test_roles_places_organisations_and_numbers_are_kept(names, text):
    assert names(text) == []
