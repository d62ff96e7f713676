"""Dutch readability: Flesch-Douma on texts whose score can be worked out by hand, and the
marks that keep a text from B1 (long sentences, passive voice, long and rare words)."""

import json

import pytest

from oogst.reporting.readability import assess, band_of, passive_form, split_sentences


def douma(words: int, sentences: int, syllables: int) -> float:
    """Douma (1960): 206.835 - 0.93 x words/sentence - 77 x syllables/word."""
    return round(206.835 - 0.93 * words / sentences - 77 * syllables / words, 1)


class TestScore:
    def test_one_short_sentence_by_hand(self):
        report = assess("De kat zit op de mat.")
        assert (report.words, report.sentences, report.syllables) == (6, 1, 6)
        assert report.score == douma(6, 1, 6) == 124.3
        assert report.band == "very_easy"

    def test_two_sentences_by_hand(self):
        # 16 words, 17 syllables (mooi-e: "mooie" has two), 2 sentences.
        text = "De kat zit op de mat. Het is een mooie dag vandaag en de zon schijnt."
        report = assess(text)
        assert (report.words, report.sentences) == (16, 2)
        assert report.syllables == 17
        assert report.score == douma(16, 2, 17) == 117.6

    def test_official_language_scores_far_below_plain_language(self):
        hard = assess(
            "De implementatie van de herstelopgaven vergt een integrale afweging van "
            "maatschappelijke belangen door de verantwoordelijke bestuursorganen, waarbij "
            "interdepartementale samenwerkingsverbanden een coördinerende rol vervullen."
        )
        plain = assess(
            "Veel mensen hadden het zwaar. Ze zaten thuis en zagen weinig mensen. "
            "Nu willen ze dat de overheid beter luistert. En dat er hulp komt als het nodig is."
        )
        assert hard.score < 30 and hard.band == "very_difficult"
        assert not hard.reaches_target
        assert plain.score >= 60 and plain.reaches_target
        assert plain.counts["hard_sentences"] == 0

    @pytest.mark.parametrize(
        ("score", "band"),
        [(95, "very_easy"), (60, "standard"), (59.9, "fairly_difficult"), (10, "very_difficult")],
    )
    def test_bands(self, score, band):
        assert band_of(score) == band

    def test_empty_text(self):
        report = assess("")
        assert report.words == 0 and report.sentences == 0 and not report.reaches_target

    def test_report_is_json_and_names_its_method(self):
        data = json.loads(json.dumps(assess("Het plan wordt uitgevoerd.").to_dict()))
        assert "Douma" in data["method"]["source"]
        assert data["method"]["libraries"]["textstat"]
        assert data["sentence_reports"][0]["is_hard"] is True


class TestSentences:
    def test_abbreviations_and_initials_do_not_end_a_sentence(self):
        text = "Dhr. Jansen kwam bijv. te laat. J. de Vries bleef thuis! Klopt dat?"
        parts = [text[s:e] for s, e in split_sentences(text)]
        assert parts == [
            "Dhr. Jansen kwam bijv. te laat.",
            "J. de Vries bleef thuis!",
            "Klopt dat?",
        ]

    def test_a_line_break_ends_a_sentence(self):
        assert len(split_sentences("Wat we horen\n- meer hulp\n- minder regels")) == 3

    def test_a_long_sentence_is_marked_from_21_words(self):
        twenty = " ".join(["woord"] * 19) + " eind."
        report = assess(twenty + " " + twenty.replace("eind.", "nog eind."))
        first, second = report.sentence_reports
        assert first.words == 20 and "long_sentence" not in first.reasons
        assert second.words == 21 and "long_sentence" in second.reasons
        assert report.counts["long_sentences"] == 1


class TestPassive:
    @pytest.mark.parametrize(
        ("sentence", "found"),
        [
            ("Het besluit is door de minister genomen.", "is … genomen"),
            ("Het plan wordt door de gemeente uitgevoerd.", "wordt … uitgevoerd"),
            ("De brief werd verstuurd.", "werd … verstuurd"),
            ("Er werd hard gewerkt in de zorg.", "werd … gewerkt"),
            ("Mijn operatie is uitgesteld.", "is … uitgesteld"),
        ],
    )
    def test_passive_sentences(self, sentence, found):
        assert passive_form(sentence.rstrip(".").split()) == found

    @pytest.mark.parametrize(
        "sentence",
        [
            "Hij is naar huis gegaan.",  # perfect with zijn, active
            "Het beleid wordt beter.",  # worden as a main verb
            "De gemeente heeft het plan opgesteld.",  # active perfect with hebben
            "Het is twee jaar geleden.",
            "Dat is bekend.",
            "Ik ben blij.",
            "Iedereen hoort wat er met zijn idee gebeurt.",  # "zijn" as "his"
        ],
    )
    def test_active_sentences(self, sentence):
        assert passive_form(sentence.rstrip(".").split()) == ""


class TestWords:
    def hard(self, text):
        return {w.word: w.reasons for s in assess(text).sentence_reports for w in s.hard_words}

    def test_long_and_rare_words(self):
        found = self.hard("De subsidiariteitsbeginselen zijn lastig.")
        assert found["subsidiariteitsbeginselen"] == ["long", "rare"]

    def test_a_compound_of_common_words_is_long_but_not_rare(self):
        found = self.hard("De zorgmedewerkers werkten hard.")
        assert found == {"zorgmedewerkers": ["long"]}

    def test_names_inside_a_sentence_and_numbers_are_not_judged(self):
        assert self.hard("We wonen in Stadshagen sinds 2019.") == {}

    def test_everyday_words_pass(self):
        assert self.hard("Ik zorgde elke dag voor mijn moeder.") == {}
