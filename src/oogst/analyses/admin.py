from django.contrib import admin

from .models import AnalysisRun, Suggestion


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "status", "n_contributions", "created_by", "created_at"]
    list_filter = ["status", "programme"]
    readonly_fields = [f.name for f in AnalysisRun._meta.fields]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["run", "contribution", "theme", "score", "kind", "review"]
    list_filter = ["review", "run__programme"]
    raw_id_fields = ["run", "contribution", "reviewed_by"]
