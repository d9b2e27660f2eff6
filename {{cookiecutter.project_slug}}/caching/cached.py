"""Cached reads, each declared once, next to the function that computes it.

    @cached(
        Tier.MEDIUM,
        "book_list_{shelf_id}",
        invalidated_by={Book: changes("title", "is_published", "shelf")},
    )
    def book_list(shelf_id: int) -> list[dict]: ...

The key template names parameters of the function; the call ``book_list(7)`` reads
``book_list_7`` (caching/readthrough.py: stampede lock, short-lived misses).

``invalidated_by`` maps each model whose rows feed the value (the class, or its label
``"app.Model"`` when importing it would go against the apps' dependency order) to what
matters in it:

``changes("title", "is_published", params=…, m2m=("tags",))``
    A save deletes the key only when one of these fields changed (``update_fields``, or a
    compare with the row as it was); no field named: any field. ``params(instance)`` gives
    the key's parameters for a row: a dict, a list of dicts, or None. Without it, each
    parameter is the row's attribute of the same name (``book.shelf_id``).
a callable
    Short for ``changes(params=callable)``.

Creations and deletions always delete the keys; an update also deletes the keys of the row
as it was (a renamed slug leaves no stale page). See caching/invalidation.py for when.

The decorated function also has ``.fragment(...)`` (the value for the ``cachedfragment``
tag), ``.html`` (its cached HTML, for ``cached_page(reads=[…])``), ``.refresh(...)``,
``.invalidate(**params)`` and ``.uncached``. ``every_page=True`` reads the key on every
``cached_page`` view (the signed-in user's row). ``warm`` lists the arguments
``manage.py cache_warm`` calls a LONG read with.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

from . import invalidation, prefetch, speedups
from .keys import FRAGMENT_PREFIX, LOCK_PREFIX, KeyTemplate, fragment
from .readthrough import MISSING, get_or_compute, store
from .tiers import Tier


@dataclass(frozen=True)
class Changes:
    """What of a model matters to one cached read: fields, the key parameters of a row, m2m fields."""

    fields: tuple[str, ...] = ()
    params: Callable[[Model], Mapping | Iterable[Mapping] | None] | None = None
    m2m: tuple[str, ...] = ()


def changes(*fields: str, params=None, m2m: Iterable[str] = ()) -> Changes:
    return Changes(tuple(fields), params, tuple(m2m))


class CachedRead:
    """A function whose result is cached under its key template, for its tier."""

    def __init__(self, func, tier: Tier, template: str, invalidated_by, warm, every_page: bool):
        functools.update_wrapper(self, func)
        self.uncached, self.tier, self.warm, self.every_page = func, tier, warm, every_page
        self.key_template = KeyTemplate(template)
        self.signature = inspect.signature(func)
        # Names of the parameters a plain positional call fills in order (every read of a page is one).
        self._positional = tuple(
            name
            for name, parameter in self.signature.parameters.items()
            if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        )
        if len(self._positional) != len(self.signature.parameters):
            self._positional = None  # *args, **kwargs or keyword-only parameters: always bound
        self.label = f"{func.__module__}.{func.__qualname__}"
        unknown = set(self.key_template.fields) - set(self.signature.parameters)
        if unknown:
            raise ImproperlyConfigured(
                f"{self.label} : la clé {template!r} nomme {sorted(unknown)}, absents des paramètres."
            )
        self.invalidated_by = {}
        for model, rule in (invalidated_by or {}).items():
            # A label ("app.Model") spares an import against the apps' dependency order.
            model = apps.get_model(model) if isinstance(model, str) else model
            self.invalidated_by[model] = _as_changes(model, rule, self)
        self.html = FragmentOf(self)

    def __call__(self, *args, **kwargs):
        if self.tier is Tier.NONE:
            return self.uncached(*args, **kwargs)
        return get_or_compute(self.key(*args, **kwargs), self.tier, lambda: self.uncached(*args, **kwargs))

    def arguments(self, *args, **kwargs) -> dict:
        if not kwargs and self._positional is not None and len(args) == len(self._positional):
            return dict(zip(self._positional, args, strict=True))  # what bind() gives, without its cost
        bound = self.signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return bound.arguments

    def key(self, *args, **kwargs) -> str:
        return self.key_template.build(self.arguments(*args, **kwargs))

    def key_for(self, params: Mapping) -> str:
        return self.key_template.build(params)

    def keys_for_row(self, model: type[Model], instance: Model) -> set[str]:
        """The keys a row of ``model`` feeds, from its ``changes(params=…)``."""
        rule = self.invalidated_by[model]
        if rule.params is None:
            found = {name: getattr(instance, name) for name in self.key_template.fields}
        else:
            found = rule.params(instance)
        if found is None:
            return set()
        return {self.key_for(params) for params in ([found] if isinstance(found, Mapping) else found)}

    def refresh(self, *args, **kwargs):
        """Compute now and overwrite the cached value (its HTML goes)."""
        value = self.uncached(*args, **kwargs)
        store(self.key(*args, **kwargs), self.tier, value)
        return value

    def invalidate(self, **params) -> None:
        """Delete this read's key (and its HTML) once the current transaction commits."""
        invalidation.invalidate(self.key_for(params))

    def fragment(self, *args, **kwargs) -> Fragment:
        """The value for the ``cachedfragment`` tag: read only when its HTML is not cached."""
        return Fragment(self.key(*args, **kwargs), self.tier, functools.partial(self, *args, **kwargs))

    def __repr__(self) -> str:
        return f"<cached {self.label} {self.key_template.template} ({self.tier.name})>"


class FragmentOf:
    """The cached HTML of a read (``selector.html``), as listed in ``cached_page(reads=[…])``."""

    def __init__(self, read: CachedRead):
        self.read, self.key_template = read, read.key_template

    def key_for(self, params: Mapping) -> str:
        return fragment(self.read.key_for(params))


class Fragment:
    """A cached read's value, read only if a template asks for ``.value``.

    Given to the ``cachedfragment`` tag (caching/templatetags/fragments.py): when the HTML
    rendered from this value is cached, the value itself is never fetched.
    """

    __slots__ = ("key", "tier", "_read", "_value")

    def __init__(self, key: str, tier: Tier, read: Callable[[], object]):
        self.key, self.tier, self._read, self._value = key, tier, read, MISSING

    @property
    def value(self):
        if self._value is MISSING:
            self._value = self._read()
        return self._value

    def read_again(self) -> None:
        """Read the value now, from the cache itself (not this request's prefetch snapshot).

        Called by the ``cachedfragment`` tag once it holds the fragment's lock: a value read
        earlier in the request (by the view, or prefetched) may predate a write whose
        invalidation deleted the fragment, and must not be rendered into the new one.
        """
        with prefetch.bypassed():
            self._value = self._read()

    def rendered(self, render: Callable[[object], object]):
        """``render(value)``, cached as this value's HTML (``html:<key>``, same tier, deleted with it).

        What the ``cachedfragment`` tag does for a block, for a view that assembles its HTML in
        Python (rows rendered once, put in the order asked on each request). On a miss the value
        is read again under the fragment's lock, never taken from this request's snapshot.
        """
        if not speedups.enabled("fragments"):
            return render(self.value)

        def render_from_fresh_value():
            self.read_again()
            return render(self._value)

        return get_or_compute(fragment(self.key), self.tier, render_from_fresh_value)

    def __repr__(self) -> str:
        return f"<Fragment {self.key} ({self.tier.name})>"


def _as_changes(model, rule, read: CachedRead) -> Changes:
    rule = rule if isinstance(rule, Changes) else Changes(params=rule)
    names = {field.name for field in model._meta.get_fields()} | {"pk"}
    unknown = [name for name in (*rule.fields, *rule.m2m) if name not in names]
    if rule.params is None:
        attributes = names | {field.attname for field in model._meta.concrete_fields}
        unknown += [name for name in read.key_template.fields if name not in attributes]
    if unknown:
        raise ImproperlyConfigured(f"{read.label} : {model._meta.label} n'a pas {unknown} (invalidated_by).")
    return rule


# --- The declarations --------------------------------------------------------------------------
_declared: dict[str, CachedRead] = {}


def cached(
    tier: Tier,
    key: str,
    *,
    invalidated_by: Mapping | None = None,
    warm: Callable[[], Iterable] | None = None,
    every_page: bool = False,
):
    """Decorate a selector: its result is cached under ``key`` (a template) for ``tier``."""

    def decorate(func) -> CachedRead:
        read = CachedRead(func, tier, key, invalidated_by, warm, every_page)
        family = read.key_template.family
        for other in [o for o in _declared.values() if o.label == read.label or o.key_template.family == family]:
            if other.__module__ != read.__module__:
                raise ImproperlyConfigured(
                    f"Famille de clés {family!r} déclarée deux fois : {other.label}, {read.label}."
                )
            # Declared again by its module (reloaded, or a test defining it in each test): replaced.
            del _declared[other.label]
            invalidation.unwatch(other)
        _declared[read.label] = read
        invalidation.watch(read)
        return read

    return decorate


def declared(tier: Tier | None = None) -> list[CachedRead]:
    """Every cached read declared so far (the caching app imports each app's selectors module)."""
    return [read for read in _declared.values() if tier is None or read.tier is tier]


def every_page_reads() -> list[CachedRead]:
    return [read for read in _declared.values() if read.every_page]


def family_of(key: str) -> CachedRead | None:
    """The read whose key this is (its HTML and its locks included), or None for any other key.

    The longest family wins: ``book_stats_3`` belongs to ``book_stats_`` before ``book_``.
    """
    if key.startswith(LOCK_PREFIX):
        return None
    key = key.removeprefix(FRAGMENT_PREFIX)
    matching = [read for read in _declared.values() if read.key_template.matches(key)]
    return max(matching, key=lambda read: len(read.key_template.family), default=None)
