from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "func", "backend", "status", "created_at", "started_at", "finished_at"]
    list_filter = ["status", "backend"]
    readonly_fields = [f.name for f in Job._meta.fields]
