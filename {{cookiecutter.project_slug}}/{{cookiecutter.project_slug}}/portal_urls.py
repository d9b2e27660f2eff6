"""The NSI portal's pages, mounted by urls.py.

A project generated without the NSI apps gets an empty version of this file.
"""

from django.urls import include, path

urlpatterns = [
    path("courses/", include("courses.urls")),
    path("exercises/", include("exercises.urls")),
    # badges/ and leaderboard/
    path("", include("gamification.urls")),
    path("classes/", include("accounts.classroom_urls")),
    # signup/ and profile/, next to django.contrib.auth's login/ and logout/.
    path("accounts/", include("accounts.urls")),
]
