"""Contact details of applicants appear on the programme team's pages only: not on any page a
facilitator, host, liaison, observer or visitor can reach, and not in the audit file."""

from __future__ import annotations

import re
from collections import deque

from django.core.cache import cache
from django.urls import reverse

from oogst.selection.models import Applicant
from oogst.selection.services.draws import start_draw

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = re.compile(r"^/(admin/|api/|uitloggen/|static/|i18n/)|\.(docx|csv|json|html|ics)(\?|$)")


def crawl(client, starts, limit=300):
    seen, queue, pages = set(starts), deque(starts), {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        pages[path] = body
        for link in LINK.findall(body):
            link = link.replace("&amp;", "&")
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append(link)
    return pages


def test_contact_details_stay_on_the_programme_teams_pages(client, selection):
    cache.clear()
    programme, table = selection["programme"], selection["planned"]["d"]
    table.facilitators.add(selection["fac_a"])
    table.host = selection["host"]
    table.save()
    draw = start_draw(programme, seats=4, algorithm="legacy", table=table, seed=6)
    addresses = [f"aanmelder{i}@example.org" for i in range(1, 61)]
    names = [f"Aanmelder SYN-{i:06d}" for i in range(1, 61)]
    drawn = Applicant.objects.filter(draw=draw, status="geloot").first()
    starts = [
        "/",
        "/aanmelden/",
        f"/aanmelden/{programme.slug}/",
        "/doe-mee/",
        f"/aanmelden/{programme.slug}/mijn-aanmelding/?code={drawn.reference}",
    ]
    for who in ("fac_a", "host", "liaison", "observer", None):
        client.logout()
        if who:
            client.force_login(selection[who])
        pages = crawl(client, starts)
        assert pages, who
        for path, body in pages.items():
            for private in (*addresses, *names):
                assert private not in body, (who, path, private)
    audit = client.get(reverse("selection:audit", args=[programme.slug, draw.number]))
    assert audit.status_code in (302, 404)
    client.force_login(selection["analyst"])
    audit = client.get(
        reverse("selection:audit", args=[programme.slug, draw.number])
    ).content.decode()
    assert not any(a in audit for a in addresses)
    # The programme team does see them, where they need them, and that is logged.
    page = client.get(reverse("selection:applicant", args=[programme.slug, drawn.reference]))
    assert "@example.org" in page.content.decode()
