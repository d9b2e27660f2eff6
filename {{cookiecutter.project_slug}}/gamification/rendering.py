"""The badge list: each badge rendered once in each state, cached with the badges.

The list is the same for everyone except which badges the viewer has earned. So each badge
is rendered twice (earned, to earn) when the list is computed, cached as HTML under
``html:all_badges`` (deleted with ``all_badges``: caching/keys.py ``companions``), and a
page only picks one of the two per badge: no template loop per request, and the page
holds the viewer's own states only.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from caching import keys
from caching.readthrough import get_or_compute
from caching.tiers import Tier

from . import selectors

ITEM_TEMPLATE = "gamification/badge_item.html"


def badge_list_html(earned_ids) -> SafeString:
    """The <li> of every badge, in the viewer's state (empty string without badges)."""
    items = get_or_compute(keys.fragment(keys.all_badges()), Tier.LONG, _render_items)
    # Escaped by the template engine when they were rendered; plain str in the cache.
    return mark_safe("".join(earned if badge_id in earned_ids else locked for badge_id, earned, locked in items))  # noqa: S308


def _render_items() -> list[tuple[int, str, str]]:
    return [
        (
            badge["id"],
            str(render_to_string(ITEM_TEMPLATE, {"badge": badge, "earned": True})),
            str(render_to_string(ITEM_TEMPLATE, {"badge": badge, "earned": False})),
        )
        for badge in selectors.all_badges()
    ]
