from django.contrib import admin

from .admin_preview import MarkdownPreview
from .models import Chapter, ContentBlock, Course


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    prepopulated_fields = {"slug": ("title",)}
    fields = ("order", "title", "slug", "is_published")
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "level", "is_published", "order")
    list_editable = ("is_published", "order")
    list_filter = ("level", "is_published")
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ChapterInline]


class ContentBlockInline(MarkdownPreview, admin.StackedInline):
    model = ContentBlock
    extra = 0
    fields = ("order", "markdown", "preview")
    readonly_fields = ("preview",)


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "is_published", "order")
    list_editable = ("is_published", "order")
    list_filter = ("course", "is_published")
    list_select_related = ("course",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ContentBlockInline]


@admin.register(ContentBlock)
class ContentBlockAdmin(MarkdownPreview, admin.ModelAdmin):
    list_display = ("__str__", "chapter", "order")
    fields = ("chapter", "order", "markdown", "preview")
    readonly_fields = ("preview",)
    list_filter = ("chapter__course",)
    list_select_related = ("chapter",)
