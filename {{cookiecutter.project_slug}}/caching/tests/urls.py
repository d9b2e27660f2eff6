"""Pages for the outage tests: a read through three cached selectors, and a write.

Built on django.contrib.auth's Group so that they work in every generated project.
"""

from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from caching import keys
from caching.invalidation import invalidate
from caching.readthrough import cached
from caching.tiers import Tier

PAGE_KEYS = [keys.courses_published(), keys.leaderboard_global(), keys.recent_attempts(0)]


@cached(Tier.LONG, key=lambda: PAGE_KEYS[0])
def group_names() -> list[str]:
    return list(Group.objects.order_by("name").values_list("name", flat=True))


@cached(Tier.MEDIUM, key=lambda: PAGE_KEYS[1])
def group_count() -> int:
    return Group.objects.count()


@cached(Tier.SHORT, key=lambda: PAGE_KEYS[2])
def first_group() -> str | None:
    return Group.objects.order_by("name").values_list("name", flat=True).first()


def read(request):
    return HttpResponse(f"{group_count()} groupes : {', '.join(group_names())} (premier : {first_group()})")


@require_POST
def write(request):
    Group.objects.create(name=request.POST["name"])
    invalidate(*PAGE_KEYS)
    return HttpResponse("enregistré", status=201)


urlpatterns = [
    path("lecture/", read),
    path("ecriture/", write),
    path("", include("caching.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
]
