from django.urls import path

from . import views

app_name = "exercises"

urlpatterns = [
    path("<int:pk>/", views.exercise_detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
]
