from django.contrib import admin

from .models import Applicant, ApplicantConsent, Draw, QuotaTarget, Recruitment, TableVenue


@admin.register(Recruitment)
class RecruitmentAdmin(admin.ModelAdmin):
    list_display = ("programme", "is_open", "tolerance", "reminder_days")


class ApplicantConsentInline(admin.TabularInline):
    model = ApplicantConsent
    extra = 0
    readonly_fields = ("recorded_at",)


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    # Contact details are not shown here: they are read on the selection page, which logs it.
    list_display = ("reference", "programme", "status", "age_band", "gender", "table", "synthetic")
    list_filter = ("programme", "status", "synthetic", "source")
    search_fields = ("reference",)
    exclude = ("available_tables",)
    raw_id_fields = ("participant", "draw", "replaces", "table")
    inlines = [ApplicantConsentInline]


@admin.register(QuotaTarget)
class QuotaTargetAdmin(admin.ModelAdmin):
    list_display = ("programme", "feature", "value", "share", "source")
    list_filter = ("programme", "feature")


@admin.register(Draw)
class DrawAdmin(admin.ModelAdmin):
    list_display = ("programme", "number", "table", "seats", "algorithm", "seed", "status")
    exclude = ("audit",)
    readonly_fields = ("job",)


@admin.register(TableVenue)
class TableVenueAdmin(admin.ModelAdmin):
    list_display = ("table", "address")
