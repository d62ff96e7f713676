"""The admin shows what products stand on and what was made; changes go through the pages
and services (so scores keep their anchoring rule and products their provenance)."""

from django.contrib import admin

from .models import PlainSummary, Product, Rating, Scenario


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnly):
    list_display = ("programme", "insight", "run", "cluster", "rater", "desirability", "permanence")
    list_filter = ("programme",)


@admin.register(Scenario)
class ScenarioAdmin(ReadOnly):
    list_display = ("title", "insight", "order", "updated_at")


@admin.register(PlainSummary)
class PlainSummaryAdmin(ReadOnly):
    list_display = ("title", "programme", "updated_at")


@admin.register(Product)
class ProductAdmin(ReadOnly):
    list_display = ("kind", "programme", "language", "status", "made_at", "made_by")
    list_filter = ("kind", "status", "programme")
