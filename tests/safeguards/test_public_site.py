"""The public site's own submission path (oogst.public) and this app's selector together: an
idea sent in with a name and a phone number is listed without them."""

import pytest

from oogst.safeguards import selectors, services


@pytest.fixture
def public():
    pytest.importorskip(
        "oogst.public.services", reason="the public site (oogst.public) is not in this tree"
    )
    from oogst.public import selectors as public_selectors
    from oogst.public import services as public_services

    return public_services, public_selectors


@pytest.mark.django_db
def test_a_submitted_idea_is_listed_redacted(public, world):
    public_services, public_selectors = public
    text = "Idee van Karin Smit, bel 06-87654321: een deelauto per straat in Zwolle."
    submission = public_services.submit_idea(
        world["programme"], text=text, kind="idee", role_label="Bewoner", quote_consent=True
    )
    public_services.moderate(submission, accept=True, user=world["analyst"])
    items = selectors.public_items(public_selectors.published_ideas(world["programme"]))
    [item] = items
    assert "een deelauto per straat in Zwolle" in item.text
    assert "Karin" not in item.text and "06-87654321" not in item.text
    # An idea is stored as typed: the sender's own words. Their consent record counts as
    # consent for quoting in a product too, once the redaction is reviewed.
    assert submission.contribution.is_quote
    services.accept_redaction(submission.contribution.redaction, world["analyst"])
    assert selectors.quote_decision(submission.contribution).allowed


@pytest.mark.django_db
def test_without_consent_the_idea_is_not_listed(public, world):
    public_services, _ = public
    submission = public_services.submit_idea(
        world["programme"], text="Meer bankjes in het park.", kind="idee", quote_consent=False
    )
    public_services.moderate(submission, accept=True, user=world["analyst"])
    contributions = world["programme"].contributions.filter(channel="public")
    assert selectors.public_items(contributions) == []
    assert selectors.publish_decision(submission.contribution).reason == "no_publish_consent"
