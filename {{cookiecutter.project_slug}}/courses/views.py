"""Course pages: logged-in users only. Views call selectors; selectors hold the caching.

No cache_page here: every page shows the logged-in user's own progress or name.

The course and chapter pages show the viewer's progress in their exercises: they live in
exercises.views, which may read attempts (courses imports no app above it).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from caching.pages import cached_page

from . import selectors


@cached_page(reads=[selectors.published_courses.html])
@login_required
def course_list(request):
    # The list is the same for everyone: its HTML is cached with the data (the cachedfragment tag).
    return render(request, "courses/course_list.html", {"levels": selectors.published_courses.fragment()})
