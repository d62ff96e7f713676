"""The final agenda (PDF), the visuals, the key figures and the B1 summary: what they hold,
the English version, and the same content from the same state."""

import datetime as dt
import io
import json

import pytest
from django.utils import timezone

from oogst.products import services
from oogst.products.models import PlainSummary

from .conftest import SECRETS, pdf_text, product_text

AT = timezone.make_aware(dt.datetime(2026, 6, 1, 12, 0))


@pytest.mark.django_db
class TestFinalAgenda:
    def test_holds_every_part_and_is_tagged(self, products_world):
        from pypdf import PdfReader

        files, provenance = services.build(products_world["programme"], "final")
        data = files["final.pdf"]
        text, pages = pdf_text(data)
        for part in (
            "Agenda voor herstel",
            "Inhoud",
            "Kerncijfers",
            "Inzichten",
            "Dilemma",
            "Witte vlekken",
            "Ministeries en herstelopgaven",
            "Afwegingskader",
            "Verantwoording",
            "De zorg liep vast",
            "Inhaalzorg en wachtlijsten",
        ):
            assert part in text, part
        assert f"bijdrage {products_world['quotes']['post'].pk}" in text
        for secret in SECRETS:
            assert secret not in text, secret
        assert pages >= 8
        reader = PdfReader(io.BytesIO(data))
        assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
        assert reader.trailer["/Root"]["/Lang"] == "nl"
        assert provenance["insights"] == {
            str(products_world["care"].pk): products_world["care"].versions.count(),
            str(products_world["dilemma"].pk): products_world["dilemma"].versions.count(),
        }

    def test_in_english_on_request(self, products_world):
        files, _provenance = services.build(products_world["programme"], "final", language="en")
        text, _pages = pdf_text(files["final.pdf"])
        assert "Agenda for recovery" in text and "Key figures" in text and "Blind spots" in text

    def test_only_accepted_ministry_links_are_in_the_matrix(self, products_world):
        from oogst.products.selectors.content import gather

        content = gather(products_world["programme"], language="nl", made_at=AT)
        [row] = [r for r in content.matrix.rows if r[1] == "De zorg liep vast"]
        assert row[2] == ["VWS"]  # FIN is only a proposal


@pytest.mark.django_db
class TestSameStateSameContent:
    @pytest.mark.parametrize("kind", ["memo", "final", "visuals", "keyfigures", "b1"])
    def test_twice_from_the_same_state(self, products_world, kind):
        programme = products_world["programme"]
        PlainSummary.objects.create(programme=programme, title="Kort", text="Wij luisteren.")
        first, p1 = services.build(programme, kind, made_at=AT)
        second, p2 = services.build(programme, kind, made_at=AT)
        assert first == second
        later, p3 = services.build(programme, kind, made_at=AT + dt.timedelta(hours=1))
        assert p1["state_sha256"] == p3["state_sha256"]

    def test_a_change_changes_the_fingerprint(self, products_world):
        from .conftest import add_evidence

        programme = products_world["programme"]
        _files, before = services.build(programme, "memo", made_at=AT)
        add_evidence(products_world["dilemma"], products_world["quotes"]["idee"])
        _files, after = services.build(programme, "memo", made_at=AT)
        assert before["state_sha256"] != after["state_sha256"]
        key = str(products_world["dilemma"].pk)
        assert after["insights"][key] == before["insights"][key] + 1


@pytest.mark.django_db
class TestVisualsAndFigures:
    def test_one_svg_and_png_per_theme_with_the_four_fields(self, products_world):
        files, _provenance = services.build(products_world["programme"], "visuals")
        assert set(files) == {
            "thema-zorg.svg",
            "thema-zorg.png",
            "thema-onderwijs.svg",
            "thema-onderwijs.png",
        }
        svg = files["thema-zorg.svg"].decode()
        for field in ("Kansen", "Uitdagingen", "Nodig", "Wie is aan zet"):
            assert field in svg
        assert "VWS" in svg and "Inhaalzorg en wachtlijsten" in svg
        assert "Inzicht 1: De zorg liep vast" in svg
        assert files["thema-zorg.png"].startswith(b"\x89PNG")

    def test_key_figures(self, products_world):
        files, _provenance = services.build(products_world["programme"], "keyfigures")
        svg = files["keyfigures.svg"].decode()
        assert "dialoogtafels gehouden" in svg and "Burgers" in svg


@pytest.mark.django_db
class TestPlainSummary:
    def test_without_a_summary_it_says_so_and_is_still_made(self, products_world):
        files, _provenance = services.build(products_world["programme"], "b1")
        assert "nog geen samenvatting" in files["b1.txt"].decode()
        assert json.loads(files["b1-readability.json"])["written"] is False

    def test_the_summary_with_its_readability_report(self, products_world):
        programme = products_world["programme"]
        services.save_plain_summary(
            programme,
            title="Wat we hoorden",
            text="Veel mensen hadden het zwaar. Het besluit wordt door de minister genomen.",
        )
        files, _provenance = services.build(programme, "b1")
        assert files["b1.txt"].decode().startswith("Wat we hoorden\n\nVeel mensen")
        report = json.loads(files["b1-readability.json"])
        assert report["sentences"] == 2 and report["counts"]["passive_sentences"] == 1
        assert "Douma" in report["method"]["source"]

    def test_no_personal_data_in_any_product(self, products_world):
        for kind in ("memo", "final", "visuals", "keyfigures", "b1"):
            files, provenance = services.build(products_world["programme"], kind)
            for name, data in files.items():
                text = product_text(name, data)
                for secret in SECRETS:
                    assert secret not in text, (name, secret)
            assert "Ahmed" not in json.dumps(provenance)
