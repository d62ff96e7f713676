"""API tokens in the admin: everyone makes tokens for themselves only and sees their own;
superusers see everyone's (never the token itself, only its first characters) to revoke them.
A token for someone else is made on the server (`oogst api_token USERNAME`), so nobody holding
the admin can act as another person through the API."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import ApiToken
from .services import create_api_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is None:  # a new token is always the maker's own
            return ("name",)
        return ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = create_api_token(request.user, obj.name)
        obj.pk, obj.user, obj.prefix, obj.token_hash, obj.created_at = (
            token.pk,
            token.user,
            token.prefix,
            token.token_hash,
            token.created_at,
        )
        obj._state.adding = False
        messages.warning(
            request,
            _("De nieuwe API-sleutel is %(raw)s — bewaar hem nu, hij wordt niet opnieuw getoond.")
            % {"raw": raw},
        )
