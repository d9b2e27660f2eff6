from django.urls import path

from . import views

app_name = "exercises"

urlpatterns = [
    path("<int:pk>/", views.exercise_detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/run/", views.run_query, name="run"),
    path("<int:pk>/hint/", views.reveal_hint, name="hint"),
]

# Mounted by the project's URLconf in the "courses" namespace, under courses/: the course and
# chapter pages show the viewer's progress in their exercises, and courses cannot import this app.
course_pages = [
    path("<slug:course_slug>/", views.course_detail, name="detail"),
    path("<slug:course_slug>/<slug:chapter_slug>/", views.chapter_detail, name="chapter"),
]
