"""One student's record, for their teacher: attempts with the answers and code sent, XP over time.

Never cached: read only by the student's own teacher, rarely, and always as it is now.
"""

from django.db.models import Sum
from django.db.models.functions import TruncDate

from exercises.models import Attempt, Choice, Exercise

SHOWN_ATTEMPTS = 200
CHART_WIDTH, CHART_HEIGHT = 600, 160


def xp_points(days: list[dict]) -> str:
    """The SVG polyline of the XP gained by the end of each day (cumulative)."""
    if not days:
        return ""
    total, totals = 0, []
    for day in days:
        total += day["xp"]
        totals.append(total)
    top = max(totals) or 1
    step = CHART_WIDTH / max(len(totals) - 1, 1)
    return " ".join(
        f"{round(i * step)},{round(CHART_HEIGHT - CHART_HEIGHT * value / top)}" for i, value in enumerate(totals)
    )


def history(student) -> dict:
    """Three queries: the last attempts, the text of the choices they picked, the XP earned per day."""
    attempts = list(Attempt.objects.filter(user=student).select_related("exercise__chapter__course")[:SHOWN_ATTEMPTS])
    # A QCM answer is the id of the choice: the teacher reads its text (one query for them all).
    qcm = {
        int(a.answer)
        for a in attempts
        if a.exercise.kind == Exercise.Kind.QCM and a.answer.isascii() and a.answer.isdigit()
    }
    texts = dict(Choice.objects.filter(pk__in=qcm).values_list("pk", "text")) if qcm else {}
    for attempt in attempts:
        is_choice = attempt.exercise.kind == Exercise.Kind.QCM and attempt.answer.isascii() and attempt.answer.isdigit()
        attempt.shown_answer = texts.get(int(attempt.answer), attempt.answer) if is_choice else attempt.answer
    days = list(
        Attempt.objects.filter(user=student, xp_awarded__gt=0)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(xp=Sum("xp_awarded"))
        .order_by("day")
    )
    running = 0
    for day in days:
        running += day["xp"]
        day["total"] = running
    return {
        "attempts": attempts,
        "shown_attempts": SHOWN_ATTEMPTS,
        "xp_days": days,
        "xp_points": xp_points(days),
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT},
    }
