from django.urls import path

from . import views

app_name = "gamification"

urlpatterns = [
    path("badges/", views.badges, name="badges"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
]

# Mounted by the project's URLconf in the "accounts" namespace, under accounts/: the profile
# shows this app's data, and accounts cannot import it.
account_pages = [
    path("profile/", views.profile, name="profile"),
]
