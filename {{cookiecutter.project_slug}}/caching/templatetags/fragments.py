"""Template tags that spare the template engine on every request (``load fragments``).

Written with brackets in templates; here without them, as this file goes through the
project generator's own template engine:

``render_once "nav.html" signed_in=user.is_authenticated name=user.display_name``
    Renders ``nav.html`` with ONLY these values in its context, once per process for each
    distinct set of values, then reuses the HTML. The result depends on nothing else (the
    URLconf, the script prefix and the language are part of the memo key), so nothing needs to be
    invalidated: a renamed user simply brings a new set of values. Values must be hashable
    (strings, numbers, booleans).

``url_once 'logout'``
    The ``url`` tag for a link without arguments, reversed once per process (per URLconf
    and script prefix): reversing costs about 40 µs, on every page for the links of the layout.

``cachedfragment books`` … ``endcachedfragment``
    ``books`` is a :class:`caching.cached.Fragment` (``selector.fragment(...)`` in the
    view). The HTML of the block is cached next to the data, under ``html:<data key>`` with
    the data's tier, and is deleted whenever the data is (caching/invalidation.py). On a hit
    the data is not even read; on a miss the block is rendered once (stampede lock) from
    ``books.value``, read again once the lock is held (a value the view read earlier may
    predate a write). The block must show the same thing to everyone: mark the viewer's own
    row with a per-request value OUTSIDE the block (a CSS rule in the page's head).

Each memo is a speed-up switchable by ``CACHING_SPEEDUPS`` (caching/speedups.py: off with
DEBUG by default, so that a template edit shows on the next request).
"""

from __future__ import annotations

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import speedups
from ..cached import Fragment

register = template.Library()

# Per process: a few hundred bytes for each distinct set of values (e.g. each user's name).
RENDER_ONCE_SIZE = 4096


@register.simple_tag(takes_context=True)
def render_once(context, template_name: str, **values) -> str:
    if not speedups.enabled("render_once"):
        return render_to_string(template_name, values)
    return _render_once(template_name, tuple(sorted(values.items())), *_url_space(context), get_language())


@functools.lru_cache(maxsize=RENDER_ONCE_SIZE)
def _render_once(template_name: str, values: tuple, urlconf: str, script_prefix: str, language: str | None) -> str:
    return render_to_string(template_name, dict(values))


# Where a page's render keeps its URL space (see _url_space).
_URL_SPACE = "caching.fragments.url_space"


def _url_space(context) -> tuple[str, str]:
    """What a reversed URL depends on besides its name: the URLconf in use and the script prefix.

    Both are per request (thread-locals, slow to read): read once per page render, for every
    tag of the layout (render_context is the page's own, shared with the templates it extends).
    """
    space = context.render_context.get(_URL_SPACE)
    if space is None:
        space = context.render_context[_URL_SPACE] = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return space


@register.simple_tag(takes_context=True)
def url_once(context, name: str) -> str:
    if not speedups.enabled("render_once"):
        return reverse(name)
    return _url_once(name, *_url_space(context))


@functools.lru_cache(maxsize=256)
def _url_once(name: str, urlconf: str, script_prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} attend un seul argument, le fragment (selector.fragment(...)), reçu : {token.contents!r}"
        )
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(parser.compile_filter(bits[1]), nodelist)


class CachedFragmentNode(template.Node):
    def __init__(self, data, nodelist):
        self.data = data
        self.nodelist = nodelist

    def render(self, context):
        data = self.data.resolve(context)
        if not isinstance(data, Fragment):
            raise template.TemplateSyntaxError(
                f"cachedfragment : {self.data.token!r} n'est pas un fragment "
                f"(selector.fragment(...)) mais {type(data).__name__}"
            )
        if not speedups.enabled("fragments"):
            return self.nodelist.render(context)
        # On a miss, rendered under the fragment's lock from the value read again (Fragment.rendered):
        # the data read earlier in this request may predate a write that deleted this fragment.
        # str(), not the SafeString itself: what is pickled into Redis stays a plain str.
        html = data.rendered(lambda value: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 -- rendered by this block, escaped by the template engine
