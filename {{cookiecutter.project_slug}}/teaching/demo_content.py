"""The work seed_demo gives to the demo class, and a few wrong answers so that its class page
shows something the first time: (course slug, chapter slug or None for the whole course, days
until it is due or None)."""

import datetime

from django.utils import timezone

from courses.models import Chapter, Course
from exercises.models import Attempt, Exercise
from exercises.services import submit_answer

from .models import Assignment

DEMO_ASSIGNMENTS = [
    ("internet-snt", None, 7),
    ("representation-donnees", "binaire", 14),
    ("structures-donnees", "piles-files", None),
]
WRONG_ANSWER = "je ne sais pas"


def give_demo_work(sender, classroom, **kwargs) -> int:
    """Receiver of gamification.signals.demo_seeded: the work that is missing, and the first
    time only, one wrong answer per student in each work given (through the real service)."""
    created = 0
    # A class whose students already made a mistake was seeded before: no more answers.
    first_time = not Attempt.objects.filter(user__enrollments__classroom=classroom, passed=False).exists()
    today = timezone.localdate()
    for course_slug, chapter_slug, days in DEMO_ASSIGNMENTS:
        course = Course.objects.filter(slug=course_slug).first()
        chapter = Chapter.objects.filter(course=course, slug=chapter_slug).first() if chapter_slug else None
        if course is None or (chapter_slug and chapter is None):
            continue  # removed or renamed by a teacher: nothing to give
        due = today + datetime.timedelta(days=days) if days is not None else None
        work = {"chapter": chapter} if chapter else {"course": course}
        assignment, new = Assignment.objects.get_or_create(classroom=classroom, **work, defaults={"due_date": due})
        created += new
        if new and first_time:
            created += answer_wrongly(classroom, chapter or course)
    return created


def answer_wrongly(classroom, work) -> int:
    chapters = [work] if isinstance(work, Chapter) else list(work.chapters.all())
    # The last exercise given: the demo students passed the first ones of the catalogue.
    exercise = Exercise.objects.filter(chapter__in=chapters, is_published=True).order_by(
        "-chapter__order", "-order", "-pk"
    )
    exercise = exercise.first()
    if exercise is None:
        return 0
    students = [enrollment.student for enrollment in classroom.enrollments.select_related("student")]
    for student in students:
        submit_answer(student, exercise, WRONG_ANSWER)
    return len(students)
