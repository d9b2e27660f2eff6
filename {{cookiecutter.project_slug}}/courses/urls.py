from django.urls import path

from . import views

app_name = "courses"

# The project's URLconf adds the chapter page (exercises.urls.course_pages) to this namespace.
urlpatterns = [
    path("", views.course_list, name="list"),
    path("<slug:course_slug>/", views.course_detail, name="detail"),
]
