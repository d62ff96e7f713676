"""From pool to table: the programme team draws for a table (or for the programme, then
spreads the drawn over the tables), the drawn become participants with an invitation and a
calendar file; a cancellation is filled from the reserve within the quotas; reminders go once;
the retention rule and erasure reach the pool."""

from __future__ import annotations

import datetime as dt
import json

from django.core.cache import cache
from django.urls import reverse

from oogst.participants.models import Consent, ContactDetails
from oogst.safeguards.services import erase_participant, purge_programme
from oogst.selection import draw as lottery
from oogst.selection.models import Applicant, ApplicantContact, Draw
from oogst.selection.services import mail
from oogst.selection.services.draws import cancel_seat


def test_a_draw_for_a_table_invites_participants_with_a_calendar_file(
    client, selection, mailoutbox
):
    programme, table = selection["programme"], selection["planned"]["d"]
    client.force_login(selection["analyst"])
    response = client.post(
        reverse("selection:start_draw", args=[programme.slug]),
        {"table": table.pk, "algorithm": "maximin", "seed": "77"},
    )
    draw = Draw.objects.get(programme=programme)
    assert response["Location"] == reverse("selection:draw", args=[programme.slug, draw.number])
    assert draw.status == Draw.Status.DONE, draw.error
    assert (draw.seats, draw.seed, draw.algorithm, draw.probability_method) == (
        4,
        77,
        "maximin",
        "exact",
    )
    drawn = list(Applicant.objects.filter(draw=draw, status=Applicant.Status.SELECTED))
    assert len(drawn) == 4
    assert Applicant.objects.filter(programme=programme, status="reserve").count() == 56
    for applicant in drawn:
        participant = applicant.participant
        assert list(participant.tables.all()) == [table]
        assert participant.gender == applicant.gender
        assert Consent.objects.filter(
            participant=participant, purpose="participation", given=True
        ).exists()
        assert ContactDetails.objects.filter(participant=participant).exists()
        assert not ApplicantContact.objects.filter(
            applicant=applicant
        ).exists()  # moved, not copied
    assert len(mailoutbox) == 4
    invitation = mailoutbox[0]
    assert "19:30" in invitation.body and "Tafel D" in invitation.body
    filename, calendar, mimetype = invitation.attachments[0]
    assert (filename, mimetype) == ("dialoogtafel.ics", "text/calendar")
    # 1 July 2030, 19:30 in Amsterdam is summer time: local time with the zone, not UTC.
    assert "DTSTART;TZID=Europe/Amsterdam:20300701T193000" in calendar
    assert "DTEND;TZID=Europe/Amsterdam:20300701T213000" in calendar
    assert "TZOFFSETTO:+0200" in calendar and calendar.endswith("END:VCALENDAR\r\n")

    page = client.get(reverse("selection:draw", args=[programme.slug, draw.number]))
    body = page.content.decode()
    assert "77" in body and "maximin" in body and "Binnen de grenzen" in body
    audit = json.loads(
        client.get(reverse("selection:audit", args=[programme.slug, draw.number])).content
    )
    replayed, same = lottery.replay(audit)
    assert same, "the audit file of a web draw runs again to the same selection"
    for entry in draw.entries.all():
        assert 0 <= entry.probability <= 1


def test_a_programme_wide_draw_is_spread_over_the_tables(client, selection, mailoutbox):
    programme = selection["programme"]
    client.force_login(selection["analyst"])
    client.post(
        reverse("selection:start_draw", args=[programme.slug]),
        {"seats": "8", "algorithm": "legacy", "seed": "5"},
    )
    draw = Draw.objects.get(programme=programme)
    assert draw.status == Draw.Status.DONE and draw.probability_method == "estimate"
    assert not mailoutbox  # nobody has a table yet
    client.post(reverse("selection:assign", args=[programme.slug, draw.number]))
    seats = {
        code: Applicant.objects.filter(draw=draw, table=t).count()
        for code, t in selection["planned"].items()
    }
    assert seats == {"c": 4, "d": 4}
    assert len(mailoutbox) == 8


def test_a_cancelled_seat_goes_to_a_reserve_and_the_quotas_still_hold(selection, mailoutbox):
    from oogst.selection.services.draws import start_draw

    programme, table = selection["programme"], selection["planned"]["d"]
    draw = start_draw(programme, seats=4, algorithm="maximin", table=table, seed=9)
    draw.refresh_from_db()
    leaving = Applicant.objects.filter(draw=draw, status="geloot").order_by("pk").first()
    replacement = cancel_seat(leaving)
    assert replacement is not None and replacement.status == "geloot"
    assert replacement.table == table and replacement.replaces == leaving
    leaving.refresh_from_db()
    assert leaving.status == Applicant.Status.CANCELLED
    assert leaving.participant.withdrawn_at is not None
    assert table not in leaving.participant.tables.all()
    draw.refresh_from_db()
    (record,) = draw.audit["replacements"]
    assert record["cancelled"] == leaving.pool_id and record["replacement"] == replacement.pool_id
    rows = {row["id"]: row for row in draw.audit["pool"]}
    bounds = [lottery.Bound(**b) for b in draw.audit["quotas"]]
    now_drawn = [rows[a.pool_id] for a in Applicant.objects.filter(draw=draw, status="geloot")]
    for group in lottery.quota_fit(now_drawn, bounds, [r["id"] for r in now_drawn]):
        assert group.within, group
    assert len(mailoutbox) == 5  # four invitations, and one for the replacement


def test_reminders_go_once_to_those_invited_for_a_table_soon(selection, mailoutbox):
    from oogst.selection.services.draws import start_draw

    programme = selection["programme"]
    start_draw(programme, seats=4, algorithm="legacy", table=selection["planned"]["c"], seed=2)
    start_draw(programme, seats=4, algorithm="legacy", table=selection["planned"]["d"], seed=3)
    mailoutbox.clear()
    assert mail.send_due_reminders(programme.pk) == 4  # table C starts tomorrow, D in 2030
    assert mail.send_due_reminders(programme.pk) == 0
    assert all("Herinnering" in m.subject for m in mailoutbox)


def test_the_status_page_of_a_drawn_applicant_gives_the_table_and_the_calendar(client, selection):
    from oogst.selection.services.draws import start_draw

    cache.clear()
    programme, table = selection["programme"], selection["planned"]["d"]
    start_draw(programme, seats=4, algorithm="legacy", table=table, seed=8)
    drawn = Applicant.objects.filter(table=table, status="geloot").first()
    page = client.get(reverse("selection:status", args=[programme.slug]), {"code": drawn.reference})
    assert "Tafel D" in page.content.decode()
    ics = client.get(
        reverse("selection:calendar", args=[programme.slug]), {"code": drawn.reference}
    )
    assert ics["Content-Type"].startswith("text/calendar")
    reserve = Applicant.objects.filter(programme=programme, status="reserve").first()
    nothing = client.get(
        reverse("selection:calendar", args=[programme.slug]), {"code": reserve.reference}
    )
    assert nothing.status_code == 404


def test_the_retention_rule_and_erasure_reach_the_pool(selection):
    from oogst.selection.services.draws import start_draw

    programme = selection["programme"]
    start_draw(programme, seats=4, algorithm="legacy", table=selection["planned"]["d"], seed=8)
    drawn = Applicant.objects.filter(programme=programme, status="geloot").first()
    counts = erase_participant(drawn.participant, selection["analyst"])
    assert counts["application"] == 1
    drawn.refresh_from_db()
    assert (drawn.age_band, drawn.gender, drawn.province) == ("", "unknown", None)
    assert ApplicantContact.objects.filter(applicant__programme=programme).count() == 56
    programme.retention_until = dt.date(2020, 1, 1)
    programme.save()
    dry = purge_programme(programme, dry_run=True)
    assert dry.others == {"applicant_contacts": 56}
    assert ApplicantContact.objects.filter(applicant__programme=programme).count() == 56
    purge_programme(programme)
    assert not ApplicantContact.objects.filter(applicant__programme=programme).exists()
    assert purge_programme(programme).others == {"applicant_contacts": 0}


def test_an_impossible_draw_fails_with_its_reason_and_draws_nobody(client, selection):
    from oogst.selection.models import QuotaTarget

    programme = selection["programme"]
    QuotaTarget.objects.create(programme=programme, feature="age_band", value="16-24", share=90)
    client.force_login(selection["analyst"])
    client.post(
        reverse("selection:start_draw", args=[programme.slug]),
        {"seats": "8", "algorithm": "maximin", "seed": "1"},
    )
    draw = Draw.objects.get(programme=programme)
    assert draw.status == Draw.Status.FAILED
    assert "age_band = 16-24" in draw.error
    assert not Applicant.objects.filter(programme=programme).exclude(status="pool").exists()
    page = client.get(reverse("selection:draw", args=[programme.slug, draw.number]))
    assert "niemand geloot" in page.content.decode()


def test_the_team_edits_targets_and_a_wrong_share_changes_nothing(client, selection):
    from oogst.selection.models import QuotaTarget

    programme = selection["programme"]
    client.force_login(selection["analyst"])
    url = reverse("selection:targets", args=[programme.slug])
    woman = QuotaTarget.objects.get(programme=programme, feature="gender", value="woman")
    man = QuotaTarget.objects.get(programme=programme, feature="gender", value="man")
    bad = client.post(url, {f"share-{woman.pk}": "eighty", f"share-{man.pk}": "50"}, follow=True)
    assert "het aandeel moet een getal van 0 tot 100 zijn" in bad.content.decode()
    man.refresh_from_db()
    assert float(man.share) != 50
    too_much = client.post(url, {f"share-{woman.pk}": "60", f"share-{man.pk}": "60"}, follow=True)
    assert "meer dan 100%" in too_much.content.decode()
    client.post(
        url,
        {
            f"share-{woman.pk}": "51",
            f"share-{man.pk}": "49",
            "new-feature": "age_band",
            "new-value": "65-74",
            "new-share": "13,5",
        },
    )
    woman.refresh_from_db()
    assert float(woman.share) == 51
    added = QuotaTarget.objects.get(programme=programme, feature="age_band", value="65-74")
    assert float(added.share) == 13.5 and added.source == "programmateam"
    client.post(url, {"action": "cbs"})
    woman.refresh_from_db()
    assert "70072ned" in woman.source


def test_a_drawn_applicant_who_cancels_on_their_page_loses_their_address_and_seat(
    client, selection
):
    from oogst.selection.services.draws import start_draw

    cache.clear()
    programme, table = selection["programme"], selection["planned"]["d"]
    start_draw(programme, seats=4, algorithm="legacy", table=table, seed=8)
    drawn = Applicant.objects.filter(table=table, status="geloot").first()
    url = reverse("selection:status", args=[programme.slug])
    page = client.get(url, {"code": drawn.reference})
    assert "Zeg af" in page.content.decode()
    client.post(url, {"code": drawn.reference, "confirm": "ja"})
    drawn.refresh_from_db()
    assert drawn.status == Applicant.Status.CANCELLED
    assert not ContactDetails.objects.filter(participant=drawn.participant).exists()
    assert Applicant.objects.filter(table=table, status="geloot").count() == 4  # replaced


def test_maximin_is_refused_for_a_pool_too_large_for_it(client, selection, monkeypatch):
    from oogst.selection import forms

    monkeypatch.setattr(forms, "MAXIMIN_POOL_LIMIT", 10)
    programme = selection["programme"]
    client.force_login(selection["analyst"])
    response = client.post(
        reverse("selection:start_draw", args=[programme.slug]),
        {"seats": "8", "algorithm": "maximin"},
        follow=True,
    )
    assert "kies legacy" in response.content.decode()
    assert not Draw.objects.filter(programme=programme).exists()
