"""The NSI portal's pages, mounted by urls.py.

An app imports only the apps below it (tests/test_app_layers.py). A page that shows the data
of a higher app lives in that app, and this module, which may import them all, mounts it in
the namespace of the page it belongs with: courses:chapter is served by exercises, since it
shows the viewer's passed exercises, and accounts:profile by gamification, since it shows XP,
level and attempts; classes:detail and the other pages of a class by teaching.

A project generated without the NSI apps gets an empty version of this file.
"""

from django.urls import include, path

from accounts import classroom_urls
from accounts import urls as accounts_urls
from courses import urls as courses_urls
from exercises import urls as exercises_urls
from gamification import urls as gamification_urls
from teaching import urls as teaching_urls
from teaching import views as teaching_views


def namespace(app_urls, *pages_from_above) -> tuple[list, str]:
    """An app's URL patterns and name, with the pages of its namespace that higher apps serve."""
    return [*app_urls.urlpatterns, *pages_from_above], app_urls.app_name


urlpatterns = [
    # Before the project's own home page: a signed-in student's is their dashboard.
    path("", teaching_views.home, name="home"),
    path("courses/", include(namespace(courses_urls, *exercises_urls.course_pages))),
    path("exercises/", include("exercises.urls")),
    # badges/ and leaderboard/
    path("", include("gamification.urls")),
    # The class list, join and create pages (accounts), and each class's pages (teaching).
    path("classes/", include(namespace(classroom_urls, *teaching_urls.classroom_pages))),
    # signup/ and profile/, next to django.contrib.auth's login/ and logout/.
    path("accounts/", include(namespace(accounts_urls, *gamification_urls.account_pages))),
]
