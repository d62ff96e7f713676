from django.contrib import admin

from .models import Ministry, Municipality, Organisation, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "province")
    list_filter = ("province",)
    search_fields = ("name", "cbs_code")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality")
    list_filter = ("kind",)
    search_fields = ("name",)
    autocomplete_fields = ("municipality",)


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
