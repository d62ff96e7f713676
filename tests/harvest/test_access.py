"""Who sees what: the denials matter as much as the grants."""

import pytest

from oogst.harvest.access import contributions_editable_by, contributions_visible_to
from oogst.programme.access import tables_editable_by, tables_visible_to


@pytest.mark.django_db
class TestQueryScoping:
    def test_facilitator_sees_only_own_tables_and_contributions(self, world):
        fac = world["fac_a"]
        assert list(tables_visible_to(fac)) == [world["tables"]["a"]]
        assert list(contributions_visible_to(fac)) == [world["contributions"]["a"]]

    def test_host_sees_only_hosted_table(self, world):
        assert list(tables_visible_to(world["host"])) == [world["tables"]["a"]]

    def test_liaison_sees_what_is_linked_to_their_ministry(self, world):
        assert list(tables_visible_to(world["liaison"])) == [world["tables"]["a"]]
        assert world["contributions"]["b"] not in contributions_visible_to(world["liaison"])

    def test_a_liaison_sees_what_a_person_coded_not_what_an_analysis_suggested(self, world):
        from oogst.codebook.models import Theme
        from oogst.harvest.models import ThemeAssignment

        liaison, b = world["liaison"], world["contributions"]["b"]
        care = Theme.objects.get(slug="zorg")
        # A run suggests care (VWS) for table B's contribution: the liaison sees no more.
        ThemeAssignment.objects.create(
            contribution=b, theme=care, source=ThemeAssignment.Source.ANALYSIS, score=0.9
        )
        assert b not in contributions_visible_to(liaison)
        # An analyst accepts it (a person's code): now it is the ministry's to read.
        ThemeAssignment.objects.create(
            contribution=b, theme=care, source=ThemeAssignment.Source.PERSON
        )
        assert b in contributions_visible_to(liaison)

    def test_observer_reads_everything_but_edits_nothing(self, world):
        assert tables_visible_to(world["observer"]).count() == 2
        assert not tables_editable_by(world["observer"]).exists()
        assert not contributions_editable_by(world["observer"]).exists()

    def test_host_cannot_edit(self, world):
        assert not tables_editable_by(world["host"]).exists()

    def test_processed_table_is_closed_to_facilitator_edits(self, world):
        table = world["tables"]["a"]
        table.status = "processed"
        table.save()
        assert not contributions_editable_by(world["fac_a"]).exists()
        assert contributions_editable_by(world["analyst"]).count() == 2
