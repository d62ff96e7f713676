"""The interim memo: quotes through the privacy layer with their reference, what was
withheld and why, the top insights, and what is new since a date or an analysis run."""

import datetime as dt

import pytest
from django.utils import timezone

from oogst.analyses.models import AnalysisRun
from oogst.products import services
from oogst.safeguards import services as safeguards

from .conftest import SECRETS, add_evidence, docx_text, new_insight


def memo(programme, **options) -> str:
    files, _provenance = services.build(programme, "memo", **options)
    return docx_text(files["memo.docx"])


@pytest.mark.django_db
class TestQuotes:
    def test_quotes_are_redacted_attributed_by_role_table_and_number(self, products_world):
        text = memo(products_world["programme"])
        post = products_world["quotes"]["post"]
        assert "huisartsenpost in Zwolle nam niet op" in text
        assert f"— Verpleegkundige, tafel A, bijdrage {post.pk}" in text
        assert "[naam]" in text and "[telefoon]" in text
        for secret in SECRETS:
            assert secret not in text, secret

    def test_what_was_withheld_is_counted_with_the_reason(self, products_world):
        text = memo(products_world["programme"])
        assert "Geen toestemming om te citeren" in text  # Ahmed's quote
        assert "Citaten achtergehouden\n1" in text

    def test_an_unreviewed_quote_is_counted_not_printed(self, products_world):
        redaction = products_world["quotes"]["idee"].redaction
        redaction.status = "automatic"
        redaction.save()
        text = memo(products_world["programme"])
        assert "wijkverpleegkundige" not in text
        assert "Redactie nog niet gecontroleerd" in text

    def test_withdrawing_takes_a_persons_quotes_out_of_the_next_memo(self, products_world):
        assert "huisartsenpost" in memo(products_world["programme"])
        safeguards.withdraw_participant(products_world["sanne"], via_code=True)
        text = memo(products_world["programme"])
        assert "huisartsenpost" not in text and "buren" not in text
        assert "Deelnemer heeft de deelname ingetrokken" in text

    def test_the_top_insights_and_their_parts(self, products_world):
        text = memo(products_world["programme"])
        for part in ("Leeswijzer", "Kerncijfers", "Belangrijkste inzichten", "Bijlage"):
            assert part in text
        assert "Inzicht 1. De zorg liep vast" in text
        # The quote the analyst chose for the insight comes first.
        assert text.index("dat wil ik houden") < text.index("huisartsenpost")
        assert "Uitdagingen en kansen per thema" in text and "Zorg en gezondheid" in text


@pytest.mark.django_db
class TestWhatIsNew:
    def test_since_a_date_names_new_and_grown_insights(self, products_world):
        programme = products_world["programme"]
        text = memo(programme, since_date=dt.date.today() - dt.timedelta(days=1))
        assert "Nieuw inzicht: De zorg liep vast" in text
        assert "Nieuw thema" not in text or "Zorg en gezondheid" in text

    def test_since_a_run_names_what_changed_after_it(self, products_world):
        programme = products_world["programme"]
        earlier = AnalysisRun.objects.create(
            programme=programme,
            number=1,
            status="done",
            finished_at=timezone.now(),
            summary={"clusters": [], "emerging": [{"name": "fiets / werk", "keywords": ["fiets"]}]},
        )
        later_insight = new_insight(programme, "Nieuwe kijk op thuiswerk", "opportunity")
        add_evidence(products_world["care"], products_world["quotes"]["buren"], "contribution")
        AnalysisRun.objects.create(
            programme=programme,
            number=2,
            status="done",
            finished_at=timezone.now(),
            summary={
                "clusters": [],
                "emerging": [
                    {"name": "fiets / werk", "keywords": ["fiets"], "size": 6},
                    {"name": "energie / rekening", "keywords": ["energie"], "size": 7},
                ],
            },
        )
        text = memo(programme, since_run=earlier)
        assert f"Nieuw inzicht: {later_insight.title}" in text
        assert "Gegroeid inzicht: De zorg liep vast (1 onderbouwingen erbij)" in text
        assert "Nieuw opkomend onderwerp: energie / rekening (7 bijdragen)" in text
        assert "Opkomend onderwerp (al eerder gezien): fiets / werk" in text
        assert "De zorg liep vast" not in text.split("Wat is er nieuw")[1].split("Nieuw inzicht")[0]

    def test_without_a_comparison_it_says_so(self, products_world):
        assert "Er is geen vorige memo of analyse opgegeven" in memo(products_world["programme"])

    def test_a_run_of_another_programme_is_refused(self, products_world):
        from oogst.programme.models import Programme

        other = Programme.objects.create(slug="ander", name="Ander")
        run = AnalysisRun.objects.create(programme=other, number=1, status="done")
        with pytest.raises(ValueError, match="another programme"):
            services.build(products_world["programme"], "memo", since_run=run)
