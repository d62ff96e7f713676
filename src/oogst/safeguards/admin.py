"""Admin for the privacy tables, and an audited view of contact details: opening a
participant's contact details in the admin leaves a line in the audit log."""

from django.contrib import admin

from oogst.participants.admin import ContactDetailsAdmin
from oogst.participants.models import ContactDetails

from .models import AuditEntry, ProgrammePrivacyPolicy, RedactedText
from .services import record


@admin.register(ProgrammePrivacyPolicy)
class ProgrammePrivacyPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "programme",
        "erase_mode",
        "marker",
        "pseudonyms",
        "table_quote_consent",
        "table_publish_consent",
        "polis_quote_consent",
    )


@admin.register(RedactedText)
class RedactedTextAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "engine_version", "reviewed_by", "reviewed_at")
    list_filter = ("status", "contribution__programme")
    raw_id_fields = ("contribution",)
    readonly_fields = ("source_hash", "engine_version", "reviewed_by", "reviewed_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: a log that can be edited is not a log."""

    list_display = ("at", "action", "who", "programme", "object_type", "object_id")
    list_filter = ("action", "programme")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedContactDetailsAdmin(ContactDetailsAdmin):
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        contact = (
            ContactDetails.objects.select_related("participant__programme")
            .filter(pk=object_id)
            .first()
        )
        if contact is not None and response.status_code == 200 and request.method == "GET":
            participant = contact.participant
            record(
                AuditEntry.Action.VIEW_CONTACT,
                actor=request.user,
                programme=participant.programme,
                obj=participant,
                code=participant.code,
                via="admin",
            )
        return response


if admin.site.is_registered(ContactDetails):
    admin.site.unregister(ContactDetails)
admin.site.register(ContactDetails, AuditedContactDetailsAdmin)
