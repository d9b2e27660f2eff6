import pytest


@pytest.fixture(autouse=True)
def _no_group_but_the_tests_own(request):
    """These tests count django.contrib.auth's groups: the groups a project's own migrations
    create (a role's permission group) are not theirs, and are removed first."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from django.contrib.auth.models import Group

    Group.objects.all().delete()
