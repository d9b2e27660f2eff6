"""Writes delete exactly the keys their model declares, after the commit, whatever the path:
save, rename, delete, many-to-many from either side, rollback, and service bulk updates.

Built on django.contrib.auth's Group (and its ``permissions`` many-to-many), registered for
the test, so that it runs in every generated project; the walk at the end also covers every
model the NSI apps registered.
"""

import threading
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from caching import invalidation, keys
from caching.invalidation import invalidate, keys_for, register, registered
from caching.readthrough import get_or_compute
from caching.tiers import Tier

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("redis_connection")]

STALE = "périmé"


def group_keys(group: Group) -> list[str]:
    return [keys.courses_published(), keys.course(group.name)]


@pytest.fixture
def groups_registered():
    saved = {model: list(registrations) for model, registrations in invalidation._registry.items()}
    register(Group, group_keys, m2m_fields=["permissions"])
    yield
    invalidation._registry.clear()
    invalidation._registry.update(saved)


def fill(*names: str) -> None:
    for name in names:
        cache.set(name, STALE, 300)


def cached(*names: str) -> set[str]:
    return {name for name in names if cache.get(name) == STALE}


def test_a_save_deletes_the_declared_keys_after_the_commit_and_no_other(groups_registered):
    group = Group.objects.create(name="SNT")
    fill(keys.courses_published(), keys.course("SNT"), keys.all_badges())

    with transaction.atomic():
        group.save()
        # Not before the commit: a concurrent reader would cache the old row again.
        assert cached(keys.courses_published(), keys.course("SNT")) == {keys.courses_published(), keys.course("SNT")}

    assert cached(keys.courses_published(), keys.course("SNT"), keys.all_badges()) == {keys.all_badges()}


def test_a_rolled_back_write_deletes_nothing(groups_registered):
    fill(keys.courses_published(), keys.course("NSI"))

    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="NSI")
        raise RuntimeError("annulé")

    assert cached(keys.courses_published(), keys.course("NSI")) == {keys.courses_published(), keys.course("NSI")}


def test_a_rename_deletes_the_keys_of_the_old_name_too(groups_registered):
    group = Group.objects.create(name="Première")
    fill(keys.course("Première"), keys.course("Terminale"))

    group.name = "Terminale"
    group.save()

    assert cached(keys.course("Première"), keys.course("Terminale")) == set()


def test_a_delete_deletes_the_declared_keys(groups_registered):
    group = Group.objects.create(name="Algo")
    fill(keys.course("Algo"))

    group.delete()

    assert cached(keys.course("Algo")) == set()


@pytest.mark.parametrize("change", ["add", "remove", "clear"])
def test_a_many_to_many_change_from_either_side_deletes_the_keys(groups_registered, change):
    group = Group.objects.create(name="Réseaux")
    permission = Permission.objects.first()
    key = keys.course("Réseaux")
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


def test_a_service_bulk_update_invalidates_after_its_commit():
    Group.objects.create(name="Web")
    fill(keys.courses_published())

    with transaction.atomic():
        Group.objects.filter(name="Web").update(name="Web et HTML")  # no signal: the service says
        invalidate(keys.courses_published())
        assert cached(keys.courses_published()) == {keys.courses_published()}

    assert cached(keys.courses_published()) == set()


def test_every_registered_model_is_wired_to_the_signals(groups_registered):
    assert registered(), "le registre est vide"
    for registration in registered():
        model = registration.model
        assert post_save.has_listeners(model) and post_delete.has_listeners(model), model
        for name in registration.m2m_fields:
            assert m2m_changed.has_listeners(model._meta.get_field(name).remote_field.through), (model, name)


def test_walking_the_registry_every_model_write_makes_the_next_read_fresh(groups_registered):
    if "seed_demo" in get_commands():
        call_command("seed_demo", "--allow-production", stdout=StringIO())  # the test runner turns DEBUG off
    Group.objects.create(name="Parcours")
    without_rows = []
    for model in {registration.model for registration in registered()}:
        instance = model._base_manager.order_by("pk").last()
        if instance is None:
            without_rows.append(model._meta.label)
            continue
        declared = keys_for(instance)
        assert declared, f"{model._meta.label} ne déclare aucune clé"
        fill(*declared)

        instance.save()

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
    key = keys.courses_published()
    reader = threading.Thread(target=lambda: results.append(get_or_compute(key, Tier.LONG, slow_names)))
    reader.start()
    assert reading.wait(10)
    with transaction.atomic():
        Group.objects.filter(name="Avant").update(name="Après")
        invalidate(keys.courses_published())
    written.set()
    reader.join(10)

    assert results == [["Avant"]]
    assert cache.get(keys.courses_published(), "absent") == "absent"
    assert get_or_compute(key, Tier.LONG, group_names) == ["Après"]
