from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("teaching/todo.html")
def todo(user):
    """The "À faire" of a signed-in student (home page); nothing for anyone else, nor for a
    page rendered without a request (no user at all)."""
    show = getattr(user, "is_authenticated", False) and not user.is_teacher
    return {"todo": selectors.todo(user.pk) if show else []}
