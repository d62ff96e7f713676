from django.contrib import admin

from .models import Theme, ThemeChange
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
