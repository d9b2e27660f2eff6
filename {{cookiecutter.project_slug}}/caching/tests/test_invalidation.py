"""Writes delete exactly the keys of the reads they feed, after the commit, whatever the path:
save, rename, delete, many-to-many from either side, rollback, and service bulk writes; and
nothing when no field a read watches changed.

Built on django.contrib.auth's Group (and its ``permissions`` many-to-many) and the user
model, watched by reads declared for the test, so that it runs in every generated project;
the walk at the end also covers every model the project's own reads watch.
"""

import threading
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from caching import cached as declarations
from caching import invalidation
from caching.cached import cached as cached_read
from caching.cached import changes
from caching.invalidation import invalidate, keys_for, readers_of, rows_changed, watched_models
from caching.readthrough import get_or_compute
from caching.tests import names
from caching.tiers import Tier

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("redis_connection")]

STALE = "périmé"


@pytest.fixture
def groups_registered():
    """Two reads fed by groups: the list of names, and one key per group name."""
    saved = dict(declarations._declared), {model: list(readers) for model, readers in invalidation._watchers.items()}

    @cached_read(Tier.LONG, names.LIST, invalidated_by={Group: changes("name", m2m=["permissions"])})
    def group_list():
        return []

    @cached_read(Tier.LONG, "test_item_{name}", invalidated_by={Group: changes("name", m2m=["permissions"])})
    def group_item(name):
        return name

    # Fed by the user model, for its username only: a login (last_login) is no change to it.
    @cached_read(Tier.MEDIUM, names.COUNT, invalidated_by={get_user_model(): changes("username")})
    def user_names():
        return []

    yield
    declarations._declared.clear()
    declarations._declared.update(saved[0])
    invalidation._watchers.clear()
    invalidation._watchers.update(saved[1])


def fill(*names: str) -> None:
    for name in names:
        cache.set(name, STALE, 300)


def cached(*names: str) -> set[str]:
    return {name for name in names if cache.get(name) == STALE}


def test_a_save_deletes_the_declared_keys_after_the_commit_and_no_other(groups_registered):
    group = Group.objects.create(name="SNT")
    fill(names.LIST, names.item("SNT"), names.item("SNT2"), names.OTHER)

    with transaction.atomic():
        group.name = "SNT2"
        group.save()
        # Not before the commit: a concurrent reader would cache the old row again.
        assert cached(names.LIST, names.item("SNT")) == {names.LIST, names.item("SNT")}

    assert cached(names.LIST, names.item("SNT"), names.item("SNT2"), names.OTHER) == {names.OTHER}


def test_a_save_that_changes_nothing_deletes_nothing(groups_registered):
    group = Group.objects.create(name="SNT")
    fill(names.LIST, names.item("SNT"))

    group.save()
    Group.objects.get(pk=group.pk).save()
    group.save(update_fields=["name"])

    assert cached(names.LIST, names.item("SNT")) == {names.LIST, names.item("SNT")}


def test_a_login_changes_no_field_a_read_watches(groups_registered, client, django_user_model):
    django_user_model.objects.create_user(username="ada", password="motdepasse-solide-42")
    fill(names.COUNT)

    assert client.login(username="ada", password="motdepasse-solide-42")  # saves last_login

    assert django_user_model.objects.get(username="ada").last_login is not None
    assert cached(names.COUNT) == {names.COUNT}
    user = django_user_model.objects.get(username="ada")
    user.username = "ada.lovelace"
    user.save()
    assert cached(names.COUNT) == set()


def test_a_rolled_back_write_deletes_nothing(groups_registered):
    fill(names.LIST, names.item("NSI"))

    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="NSI")
        raise RuntimeError("annulé")

    assert cached(names.LIST, names.item("NSI")) == {names.LIST, names.item("NSI")}


def test_a_rename_deletes_the_keys_of_the_old_name_too(groups_registered):
    group = Group.objects.create(name="Première")
    fill(names.item("Première"), names.item("Terminale"))

    group.name = "Terminale"
    group.save()

    assert cached(names.item("Première"), names.item("Terminale")) == set()


def test_a_delete_deletes_the_declared_keys(groups_registered):
    group = Group.objects.create(name="Algo")
    fill(names.item("Algo"))

    group.delete()

    assert cached(names.item("Algo")) == set()


@pytest.mark.parametrize("change", ["add", "remove", "clear"])
def test_a_many_to_many_change_from_either_side_deletes_the_keys(groups_registered, change):
    group = Group.objects.create(name="Réseaux")
    permission = Permission.objects.first()
    key = names.item("Réseaux")
    arguments = {"add": [permission], "remove": [permission], "clear": []}[change]
    reverse_arguments = {"add": [group], "remove": [group], "clear": []}[change]

    # A change, not a no-op: linked before remove/clear, unlinked before add.
    group.permissions.set([] if change == "add" else [permission])
    fill(key)
    getattr(group.permissions, change)(*arguments)
    assert cached(key) == set(), f"group.permissions.{change}"

    group.permissions.set([] if change == "add" else [permission])
    fill(key)
    getattr(permission.group_set, change)(*reverse_arguments)
    assert cached(key) == set(), f"permission.group_set.{change}"


def test_a_service_bulk_update_invalidates_after_its_commit(groups_registered):
    Group.objects.create(name="Web")
    fill(names.LIST)

    with transaction.atomic():
        Group.objects.filter(name="Web").update(name="Web et HTML")  # no signal: the service says
        rows_changed(Group, Group.objects.filter(name="Web et HTML").values_list("pk", flat=True), fields=["name"])
        assert cached(names.LIST) == {names.LIST}

    assert cached(names.LIST) == set()


def test_a_bulk_write_of_fields_no_read_watches_deletes_nothing(groups_registered, django_user_model):
    user = django_user_model.objects.create_user(username="ada")
    fill(names.COUNT)

    with transaction.atomic():
        rows_changed(django_user_model, [user.pk], fields=["last_login"])
    assert cached(names.COUNT) == {names.COUNT}

    with transaction.atomic():
        rows_changed(django_user_model, [user.pk], fields=["username"])
    assert cached(names.COUNT) == set()


def test_every_watched_model_is_wired_to_the_signals(groups_registered):
    assert watched_models(), "aucun modèle surveillé"
    for model in watched_models():
        assert post_save.has_listeners(model) and post_delete.has_listeners(model), model
        for read in readers_of(model):
            for name in read.invalidated_by[model].m2m:
                assert m2m_changed.has_listeners(model._meta.get_field(name).remote_field.through), (model, name)


def children_first(models) -> list:
    """The models, each before those its foreign keys point to: a row is deleted before the rows
    its keys come from (a hint used, before the class whose grid it feeds)."""
    remaining, ordered = list(models), []
    while remaining:
        pointed_to = {
            field.related_model for model in remaining for field in model._meta.concrete_fields if field.is_relation
        }
        ready = [model for model in remaining if model not in pointed_to] or remaining[:1]
        ordered += ready
        remaining = [model for model in remaining if model not in ready]
    return ordered


def test_walking_the_watched_models_every_delete_makes_the_next_read_fresh(groups_registered):
    if "seed_demo" in get_commands():
        call_command("seed_demo", "--allow-production", stdout=StringIO())  # the test runner turns DEBUG off
    Group.objects.create(name="Parcours")
    get_user_model()._default_manager.create_user(username="parcours")
    without_rows = []
    for model in children_first(watched_models()):
        rows = list(model._base_manager.order_by("-pk")[:20])
        if not rows:
            without_rows.append(model._meta.label)
            continue
        # The latest row that still feeds a key: an earlier step may have deleted what links the
        # latest one to its keys (the enrolment of the student who used a hint, say).
        instance, declared = next(((row, keys_for(row)) for row in rows if keys_for(row)), (rows[0], set()))
        assert declared, f"{model._meta.label} ne nourrit aucune clé"
        fill(*declared)

        # A delete changes every field: each read the model feeds must let go of its keys.
        instance.delete()

        assert cached(*declared) == set(), f"{model._meta.label}: {sorted(cached(*declared))}"
    assert without_rows == [], "modèles enregistrés sans données de démonstration"


def group_names() -> list[str]:
    return list(Group.objects.values_list("name", flat=True))


def test_a_value_computed_across_a_committed_write_is_served_but_not_cached():
    Group.objects.create(name="Avant")
    reading, written = threading.Event(), threading.Event()

    def slow_names():
        names = group_names()
        reading.set()
        written.wait(10)  # the write commits while this reader holds the old row
        return names

    results = []
    key = names.LIST
    reader = threading.Thread(target=lambda: results.append(get_or_compute(key, Tier.LONG, slow_names)))
    reader.start()
    assert reading.wait(10)
    with transaction.atomic():
        Group.objects.filter(name="Avant").update(name="Après")
        invalidate(names.LIST)
    written.set()
    reader.join(10)

    assert results == [["Avant"]]
    assert cache.get(names.LIST, "absent") == "absent"
    assert get_or_compute(key, Tier.LONG, group_names) == ["Après"]
