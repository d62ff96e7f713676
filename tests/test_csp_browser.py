"""Under the site's Content-Security-Policy the pages still work in a real browser (Debian's
Chromium): htmx loads, the inline scripts with the nonce run, and nothing is refused."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import log_in


@pytest.mark.browser
def test_no_page_breaks_the_policy(live_server, transactional_db, browser):
    call_command("demo", "--force", stdout=StringIO())
    from oogst.accounts.models import User

    User.objects.filter(username="analist").update(is_superuser=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    # A visitor looks up a code: the page's own (nonce-marked) script moves the focus.
    page.goto(f"{live_server.url}/doe-mee/volg/?code=OOGST-AAAA-BB")
    assert page.evaluate("document.activeElement.id") == "result"

    log_in(page, live_server.url, "analist", "oogst-demo")
    for path in (
        "/",
        "/programma/tafels/",
        "/programma/demo/",
        "/analyse/",
        "/doe-mee/moderatie/",
        "/admin/",
        "/admin/harvest/contribution/",
        "/api/v1/docs",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        if not path.startswith(("/admin", "/api")):
            assert page.evaluate("typeof window.htmx") == "object", path
    assert page.locator(".swagger-ui").count() == 1
    assert refused == []
