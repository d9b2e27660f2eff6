"""Values every template may use."""

from django.conf import settings


def project(request):
    # The name lives in settings, not in the HTML: templates escape it like any value.
    return {"project_name": settings.PROJECT_NAME}
