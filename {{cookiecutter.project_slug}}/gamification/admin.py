from django.contrib import admin

from .models import Badge, UserBadge


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ("icon", "name", "rule", "threshold", "order")
    list_display_links = ("name",)
    list_editable = ("order",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


@admin.register(UserBadge)
class UserBadgeAdmin(admin.ModelAdmin):
    list_display = ("user", "badge", "earned_at")
    list_filter = ("badge",)
    list_select_related = ("user", "badge")
    raw_id_fields = ("user",)
