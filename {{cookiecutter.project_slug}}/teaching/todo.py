"""A student's "À faire": the work given to their classes, with their progress (three queries).

Not cached: read on the student's home page only, and it must follow their very last answer.
"""

from django.db.models import Count, Q

from courses.models import Chapter
from exercises.models import Attempt

from .models import Assignment


def todo_for(user) -> list[dict]:
    given = list(
        Assignment.objects.filter(classroom__enrollments__student=user)
        .select_related("classroom", "course", "chapter__course")
        .order_by("due_date", "created_at")
    )
    if not given:
        return []
    chapters = list(
        Chapter.objects.filter(is_published=True, course__is_published=True)
        .filter(
            Q(pk__in=[a.chapter_id for a in given if a.chapter_id])
            | Q(course_id__in=[a.course_id for a in given if a.course_id])
        )
        .annotate(total=Count("exercises", filter=Q(exercises__is_published=True)))
        .values("id", "course_id", "total")
    )
    passed = dict(
        Attempt.objects.filter(
            user=user, passed=True, exercise__is_published=True, exercise__chapter_id__in=[c["id"] for c in chapters]
        )
        .values("exercise__chapter_id")
        .annotate(done=Count("exercise_id", distinct=True))
        .values_list("exercise__chapter_id", "done")
    )
    items = []
    for assignment in given:
        if assignment.chapter_id:
            work, label = assignment.chapter, f"{assignment.chapter.course.title} · {assignment.chapter.title}"
            mine = [c for c in chapters if c["id"] == assignment.chapter_id]
        else:
            work, label = assignment.course, assignment.course.title
            mine = [c for c in chapters if c["course_id"] == assignment.course_id]
        if not mine:
            continue  # unpublished since it was given: nothing to do there
        items.append(
            {
                "label": label,
                "url": work.get_absolute_url(),
                "classroom": assignment.classroom.name,
                "due_date": assignment.due_date,
                "passed": sum(passed.get(c["id"], 0) for c in mine),
                "total": sum(c["total"] for c in mine),
            }
        )
    return items
