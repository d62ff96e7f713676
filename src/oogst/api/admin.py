from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import ApiToken
from .services import create_api_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    raw_id_fields = ("user",)
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = create_api_token(obj.user, obj.name)
        obj.pk, obj.prefix, obj.token_hash, obj.created_at = (
            token.pk,
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
