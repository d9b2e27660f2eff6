"""Course pages: logged-in users only. Views call selectors; selectors hold the caching.

No cache_page here: every page shows the logged-in user's own progress or name.

The chapter page shows the viewer's progress in its exercises: it lives in exercises.views,
which may read attempts (courses imports no app above it).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from caching import keys
from caching.prefetch import prefetch

from . import selectors
from .models import Course


@prefetch(lambda request, user_id: [keys.fragment(keys.courses_published())])
@login_required
def course_list(request):
    # The list is the same for everyone: its HTML is cached with the data (the cachedfragment tag).
    levels = selectors.published_courses.deferred(then=by_level)
    return render(request, "courses/course_list.html", {"levels": levels})


def by_level(courses: list[dict]) -> list[dict]:
    levels = [
        {"label": label, "courses": [course for course in courses if course["level"] == value]}
        for value, label in Course.Level.choices
    ]
    return [level for level in levels if level["courses"]]


@prefetch(lambda request, user_id, course_slug: [keys.course(course_slug), keys.fragment(keys.course(course_slug))])
@login_required
def course_detail(request, course_slug):
    course = selectors.course_detail.deferred(course_slug)
    if course.value is None:
        raise Http404("Cours introuvable.")
    return render(request, "courses/course_detail.html", {"course": course})
