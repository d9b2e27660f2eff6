from django.urls import path

from . import health

urlpatterns = [
    path("health/", health.health, name="health"),
]
