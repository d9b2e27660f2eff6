"""Pages for the outage tests: a read through three cached selectors, and a write.

Built on django.contrib.auth's Group so that they work in every generated project.
"""

from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from caching.cached import cached
from caching.invalidation import invalidate
from caching.tiers import Tier


@cached(Tier.LONG, "outage_group_names")
def group_names() -> list[str]:
    return list(Group.objects.order_by("name").values_list("name", flat=True))


@cached(Tier.MEDIUM, "outage_group_count")
def group_count() -> int:
    return Group.objects.count()


@cached(Tier.SHORT, "outage_first_group")
def first_group() -> str | None:
    return Group.objects.order_by("name").values_list("name", flat=True).first()


PAGE_KEYS = [group_names.key(), group_count.key(), first_group.key()]


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
