from django.contrib import admin

from courses.admin_preview import MarkdownPreview

from .models import Attempt, Choice, Exercise


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Exercise)
class ExerciseAdmin(MarkdownPreview, admin.ModelAdmin):
    preview_source = "prompt"
    readonly_fields = ("preview",)
    list_display = ("title", "chapter", "kind", "xp_reward", "is_published", "order")
    list_editable = ("is_published", "order")
    list_filter = ("kind", "is_published", "chapter__course")
    list_select_related = ("chapter",)
    search_fields = ("title", "prompt")
    inlines = [ChoiceInline]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ("text", "exercise", "is_correct", "order")
    list_select_related = ("exercise",)


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("user", "exercise", "passed", "xp_awarded", "created_at")
    list_filter = ("passed",)
    list_select_related = ("user", "exercise")
    search_fields = ("user__username", "exercise__title")
    raw_id_fields = ("user", "exercise")
    # The server's verdict and the XP it gave are a record: changing them would not change the user's XP.
    readonly_fields = ("passed", "xp_awarded", "created_at")
    date_hierarchy = "created_at"
