"""A student's home page: where they stopped, their work to do, their courses and last badges.

Each part is a cached read of the app that owns it (per-user keys, SHORT or MEDIUM; the course
list and totals LONG, the "À faire" SHORT), all fetched in the page's one MGET (views.home
declares them).
"""

from courses import selectors as course_selectors
from exercises import selectors as exercise_selectors
from gamification import selectors as gamification_selectors

from . import selectors as teaching_selectors

# What views.home lists in cached_page(reads=…): one round trip for all of them.
READS = (
    exercise_selectors.recent_attempts,
    exercise_selectors.passed_counts,
    exercise_selectors.exercise_totals,
    course_selectors.published_courses,
    gamification_selectors.recent_badges,
    gamification_selectors.user_stats,
    teaching_selectors.todo,
)


def last_chapter(attempts: list[dict]) -> dict | None:
    """The chapter of the latest attempt still published: "Reprendre" leads there."""
    return next((attempt for attempt in attempts if attempt["published"]), None)


def course_progress(user_id: int) -> list[dict]:
    """The courses the student has passed an exercise in, in catalogue order, with passed / total."""
    passed = exercise_selectors.passed_counts(user_id)["courses"]
    if not passed:
        return []
    totals = exercise_selectors.exercise_totals()
    rows = []
    for level in course_selectors.published_courses():
        for course in level["courses"]:
            total = totals.get(course["slug"], 0)
            if course["slug"] in passed and total:
                rows.append({**course, "passed": min(passed[course["slug"]], total), "total": total})
    return rows


def dashboard_for(user) -> dict:
    return {
        "stats": gamification_selectors.user_stats(user.pk),
        "resume": last_chapter(exercise_selectors.recent_attempts(user.pk)),
        "todo": teaching_selectors.todo(user.pk),
        "courses": course_progress(user.pk),
        "badges": gamification_selectors.recent_badges(user.pk),
    }
