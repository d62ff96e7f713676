from django.contrib import admin

from .models import Contribution, ThemeAssignment


class ThemeAssignmentInline(admin.TabularInline):
    model = ThemeAssignment
    extra = 0
    autocomplete_fields = ("theme",)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("short_text", "kind", "role_label", "is_quote", "table", "channel", "review_status", "moderation", "created_at")
    list_filter = ("programme", "kind", "channel", "review_status", "moderation", "is_quote", "language", "themes")
    search_fields = ("text", "role_label", "table__code", "table__name")
    list_select_related = ("table",)
    raw_id_fields = ("participant", "table")
    inlines = [ThemeAssignmentInline]

    @admin.display(description="tekst")
    def short_text(self, obj: Contribution) -> str:
        return obj.text[:90]
