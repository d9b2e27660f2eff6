from django.urls import path

from . import views

app_name = "courses"

# The project's URLconf adds the course and chapter pages (exercises.urls.course_pages) to this
# namespace: both show the viewer's progress.
urlpatterns = [
    path("", views.course_list, name="list"),
]
