from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Contribution, PolisComment, PolisConversation, PolisParticipant, ThemeAssignment


class ThemeAssignmentInline(admin.TabularInline):
    model = ThemeAssignment
    extra = 0
    autocomplete_fields = ("theme",)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = (
        "short_text",
        "kind",
        "role_label",
        "is_quote",
        "table",
        "channel",
        "review_status",
        "moderation",
        "created_at",
    )
    list_filter = (
        "programme",
        "kind",
        "channel",
        "review_status",
        "moderation",
        "is_quote",
        "language",
        "themes",
    )
    search_fields = ("text", "role_label", "table__code", "table__name")
    list_select_related = ("table",)
    raw_id_fields = ("participant", "table")
    inlines = [ThemeAssignmentInline]

    @admin.display(description=_("tekst"))
    def short_text(self, obj: Contribution) -> str:
        return obj.text[:90]


@admin.register(PolisConversation)
class PolisConversationAdmin(admin.ModelAdmin):
    list_display = ("conversation_id", "topic", "programme", "table", "language")
    list_filter = ("programme", "language")
    search_fields = ("conversation_id", "topic")


@admin.register(PolisComment)
class PolisCommentAdmin(admin.ModelAdmin):
    list_display = ("comment_id", "conversation", "moderated", "author_id")
    list_filter = ("conversation", "moderated")
    search_fields = ("comment_id",)
    raw_id_fields = ("conversation", "contribution")
    list_select_related = ("conversation",)


@admin.register(PolisParticipant)
class PolisParticipantAdmin(admin.ModelAdmin):
    list_display = ("polis_id", "conversation", "group_id", "xid")
    list_filter = ("conversation", "group_id")
    search_fields = ("polis_id", "xid")
