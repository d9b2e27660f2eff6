from django.urls import path

from . import views

app_name = "accounts"

# Login, logout and passwords come from django.contrib.auth.urls, mounted next to these; the
# project's URLconf adds profile/ (gamification.urls.account_pages) to this namespace.
urlpatterns = [
    path("signup/", views.signup, name="signup"),
]
