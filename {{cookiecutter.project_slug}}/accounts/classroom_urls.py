from django.urls import path

from . import views

app_name = "classes"

# Each class's own pages (classes:detail…) are served by teaching, mounted next to these.

urlpatterns = [
    path("", views.classrooms, name="list"),
    path("join/", views.join_classroom, name="join"),
    path("new/", views.create_classroom, name="create"),
]
