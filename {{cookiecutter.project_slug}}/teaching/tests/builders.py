"""A class with students, a course given to it and some answers, for the teacher pages' tests."""

from types import SimpleNamespace

from accounts.models import Classroom, Enrollment
from accounts.tests.factories import make_student, make_teacher
from courses.tests.factories import make_chapter, make_course
from exercises.services import submit_answer
from teaching.models import Assignment


def make_class(name="1re NSI", students=2, chapters=2, exercises=2, teacher=None):
    """A teacher's class, its students (Ada, Alan…), a course of `chapters` chapters given to it."""
    teacher = teacher or make_teacher()
    classroom = Classroom.objects.create(name=name, teacher=teacher)
    course = make_course(chapters=0, title=f"Algorithmique {name}")
    chapter_list = [
        make_chapter(course, slug=f"chapitre-{index + 1}", exercises=exercises, order=index)
        for index in range(chapters)
    ]
    pupils = []
    for index in range(students):
        student = make_student(pseudo=f"{name.replace(' ', '')}-eleve{index + 1}", first_name=f"Prénom{index + 1}")
        Enrollment.objects.create(student=student, classroom=classroom)
        pupils.append(student)
    Assignment.objects.create(classroom=classroom, course=course)
    return SimpleNamespace(classroom=classroom, teacher=teacher, course=course, chapters=chapter_list, students=pupils)


def answer(student, exercise, right=True):
    choice = exercise.choices.get(is_correct=right)
    return submit_answer(student, exercise, str(choice.pk))
