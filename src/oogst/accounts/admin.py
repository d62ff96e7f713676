from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "title", "ministry", "is_active")
    list_filter = ("role", "ministry", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "title")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Rol in Oogst"), {"fields": ("role", "title", "ministry")}),
    )

    @admin.display(description=_("naam"), ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()
