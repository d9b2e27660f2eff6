"""Course pages: logged-in users only. Views call selectors; selectors hold the caching.

No cache_page here: every page shows the logged-in user's own progress or name.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from caching.pages import cached_page
from exercises.selectors import passed_exercise_ids

from . import selectors


@cached_page(reads=[selectors.published_courses.html])
@login_required
def course_list(request):
    # The list is the same for everyone: its HTML is cached with the data (the cachedfragment tag).
    return render(request, "courses/course_list.html", {"levels": selectors.published_courses.fragment()})


@cached_page(reads=[selectors.course_detail, selectors.course_detail.html])
@login_required
def course_detail(request, course_slug):
    course = selectors.course_detail.fragment(course_slug)
    if course.value is None:
        raise Http404("Cours introuvable.")
    return render(request, "courses/course_detail.html", {"course": course})


@cached_page(reads=[selectors.chapter_content])
@login_required
def chapter_detail(request, course_slug, chapter_slug):
    chapter = selectors.chapter_content(course_slug, chapter_slug)
    if chapter is None:
        raise Http404("Chapitre introuvable.")
    passed = passed_exercise_ids(request.user.pk, chapter["id"])
    exercises = [{**exercise, "passed": exercise["id"] in passed} for exercise in chapter["exercises"]]
    context = {
        "chapter": chapter,
        "exercises": exercises,
        "passed_count": sum(exercise["passed"] for exercise in exercises),
    }
    return render(request, "courses/chapter_detail.html", context)
