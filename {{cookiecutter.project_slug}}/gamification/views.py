"""Badges and leaderboard: shared cached lists, plus the viewer's own stats under their own key.

And the profile page (/accounts/profile/, named accounts:profile by the project's URLconf): it
shows the account with its XP, level and last attempts, and only this app may read all three.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts import selectors as account_selectors
from accounts.forms import ProfileForm
from accounts.levels import LEVELS
from accounts.views import save_unless_taken
from caching.pages import cached_page
from exercises.selectors import recent_attempts

from . import selectors


def earned_selector(badge_ids) -> str:
    """``#badge-3, #badge-7``: the viewer's badges in the shared list, joined here rather than in a template loop."""
    return ", ".join(f"#badge-{int(badge_id)}" for badge_id in sorted(badge_ids))


@cached_page(reads=[selectors.all_badges.html, selectors.user_stats])
@login_required
def badges(request):
    # The list is the same for everyone; the viewer's badges are marked by a CSS rule outside it.
    context = {
        "badges": selectors.all_badges.fragment(),
        "earned_selector": earned_selector(selectors.user_stats(request.user.pk)["badge_ids"]),
        "levels": LEVELS,
    }
    return render(request, "gamification/badges.html", context)


@cached_page(
    reads=[selectors.leaderboard, selectors.leaderboard.html, selectors.user_stats, account_selectors.user_classes]
)
@login_required
def leaderboard(request):
    rows = selectors.leaderboard.fragment()
    user_id = request.user.pk  # once: request.user is a lazy object, slow to read in a loop
    # The viewer's own row is found in the shared list: no per-user query, nobody else's stats.
    # Its position marks it in the shared table (a CSS rule): the page carries no one's id.
    position, mine = next(
        ((position, row) for position, row in enumerate(rows.value, start=1) if row["user_id"] == user_id),
        (None, None),
    )
    context = {
        "rows": rows,
        "mine": mine,
        "position": position,
        "stats": selectors.user_stats(user_id),
        # Outside the shared table: the viewer's own classes, each with its leaderboard.
        "classes": account_selectors.user_classes(user_id),
    }
    return render(request, "gamification/leaderboard.html", context)


@login_required
def profile(request):
    user = account_selectors.profile_user(request.user.pk)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid() and save_unless_taken(form) is not None:
        messages.success(request, "Profil enregistré.")
        return redirect("accounts:profile")
    context = {
        "profile_user": user,
        "form": form,
        "stats": selectors.user_stats(user.pk),
        "recent_attempts": recent_attempts(user.pk),
        "classrooms": account_selectors.classrooms_joined(user),
    }
    return render(request, "gamification/profile.html", context)
