"""The programme team's admin of programmes, tracks and tables. A table's themes are chosen
in the same form; the codebook adds that field (`oogst.codebook.admin`), as it keeps the link."""

from django.contrib import admin

from .models import Phase, Programme, Table, Track


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "retention_until", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PhaseInline, TrackInline]


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "programme",
        "track",
        "kind",
        "mode",
        "municipality",
        "starts_at",
        "host",
        "status",
    )
    list_filter = (
        "programme",
        "status",
        "kind",
        "mode",
        "track",
        "themes",
        "municipality__province",
    )
    search_fields = ("code", "name", "municipality__name", "host__last_name", "report_summary")
    date_hierarchy = "starts_at"
    filter_horizontal = ("facilitators", "organisations")
    autocomplete_fields = ("municipality",)
    list_select_related = ("programme", "track", "municipality", "host")


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "order")
    list_filter = ("programme",)
    search_fields = ("name",)
