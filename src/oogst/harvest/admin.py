from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import Contribution, PolisComment, PolisConversation, PolisParticipant, ThemeAssignment


class ThemeAssignmentInline(admin.TabularInline):
    model = ThemeAssignment
    extra = 0
    autocomplete_fields = ("theme",)


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = [
            "programme",
            "table",
            "participant",
            "channel",
            "kind",
            "text",
            "role_label",
            "is_quote",
            "language",
            "review_status",
            "moderation",
            "import_key",
            "metadata",
            "author",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.required = False
        language.help_text = _("Leeg: herkend uit de tekst.")


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    form = ContributionForm
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

    def save_model(self, request, obj: Contribution, form, change: bool) -> None:
        """Through the recording action, like every channel: a new contribution gets its
        redaction and audit line, a changed text a new redaction."""
        if not change:
            recorded = actions.record_contribution(
                obj.programme,
                channel=obj.channel,
                author=obj.author or request.user,
                text=obj.text,
                kind=obj.kind,
                table_id=obj.table_id,
                participant_id=obj.participant_id,
                role_label=obj.role_label,
                is_quote=obj.is_quote,
                language=obj.language,
                moderation=obj.moderation,
                key=obj.import_key,
                metadata=obj.metadata,
            )
            if obj.review_status != recorded.review_status:
                Contribution.objects.filter(pk=recorded.pk).update(review_status=obj.review_status)
            obj.pk, obj.created_at = recorded.pk, recorded.created_at
            return
        editable = [name for name in form.changed_data if name in actions.EDITABLE]
        others = [name for name in form.changed_data if name not in actions.EDITABLE]
        if others:
            obj.save(update_fields=[*others, "updated_at"])
        if editable:
            stored = Contribution.objects.select_related("programme").get(pk=obj.pk)
            actions.change_contribution(stored, **{name: getattr(obj, name) for name in editable})


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
