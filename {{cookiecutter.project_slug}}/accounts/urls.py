from django.urls import path

from . import views

app_name = "accounts"

# Login, logout and passwords come from django.contrib.auth.urls, mounted next to these.
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
]
