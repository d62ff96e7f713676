from django.contrib import admin

from .models import Consent, ContactDetails, Participant


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    readonly_fields = ("recorded_at",)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "programme",
        "age_band",
        "gender",
        "province",
        "education",
        "withdrawn_at",
    )
    list_filter = ("programme", "age_band", "gender", "education", "background", "province")
    search_fields = ("code",)
    filter_horizontal = ("tables",)
    inlines = [ConsentInline]


@admin.register(ContactDetails)
class ContactDetailsAdmin(admin.ModelAdmin):
    list_display = ("participant",)
    search_fields = ("participant__code",)
