"""The admin's preview of Markdown, rendered by the function that renders it for students."""

from django.contrib import admin
from django.utils.safestring import mark_safe

from .rendering import render

PREVIEW_LABEL = "Aperçu (tel que les élèves le verront)"


class MarkdownPreview:
    """A ModelAdmin or inline mixin: the read-only field ``preview`` shows ``preview_source``
    rendered and sanitised by courses.rendering.render, as the chapter page shows it.

    It shows the saved text: "Enregistrer et continuer les modifications" refreshes it.
    """

    preview_source = "markdown"

    class Media:
        css = {"all": ("courses/highlight.css",)}

    @admin.display(description=PREVIEW_LABEL)
    def preview(self, obj):
        source = getattr(obj, self.preview_source, "") if obj is not None else ""
        if not source:
            return "Enregistrez pour voir l'aperçu."
        # Safe: render() sanitises its output by an allow-list (nh3), whatever the Markdown holds.
        return mark_safe(f'<div class="markdown-preview">{render(source)}</div>')  # noqa: S308
