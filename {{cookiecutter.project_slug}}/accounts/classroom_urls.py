from django.urls import path

from . import views

app_name = "classes"

urlpatterns = [
    path("", views.classrooms, name="list"),
    path("join/", views.join_classroom, name="join"),
    path("new/", views.create_classroom, name="create"),
    path("<int:pk>/", views.classroom, name="detail"),
]
