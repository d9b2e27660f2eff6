from django.contrib import admin

from .models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    # For administrators: teachers give work from their class page (teaching/views.py).
    list_display = ("classroom", "course", "chapter", "due_date", "created_at")
    list_filter = ("classroom",)
    list_select_related = ("classroom", "course", "chapter")
    raw_id_fields = ("classroom", "course", "chapter")
