"""Every page of the demo answers: each role follows every link it is shown, and none of them
ends in an error. (The programme page once crashed on the demo's sub-theme.)"""

from __future__ import annotations

import re
from collections import deque
from io import StringIO

import pytest
from django.core.management import call_command

from oogst.accounts.models import User

LINK = re.compile(r'href="(/[^"#]*)"')
# Not pages: files to download, the admin, leaving, and the API's own pages.
NOT_A_PAGE = re.compile(r"^/(admin/|api/|uitloggen/|static/)|\.(docx|csv|json|html)(\?|$)")


@pytest.fixture
def demo(db):
    call_command("demo", "--force", stdout=StringIO())


def crawl(client, start="/", limit=400):
    seen, queue, failures = {start}, deque([start]), []
    while queue and len(seen) <= limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code not in (200, 302, 403, 404):
            failures.append((path, response.status_code))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen and not NOT_A_PAGE.search(link):
                seen.add(link)
                queue.append(link)
    return seen, failures


def test_every_page_each_role_can_reach_in_the_demo_answers(demo, client):
    for username in ("analist", "facilitator1", "waarnemer", "liaison.vws"):
        client.force_login(User.objects.get(username=username))
        seen, failures = crawl(client)
        assert not failures, (username, failures)
        assert len(seen) > 10, username
