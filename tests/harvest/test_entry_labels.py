"""The entry page speaks in words: no raw kind codes in headings or on items, and a text in
another language than the page is marked as such."""

import pytest
from django.urls import reverse

from oogst.harvest.models import Contribution


@pytest.mark.django_db
def test_the_entry_page_names_kinds_in_words_and_marks_the_language_of_a_text(client, world):
    table = world["tables"]["a"]
    Contribution.objects.create(
        programme=world["programme"],
        table=table,
        kind="vraag",
        text="Who decides what happens with our ideas?",
        role_label="Student",
        is_quote=True,
        language="en",
    )
    client.force_login(world["fac_a"])
    html = client.get(reverse("harvest:entry", args=[table.pk])).content.decode()
    assert '<h2 id="title-knel">Wat kwam in de knel? <span class="count">(1)</span></h2>' in html
    for code in ("knel", "kiem", "idee", "vraag"):
        assert f">{code}<" not in html
    assert '<span class="badge kind-vraag">Vraag</span>' in html
    assert '<blockquote class="quote-mark" lang="en">Who decides' in html
    assert '<p lang="nl">De wachtlijst bij de GGZ' in html
