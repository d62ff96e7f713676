from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users, their roles, staff and superuser status: superusers only. A member of the
    programme team who could edit users could make themselves superuser."""

    list_display = ("username", "full_name", "role", "title", "ministry", "is_active")
    list_filter = ("role", "ministry", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "title")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Rol in Oogst"), {"fields": ("role", "title", "ministry")}),
    )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    @admin.display(description=_("naam"), ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()
