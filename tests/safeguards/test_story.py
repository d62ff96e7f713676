"""The whole story in one test: a facilitator records what a participant said, with her
neighbour's name and her phone number in it; it reaches the public list and the memo for
ministers (made with the products) without them, and leaves both once she withdraws."""

import io

import pytest
from docx import Document

from oogst.harvest.models import Contribution, ThemeAssignment
from oogst.products.services import build
from oogst.safeguards import selectors, services

from .conftest import contribute


def memo_text(programme) -> str:
    files, _provenance = build(programme, "memo")
    document = Document(io.BytesIO(files["memo.docx"]))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.django_db
def test_name_and_phone_never_reach_the_public_list_or_the_memo(client, people):
    # Recorded through the one way in every channel takes (the form, an import, the API).
    contribution = contribute(
        programme=people["programme"],
        table=people["tables"]["a"],
        participant=people["sanne"],
        kind="idee",
        role_label="Verpleegkundige",
        is_quote=True,
        text="Vraag het Willem van den Heuvel maar, of bel mij op 06 4821 3377: "
        "zet een wijkverpleegkundige in elke huisartsenpraktijk.",
    )

    public = selectors.public_items(people["programme"].contributions.filter(pk=contribution.pk))
    [item] = public
    assert "wijkverpleegkundige in elke huisartsenpraktijk" in item.text
    for secret in ["Willem", "Heuvel", "06 4821 3377", "4821"]:
        assert secret not in item.text

    programme = people["programme"]
    # An analyst codes it to a theme, so the memo has a place for it.
    ThemeAssignment.objects.create(contribution=contribution, theme=people["themes"]["care"])
    assert "wijkverpleegkundige" not in memo_text(programme)  # not reviewed yet: withheld
    services.accept_redaction(contribution.redaction, people["analyst"])
    memo = memo_text(programme)
    assert "wijkverpleegkundige in elke huisartsenpraktijk" in memo
    assert f"— Verpleegkundige, tafel A, bijdrage {contribution.pk}" in memo
    for secret in ["Willem", "Heuvel", "06 4821 3377", "4821", "Sanne", "P-5A11E001"]:
        assert secret not in memo

    services.withdraw_participant(people["sanne"], via_code=True)
    assert (
        selectors.public_items(people["programme"].contributions.filter(pk=contribution.pk)) == []
    )
    assert "wijkverpleegkundige" not in memo_text(programme)


@pytest.mark.django_db
def test_a_quote_entered_by_the_facilitator_reaches_the_memo_without_name_or_phone(client, world):
    from django.urls import NoReverseMatch, reverse

    from oogst.safeguards.models import ProgrammePrivacyPolicy

    try:
        add_url = reverse("harvest:add", args=[world["tables"]["a"].pk, "citaat"])
    except NoReverseMatch:
        pytest.skip("the facilitator entry (oogst.harvest urls) is not mounted in this tree")
    # The table agreed at the start that what was said may be quoted anonymously.
    ProgrammePrivacyPolicy.objects.create(
        programme=world["programme"], table_quote_consent=True, table_publish_consent=True
    )
    client.force_login(world["fac_a"])
    response = client.post(
        add_url,
        {
            "citaat-text": "Mijn buurman Henk Dijkman (06-55512345) deed drie maanden "
            "mijn boodschappen.",
            "citaat-role_label": "Gepensioneerde",
            "citaat-kind": "kiem",
        },
    )
    assert response.status_code in (200, 302)
    contribution = Contribution.objects.get(text__contains="boodschappen")
    assert contribution.is_quote and contribution.author == world["fac_a"]

    [item] = selectors.public_items(Contribution.objects.filter(pk=contribution.pk))
    assert "Henk" not in item.text and "55512345" not in item.text

    ThemeAssignment.objects.create(contribution=contribution, theme=world["themes"]["care"])
    services.accept_redaction(contribution.redaction, world["analyst"])
    memo = memo_text(world["programme"])
    assert "drie maanden mijn boodschappen" in memo
    assert f"— Gepensioneerde, tafel A, bijdrage {contribution.pk}" in memo
    for secret in ["Henk", "Dijkman", "06-55512345", "55512345"]:
        assert secret not in memo
