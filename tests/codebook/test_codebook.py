"""The codebook grows during a programme, and every change leaves a trace."""

import pytest
from django.core.exceptions import ValidationError

from oogst.codebook.models import Theme, ThemeChange
from oogst.codebook.services import save_theme
from oogst.programme.models import Programme


@pytest.fixture
def programme(db):
    return Programme.objects.create(slug="p", name="P")


def test_creating_changing_and_retiring_a_theme_is_recorded(programme):
    theme = save_theme(Theme(programme=programme, slug="wonen", name="Wonen"))
    theme.description = "Woningmarkt en huisvesting"
    save_theme(theme)
    save_theme(theme)  # nothing changed: no new entry
    theme.status = Theme.Status.RETIRED
    save_theme(theme)
    actions = list(theme.changes.order_by("id").values_list("action", flat=True))
    assert actions == [
        ThemeChange.Action.CREATED,
        ThemeChange.Action.CHANGED,
        ThemeChange.Action.RETIRED,
    ]
    assert theme.changes.order_by("id")[1].snapshot["description"] == "Woningmarkt en huisvesting"


def test_a_theme_cannot_be_its_own_ancestor(programme):
    parent = save_theme(Theme(programme=programme, slug="a", name="A"))
    child = save_theme(Theme(programme=programme, slug="b", name="B", parent=parent))
    parent.parent = child
    with pytest.raises(ValidationError):
        save_theme(parent)


def test_parent_must_belong_to_the_same_programme(programme):
    other = Programme.objects.create(slug="q", name="Q")
    foreign = save_theme(Theme(programme=other, slug="x", name="X"))
    with pytest.raises(ValidationError):
        save_theme(Theme(programme=programme, slug="y", name="Y", parent=foreign))


def test_slug_is_unique_per_programme_only(programme):
    other = Programme.objects.create(slug="q", name="Q")
    save_theme(Theme(programme=programme, slug="zorg", name="Zorg"))
    save_theme(Theme(programme=other, slug="zorg", name="Zorg"))
    with pytest.raises(ValidationError):
        save_theme(Theme(programme=programme, slug="zorg", name="Zorg 2"))
