"""In the admin only superusers manage users, roles and other people's API tokens: a member of
the programme team cannot make anyone superuser or staff, nor act as someone else through a
token, and nobody sees a token that is not their own."""

from __future__ import annotations

import re

import pytest

from oogst.accounts.models import User
from oogst.api.models import ApiToken
from oogst.api.services import create_api_token

pytestmark = pytest.mark.django_db

RAW_TOKEN = re.compile(r"oogst_[A-Za-z0-9_-]{20,}")


@pytest.fixture
def staff_analyst(client, world):
    from oogst.accounts.services import grant_programme_team

    analyst = grant_programme_team(world["analyst"])
    client.force_login(analyst)
    return analyst


def user_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "role": user.role,
        "title": "",
        "ministry": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "10:00:00",
    }
    data.update(changes)
    return data


def test_a_staff_analyst_cannot_make_themselves_superuser(client, staff_analyst):
    url = f"/admin/accounts/user/{staff_analyst.pk}/change/"
    assert client.get(url).status_code == 403
    response = client.post(url, user_form(staff_analyst, is_superuser="on", is_staff="on"))
    assert response.status_code == 403
    staff_analyst.refresh_from_db()
    assert not staff_analyst.is_superuser


def test_a_staff_analyst_cannot_make_someone_else_staff_or_add_users(client, world, staff_analyst):
    facilitator = world["fac_a"]
    url = f"/admin/accounts/user/{facilitator.pk}/change/"
    assert client.post(url, user_form(facilitator, is_staff="on")).status_code == 403
    facilitator.refresh_from_db()
    assert not facilitator.is_staff
    assert client.get("/admin/accounts/user/").status_code == 403
    added = client.post(
        "/admin/accounts/user/add/",
        {"username": "nieuw", "password1": "Lang-genoeg-123!", "password2": "Lang-genoeg-123!"},
    )
    assert added.status_code == 403 and not User.objects.filter(username="nieuw").exists()
    # Nor is users' management offered on the admin's index page.
    assert "/admin/accounts/user/" not in client.get("/admin/").content.decode()


def test_the_programme_team_group_carries_no_rights_on_users(staff_analyst):
    assert not staff_analyst.has_perm("accounts.change_user")
    assert not staff_analyst.has_perm("accounts.add_user")
    assert staff_analyst.has_perm("harvest.change_contribution")


def test_a_token_made_in_the_admin_is_always_the_makers_own(client, world, staff_analyst):
    response = client.post(
        "/admin/api/apitoken/add/", {"user": world["fac_a"].pk, "name": "als fac_a"}, follow=True
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="als fac_a")
    assert token.user == staff_analyst
    assert not ApiToken.objects.filter(user=world["fac_a"]).exists()
    raw = RAW_TOKEN.search(response.content.decode()).group(0)
    client.logout()
    answer = client.get("/api/v1/tables", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert {t["code"] for t in answer.json()} == {"A", "B"}  # the analyst's view, not fac_a's


def test_a_staff_analyst_sees_only_their_own_tokens(client, world, staff_analyst):
    theirs, _raw = create_api_token(world["fac_a"], "koppeling van fac_a")
    mine, _raw = create_api_token(staff_analyst, "mijn koppeling")
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert "mijn koppeling" in listing and "koppeling van fac_a" not in listing
    # Another person's token cannot be opened, revoked or deleted.
    change = client.get(f"/admin/api/apitoken/{theirs.pk}/change/", follow=True)
    assert "koppeling van fac_a" not in change.content.decode()
    client.post(f"/admin/api/apitoken/{theirs.pk}/delete/", {"post": "yes"}, follow=True)
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_a_superuser_manages_users_and_revokes_tokens_without_seeing_them(client, world):
    admin = User.objects.create_superuser("beheer", password="pw-beheer-123")
    client.force_login(admin)
    assert client.get("/admin/accounts/user/").status_code == 200
    token, raw = create_api_token(world["fac_a"], "koppeling")
    page = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in page and raw not in page and token.token_hash not in page
    client.post(
        f"/admin/api/apitoken/{token.pk}/change/",
        {"name": "koppeling", "revoked_at_0": "2026-03-12", "revoked_at_1": "10:00:00"},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None and token.user == world["fac_a"]
    # A new one, even a superuser's, is their own.
    client.post("/admin/api/apitoken/add/", {"user": world["fac_a"].pk, "name": "nieuw"})
    assert ApiToken.objects.get(name="nieuw").user == admin
