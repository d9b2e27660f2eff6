"""Every model of the portal has its admin pages, and they open."""

import pytest
from django.apps import apps
from django.contrib import admin

from accounts.tests.factories import make_user
from courses.tests.factories import make_published_qcm

PORTAL_APPS = ("accounts", "courses", "exercises", "gamification", "teaching")
MODELS = [model for label in PORTAL_APPS for model in apps.get_app_config(label).get_models()]


def test_every_portal_model_is_in_the_admin():
    assert [model._meta.label for model in MODELS if not admin.site.is_registered(model)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_the_admin_pages_of_every_model_open(client, model):
    make_published_qcm()  # something to list and to open
    client.force_login(make_user("directrice", role="admin", is_staff=True, is_superuser=True))
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"

    assert client.get(base).status_code == 200
    assert client.get(f"{base}add/").status_code == 200
    instance = model._default_manager.first()
    if instance is not None:
        assert client.get(f"{base}{instance.pk}/change/").status_code == 200
