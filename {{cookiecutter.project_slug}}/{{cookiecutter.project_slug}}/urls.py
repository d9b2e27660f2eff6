"""Root URLs: the admin, the health check and the project's pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import portal_urls, views

urlpatterns = [
    path("", include("caching.urls")),
    # The NSI portal's pages (an empty list in a project generated without them), its home
    # page (a student's dashboard) first: it takes over from the project's plain one below.
    path("", include(portal_urls)),
    path("", views.home, name="home"),
    # Before django.contrib.auth's: the same names, a message on logout, the portal's name in the e-mail.
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    # login/, password change and reset, with the project's French templates (templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

# The admin speaks of the portal, in French: teachers write their courses there.
admin.site.site_header = f"Administration · {settings.PROJECT_NAME}"
admin.site.site_title = f"Administration · {settings.PROJECT_NAME}"
admin.site.index_title = "Contenus du portail"
