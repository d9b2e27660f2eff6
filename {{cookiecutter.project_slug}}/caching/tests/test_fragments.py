"""The template tags of caching/templatetags/fragments.py, against the real Redis."""

import threading
from pathlib import Path

import pytest
from django.core.cache import cache
from django.template import TemplateSyntaxError
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from caching import invalidation, keys, speedups
from caching.cached import Fragment, cached, family_of
from caching.templatetags.fragments import _render_once, _url_once
from caching.tests import names
from caching.tiers import Tier, ttl

# The templates are files in tests/templates/caching_tests: this module goes through the project
# generator's template engine, whose tags look like Django's.
pytestmark = pytest.mark.usefixtures("redis_connection", "test_templates")


@pytest.fixture
def test_templates(settings):
    """Only this folder's templates; the render_once memo starts and ends empty."""
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [Path(__file__).parent / "templates"]}
    ]
    _render_once.cache_clear()
    yield
    _render_once.cache_clear()


class Reads:
    """The data behind a Fragment: counts how often the template actually needed it."""

    def __init__(self, *items):
        self.items, self.calls = list(items), 0

    def __call__(self):
        self.calls += 1
        return list(self.items)


def render(deferred, viewer="Ada"):
    return render_to_string("caching_tests/fragment.html", {"items": deferred, "viewer": viewer})


def test_the_block_is_rendered_once_then_served_without_reading_the_data():
    reads = Reads("Listes", "Graphes")
    deferred = lambda: Fragment(names.LIST, Tier.LONG, reads)  # noqa: E731

    first = render(deferred(), viewer="Ada")
    reads.items.append("Arbres")  # changed, but nothing invalidated it: the fragment stands
    second = render(deferred(), viewer="Grace")

    assert first == "<p>Ada</p><ul><li>Listes</li><li>Graphes</li></ul>"
    assert second == "<p>Grace</p><ul><li>Listes</li><li>Graphes</li></ul>"
    assert reads.calls == 1
    assert cache.get(keys.fragment(names.LIST)) == "<ul><li>Listes</li><li>Graphes</li></ul>"


def test_the_fragment_carries_the_tier_of_its_data(redis_connection):
    render(Fragment(names.COUNT, Tier.MEDIUM, Reads("Ada")))

    remaining = redis_connection.ttl(cache.make_key(keys.fragment(names.COUNT)))
    assert ttl(Tier.MEDIUM) - 5 <= remaining <= ttl(Tier.MEDIUM)


def test_the_html_is_escaped_before_it_is_cached():
    html = render(Fragment(names.OTHER, Tier.LONG, Reads("<script>alert(1)</script>")))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_invalidating_the_data_deletes_its_fragment():
    reads = Reads("Listes")
    render(Fragment(names.LIST, Tier.LONG, reads))
    reads.items = ["Piles"]

    invalidation.delete_now([names.LIST])

    assert cache.get(keys.fragment(names.LIST)) is None
    assert render(Fragment(names.LIST, Tier.LONG, reads)).endswith("<ul><li>Piles</li></ul>")


def test_a_refresh_of_the_data_deletes_the_fragment_rendered_from_the_old_value():
    rows = ["Ada"]

    @cached(Tier.MEDIUM, names.COUNT)
    def leaderboard():
        return list(rows)

    render(leaderboard.fragment())
    rows.append("Grace")
    leaderboard.refresh()

    assert cache.get(keys.fragment(names.COUNT)) is None
    assert render(leaderboard.fragment()).endswith("<ul><li>Ada</li><li>Grace</li></ul>")


def test_a_fragment_carries_the_key_of_its_read_and_reads_it_only_when_asked():
    calls = []

    @cached(Tier.LONG, "test_shelf_{name}")
    def shelf(name):
        calls.append(name)
        return [name]

    fragment = shelf.fragment("b")
    assert (fragment.key, fragment.tier, calls) == ("test_shelf_b", Tier.LONG, [])
    assert fragment.value == ["b"] and calls == ["b"]


def test_a_write_during_the_rendering_leaves_no_stale_fragment():
    """The write commits while the block renders from the old rows: that HTML is served once, not stored."""
    rendering, written = threading.Event(), threading.Event()

    def old_rows():
        rendering.set()
        written.wait(5)
        return ["ancien"]

    thread = threading.Thread(target=render, args=(Fragment(names.COUNT, Tier.MEDIUM, old_rows),))
    thread.start()
    assert rendering.wait(5)
    invalidation.delete_now([names.COUNT])
    written.set()
    thread.join(5)

    assert cache.get(keys.fragment(names.COUNT)) is None
    assert render(Fragment(names.COUNT, Tier.MEDIUM, Reads("nouveau"))).endswith("<li>nouveau</li></ul>")


def test_a_value_read_before_a_write_is_not_rendered_into_the_new_fragment():
    """The view reads the data, a write commits (deleting data and fragment), then the
    template renders the fragment: it must show the data as it is after the write."""
    rows = ["v1"]

    @cached(Tier.LONG, names.item("algo"))
    def course():
        return list(rows)

    deferred = course.fragment()
    assert deferred.value == ["v1"]  # read by the view (e.g. for its 404 check)
    rows[:] = ["v2"]
    invalidation.delete_now([names.item("algo")])  # the write's invalidation

    assert render(deferred).endswith("<ul><li>v2</li></ul>")
    assert cache.get(keys.fragment(names.item("algo"))) == "<ul><li>v2</li></ul>"


def test_a_prefetched_value_is_read_again_before_the_fragment_is_rendered():
    from caching.prefetch import prefetched

    rows = ["v1"]

    @cached(Tier.LONG, names.item("algo"))
    def course():
        return list(rows)

    course()
    with prefetched([names.item("algo")]):  # the snapshot holds v1
        rows[:] = ["v2"]
        # Another process's write: its invalidation cannot reach this request's snapshot.
        cache.delete_many(keys.companions(names.item("algo")))
        html = render(course.fragment())

    assert html.endswith("<ul><li>v2</li></ul>")


@pytest.mark.parametrize("switch", ["DEBUG", "CACHING_SPEEDUPS"])
def test_with_debug_on_or_the_speed_up_off_the_block_is_rendered_every_time(settings, switch):
    if switch == "DEBUG":
        settings.DEBUG = True
    else:
        settings.CACHING_SPEEDUPS = {"fragments": False}
    reads = Reads("Listes")

    render(Fragment(names.LIST, Tier.LONG, reads))
    render(Fragment(names.LIST, Tier.LONG, reads))

    assert reads.calls == 2
    assert cache.get(keys.fragment(names.LIST)) is None


def test_a_speed_up_switched_after_it_was_asked_applies_at_once(settings):
    # Each answer is kept for the process (every page asks several times); a setting change drops it.
    assert speedups.enabled("fragments") and speedups.enabled("render_once")
    settings.CACHING_SPEEDUPS = {"fragments": False}
    assert not speedups.enabled("fragments") and speedups.enabled("render_once")
    settings.CACHING_SPEEDUPS = None
    settings.DEBUG = True
    assert not speedups.enabled("fragments") and speedups.enabled("prefetch")


def test_the_fragment_key_belongs_to_the_family_of_its_data():
    @cached(Tier.MEDIUM, "test_shelf_{name}")
    def shelf(name):
        return [name]

    assert family_of(keys.fragment(shelf.key("listes"))) is shelf
    assert family_of(keys.lock(shelf.key("listes"))) is None
    assert keys.companions("badges") == ["badges", "lock:badges", "html:badges", "lock:html:badges"]


def test_a_value_that_is_not_a_fragment_is_a_clear_error():
    with pytest.raises(TemplateSyntaxError, match=r"items.*n'est pas un fragment.*list"):
        render(["Listes"])


def test_the_tag_takes_exactly_one_argument():
    with pytest.raises(TemplateSyntaxError, match="un seul argument"):
        get_template("caching_tests/two_arguments.html")


# --- render_once --------------------------------------------------------------------------------
def once(**context):
    return render_to_string("caching_tests/once.html", context)


def test_render_once_renders_each_set_of_values_once_per_process():
    context = {"signed_in": True, "teacher": False, "name": "Ada"}

    first = once(**context)
    second = once(**context)
    other = once(**{**context, "name": "Grace", "teacher": True})

    assert first == second == render_to_string("caching_tests/who.html", context) == "<b>Ada</b>"
    assert other == "<b>Grace</b> (prof)"
    info = _render_once.cache_info()
    assert (info.misses, info.hits) == (2, 1)


def test_render_once_sees_only_the_values_it_is_given():
    assert once(signed_in=True, name="Ada", other="SECRET") == "<b>Ada</b>"


def test_render_once_escapes_the_values():
    assert once(signed_in=True, name="<i>Ada</i>") == "<b>&lt;i&gt;Ada&lt;/i&gt;</b>"


def switch_off(settings, switch: str) -> None:
    if switch == "DEBUG":
        settings.DEBUG = True
    else:
        settings.CACHING_SPEEDUPS = {"render_once": False}


@pytest.mark.parametrize("switch", ["DEBUG", "CACHING_SPEEDUPS"])
def test_render_once_rerenders_every_time_with_debug_on_or_the_speed_up_off(settings, switch):
    switch_off(settings, switch)

    assert once(signed_in=False) == "invité"
    assert _render_once.cache_info().misses == 0


# --- url_once -----------------------------------------------------------------------------------
def test_url_once_reverses_each_name_once_per_process():
    _url_once.cache_clear()

    first = render_to_string("caching_tests/url_once.html")
    second = render_to_string("caching_tests/url_once.html")

    assert first == second == reverse("login")
    assert (_url_once.cache_info().misses, _url_once.cache_info().hits) == (1, 1)


@pytest.mark.parametrize("switch", ["DEBUG", "CACHING_SPEEDUPS"])
def test_url_once_reverses_every_time_with_debug_on_or_the_speed_up_off(settings, switch):
    _url_once.cache_clear()
    switch_off(settings, switch)

    assert render_to_string("caching_tests/url_once.html") == reverse("login")
    assert _url_once.cache_info().misses == 0


def test_a_view_renders_its_pieces_once_from_fresh_data_and_they_go_with_the_data():
    """``Fragment.rendered``: what a view assembles in Python (rows to sort), cached as the HTML."""
    rows, renders = ["Ada"], []

    @cached(Tier.MEDIUM, names.COUNT)
    def leaderboard():
        return list(rows)

    def pieces(value):
        renders.append(value)
        return {"rows": [f"<li>{name}</li>" for name in value]}

    early = leaderboard.fragment()
    assert early.value == ["Ada"]  # read by the view before a write commits
    rows.append("Grace")
    invalidation.delete_now([names.COUNT])

    assert early.rendered(pieces) == {"rows": ["<li>Ada</li>", "<li>Grace</li>"]}
    assert leaderboard.fragment().rendered(pieces) == {"rows": ["<li>Ada</li>", "<li>Grace</li>"]}
    assert renders == [["Ada", "Grace"]]  # once, from the data read again under the lock

    invalidation.delete_now([names.COUNT])
    assert cache.get(keys.fragment(names.COUNT)) is None
