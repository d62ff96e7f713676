"""The codebook in the admin: themes with their history, recovery tasks, and the themes of a
table in the table's own form (the programme's table admin, with the field this app owns)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from oogst.programme.admin import TableAdmin
from oogst.programme.models import Table

from .models import RecoveryTask, Theme, ThemeChange
from .services import save_theme


class ThemeChangeInline(admin.TabularInline):
    model = ThemeChange
    extra = 0
    can_delete = False
    readonly_fields = ("action", "snapshot", "changed_by", "changed_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "parent", "status")
    list_filter = ("programme", "status", "ministries")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("ministries",)
    inlines = [ThemeChangeInline]

    def save_model(self, request, obj, form, change) -> None:
        save_theme(obj, by=request.user)


@admin.register(RecoveryTask)
class RecoveryTaskAdmin(admin.ModelAdmin):
    list_display = ("title", "ministry", "programme")
    list_filter = ("programme", "ministry", "involved_ministries")
    search_fields = ("title", "description")
    filter_horizontal = ("involved_ministries", "themes")


class ThemesWidget(FilteredSelectMultiple):
    """The two-list chooser, in the wrapper the admin gives its own many-to-many fields (its
    script lays the lists out beside the label only inside one)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        lists = super().render(*args, **kwargs)
        return format_html('<div class="related-widget-wrapper">{}</div>', lists)


class TableForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.select_related("programme"),
        required=False,
        label=capfirst(_("thema's")),
        widget=ThemesWidget(_("thema's"), is_stacked=False),
    )

    class Meta:
        model = Table
        fields = "__all__"  # noqa: DJ007  (the admin shows every field; this form adds one)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["themes"].initial = self.instance.themes.all()


class TableWithThemesAdmin(TableAdmin):
    form = TableForm

    def save_related(
        self, request: HttpRequest, form: TableForm, formsets: list, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        form.instance.themes.set(form.cleaned_data["themes"])


admin.site.unregister(Table)
admin.site.register(Table, TableWithThemesAdmin)
