"""The products pages: only the programme team; the anchoring rule of the afwegingskader;
scenarios and the B1 summary through their forms; a product made in the background and
downloaded."""

import pytest

from oogst.products.models import PlainSummary, Product, Rating, Scenario

ROLES_REFUSED = ["observer", "fac_a", "host", "liaison"]


def urls(world) -> list[str]:
    care, dilemma = world["care"], world["dilemma"]
    return [
        "/producten/",
        "/producten/test/",
        "/producten/test/afwegingskader/",
        f"/producten/test/afwegingskader/insight-{care.pk}/",
        "/producten/test/afwegingskader/kader.svg",
        "/producten/test/scenarios/",
        f"/producten/test/scenarios/{dilemma.pk}/nieuw/",
        "/producten/test/b1/",
    ]


@pytest.fixture
def analyst(client, products_world):
    client.force_login(products_world["analyst"])
    return client


@pytest.mark.django_db
class TestWhoMay:
    def test_the_programme_team_reaches_every_page(self, analyst, products_world):
        for url in urls(products_world):
            response = analyst.get(url, follow=True)
            assert response.status_code == 200, url

    @pytest.mark.parametrize("role", ROLES_REFUSED)
    def test_everyone_else_is_refused_everywhere(self, client, products_world, role):
        client.force_login(products_world[role])
        for url in urls(products_world):
            assert client.get(url).status_code == 403, (role, url)
        care = products_world["care"]
        posts = {
            "/producten/test/maken/": {"kind": "memo", "language": "nl"},
            f"/producten/test/afwegingskader/insight-{care.pk}/": {
                "desirability": 1,
                "permanence": 1,
                "reason": "x",
            },
            "/producten/test/b1/": {"title": "t", "text": "x", "action": "save"},
            f"/producten/test/scenarios/{products_world['dilemma'].pk}/nieuw/": {
                "title": "t",
                "text": "x",
                "extra": str(products_world["quotes"]["school"].pk),
            },
        }
        for url, data in posts.items():
            assert client.post(url, data).status_code == 403, (role, url)
        assert not Product.objects.exists() and not Rating.objects.exists()
        assert not PlainSummary.objects.exists() and not Scenario.objects.exists()

    def test_anonymous_is_sent_to_log_in(self, client, products_world):
        response = client.get("/producten/test/")
        assert response.status_code == 302 and "/inloggen/" in response["Location"]

    def test_an_unknown_programme_is_404(self, analyst):
        assert analyst.get("/producten/elders/").status_code == 404

    def test_a_product_download_is_refused_to_others(
        self, client, analyst, products_world, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        settings.OOGST_TASKS_SYNC = True
        analyst.post("/producten/test/maken/", {"kind": "b1", "language": "nl"})
        product = Product.objects.get()
        url = f"/producten/test/product/{product.pk}/b1.txt"
        assert analyst.get(url).status_code == 200
        client.force_login(products_world["fac_a"])
        assert client.get(url).status_code == 403


@pytest.mark.django_db
class TestAnchoring:
    def score(self, client, item, d, p, reason):
        return client.post(
            f"/producten/test/afwegingskader/{item}/",
            {"desirability": d, "permanence": p, "reason": reason},
        )

    def test_a_rater_sees_the_others_only_after_scoring(self, client, products_world):
        from oogst.accounts.models import Role, User

        care = f"insight-{products_world['care'].pk}"
        client.force_login(products_world["analyst"])
        assert (
            self.score(client, care, 5, 4, "Burenhulp blijft als we het steunen.").status_code
            == 302
        )
        second = User.objects.create_user("analist2", password="pw", role=Role.ANALYST)
        client.force_login(second)
        before = client.get(f"/producten/test/afwegingskader/{care}/").content.decode()
        assert "Burenhulp blijft" not in before
        assert "nadat u zelf hebt gescoord" in before
        overview = client.get("/producten/test/afwegingskader/").content.decode()
        assert "zichtbaar na uw score" in overview and "Behouden en versterken" not in overview
        plot = client.get("/producten/test/afwegingskader/kader.svg").content.decode()
        assert ">1<" not in plot  # no point the rater has not scored
        self.score(client, care, 2, 4, "Vooral zorgen.")
        after = client.get(f"/producten/test/afwegingskader/{care}/").content.decode()
        assert "Burenhulp blijft" in after and "Vooral zorgen." in after
        assert Rating.objects.count() == 2

    def test_a_score_needs_both_axes_and_a_reason(self, client, products_world):
        client.force_login(products_world["analyst"])
        care = f"insight-{products_world['care'].pk}"
        response = self.score(client, care, 6, 3, "")
        assert response.status_code == 400
        assert not Rating.objects.exists()

    def test_changing_ones_score_keeps_one_row(self, client, products_world):
        client.force_login(products_world["analyst"])
        care = f"insight-{products_world['care'].pk}"
        self.score(client, care, 5, 4, "eerst")
        self.score(client, care, 4, 4, "daarna")
        [rating] = Rating.objects.all()
        assert (rating.desirability, rating.reason) == (4, "daarna")

    def test_an_unknown_item_is_404(self, client, products_world):
        client.force_login(products_world["analyst"])
        assert client.get("/producten/test/afwegingskader/insight-99999/").status_code == 404


@pytest.mark.django_db
class TestScenarios:
    def test_written_through_the_form_and_in_the_final_agenda(self, analyst, products_world):
        from oogst.products import services

        from .conftest import pdf_text

        dilemma, school = products_world["dilemma"], products_world["quotes"]["school"]
        url = f"/producten/test/scenarios/{dilemma.pk}/nieuw/"
        form = analyst.get(url).content.decode()
        assert f'value="{school.pk}"' in form  # the dilemma's evidence to choose from
        for title in ("Scholen open houden", "Thuisonderwijs als vangnet"):
            response = analyst.post(
                url, {"title": title, "text": "Dan gebeurt er iets.", "evidence": [school.pk]}
            )
            assert response.status_code == 302
        files, _provenance = services.build(products_world["programme"], "final")
        text = " ".join(pdf_text(files["final.pdf"])[0].split())
        assert "Scholen open houden" in text and "Thuisonderwijs als vangnet" in text

    def test_rules(self, analyst, products_world):
        from oogst.programme.models import Programme

        dilemma = products_world["dilemma"]
        url = f"/producten/test/scenarios/{dilemma.pk}/nieuw/"
        assert analyst.post(url, {"title": "Zonder", "text": "x"}).status_code == 400
        other = Programme.objects.create(slug="ander", name="Ander")
        elsewhere = other.contributions.create(text="elders", is_quote=True)
        response = analyst.post(url, {"title": "Elders", "text": "x", "extra": str(elsewhere.pk)})
        assert response.status_code == 400 and "Onbekende bijdragen" in response.content.decode()
        care = products_world["care"]  # a challenge, not a dilemma
        assert analyst.get(f"/producten/test/scenarios/{care.pk}/nieuw/").status_code == 404
        school = products_world["quotes"]["school"].pk
        for n in range(4):
            analyst.post(url, {"title": f"S{n}", "text": "x", "evidence": [school]})
        response = analyst.post(url, {"title": "S5", "text": "x", "evidence": [school]})
        assert response.status_code == 400 and dilemma.scenarios.count() == 4


@pytest.mark.django_db
class TestPlainSummaryPage:
    def test_check_marks_hard_sentences_and_save_keeps_it(self, analyst, products_world):
        text = (
            "Het besluit wordt door de minister genomen. De implementatie van de "
            "subsidiariteitsbeginselen vergt een integrale afweging."
        )
        partial = analyst.post(
            "/producten/test/b1/",
            {"title": "Kort", "text": text, "action": "check"},
            HTTP_HX_REQUEST="true",
        ).content.decode()
        assert "Mogelijk lijdende vorm: wordt … genomen" in partial
        assert "subsidiariteitsbeginselen" in partial and 'class="hard"' in partial
        assert not PlainSummary.objects.exists()
        analyst.post("/producten/test/b1/", {"title": "Kort", "text": text, "action": "save"})
        assert PlainSummary.objects.get().title == "Kort"


@pytest.mark.django_db
class TestMadeInTheBackground:
    def test_make_then_download(self, analyst, products_world, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        settings.OOGST_TASKS_SYNC = True
        page = analyst.get("/producten/test/").content.decode()
        assert "Tafelcitaten zonder gekoppelde deelnemer worden niet gebruikt" in page
        assert "/privacy/test/beleid/" in page
        response = analyst.post("/producten/test/maken/", {"kind": "memo", "language": "nl"})
        assert response.status_code == 302
        product = Product.objects.get()
        assert product.status == "done" and product.made_by == products_world["analyst"]
        assert product.files == ["memo.docx", "provenance.json"]
        download = analyst.get(f"/producten/test/product/{product.pk}/memo.docx")
        assert download.status_code == 200 and download["Cache-Control"] == "no-store"
        assert (
            analyst.get(f"/producten/test/product/{product.pk}/../../settings.py").status_code
            == 404
        )
        row = analyst.get(f"/producten/test/product/{product.pk}/").content.decode()
        assert "memo.docx" in row and "hx-trigger" not in row

    def test_a_bad_choice_is_refused_with_the_reason(self, analyst, products_world):
        response = analyst.post("/producten/test/maken/", {"kind": "poster", "language": "nl"})
        assert response.status_code == 400 and not Product.objects.exists()
