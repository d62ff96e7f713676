from django.contrib import admin

from .models import PublicProgramme, PublicSubmission


@admin.register(PublicProgramme)
class PublicProgrammeAdmin(admin.ModelAdmin):
    list_display = ("programme", "accepts_ideas")


@admin.register(PublicSubmission)
class PublicSubmissionAdmin(admin.ModelAdmin):
    list_display = ("reference", "submitted_at", "quote_consent", "consent_version", "moderated_at")
    search_fields = ("reference",)
    raw_id_fields = ("contribution", "suggested_theme", "moderated_by")
    readonly_fields = ("reference", "consent_version", "quote_consent", "submitted_at")
