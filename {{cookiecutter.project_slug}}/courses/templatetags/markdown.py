from django import template
from django.utils.safestring import mark_safe

from ..rendering import render

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str) -> str:
    """Markdown rendered and sanitised as chapters are, for the text of an exercise page (not cached)."""
    # Safe: render() sanitises its output by an allow-list (nh3), whatever the Markdown holds.
    return mark_safe(render(source or ""))  # noqa: S308
