"""The admin shows insights and their history; changes go through the services."""

from django.contrib import admin

from .models import (
    Evidence,
    EvidenceSuggestion,
    Insight,
    InsightVersion,
    LiaisonComment,
    MinistryLink,
    RecoveryTaskLink,
)
from .services import save_insight


class VersionInline(admin.TabularInline):
    model = InsightVersion
    extra = 0
    can_delete = False
    readonly_fields = ("number", "action", "changed_fields", "detail", "changed_by", "changed_at")
    exclude = ("snapshot",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("kind", "contribution", "run", "cluster", "theme", "added_by", "added_at")
    readonly_fields = fields


class MinistryLinkInline(ReadOnlyInline):
    model = MinistryLink
    fields = ("ministry", "state", "source", "decided_by", "decided_at")
    readonly_fields = fields


class RecoveryTaskLinkInline(ReadOnlyInline):
    model = RecoveryTaskLink
    fields = ("recovery_task", "state", "source", "decided_by", "decided_at")
    readonly_fields = fields


@admin.register(Insight)
class InsightAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "type", "status", "parent")
    list_filter = ("programme", "type", "status")
    search_fields = ("title", "text")
    raw_id_fields = ("parent",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [EvidenceInline, MinistryLinkInline, RecoveryTaskLinkInline, VersionInline]

    def save_model(self, request, obj, form, change) -> None:
        save_insight(obj, by=request.user)


@admin.register(LiaisonComment)
class LiaisonCommentAdmin(admin.ModelAdmin):
    list_display = ("insight", "ministry", "author", "created_at")
    list_filter = ("ministry",)
    readonly_fields = ("insight", "ministry", "author", "text", "created_at")


@admin.register(EvidenceSuggestion)
class EvidenceSuggestionAdmin(admin.ModelAdmin):
    list_display = ("insight", "contribution", "score", "state")
    list_filter = ("state",)
    readonly_fields = ("insight", "contribution", "score", "embedder", "state", "decided_by")
