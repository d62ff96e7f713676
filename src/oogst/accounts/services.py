"""Writing to accounts: who belongs to the programme team and what that lets them do."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from .models import Role, User

PROGRAMME_TEAM_GROUP = "Programmateam"


def programme_team_group() -> Group:
    """The group that carries the programme team's rights in the admin: every permission on
    Oogst's own models except users (only superusers manage users and roles). Refreshed on
    each call, so new models are included."""
    group, _ = Group.objects.get_or_create(name=PROGRAMME_TEAM_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=oogst_app_labels()).exclude(
        content_type__app_label=User._meta.app_label, content_type__model="user"
    )
    group.permissions.set(permissions)
    return group


def oogst_app_labels() -> list[str]:
    from django.apps import apps

    return [config.label for config in apps.get_app_configs() if config.name.startswith("oogst.")]


def grant_programme_team(user: User) -> User:
    """Make a user an analyst of the programme team, with the admin to manage the programme."""
    user.role = Role.ANALYST
    user.is_staff = True
    user.save(update_fields=["role", "is_staff"])
    user.groups.add(programme_team_group())
    return user
