"""A pyodide-mkdocs-theme exercise (pmt_format.PmtExercise) as a Python exercise of the portal.

env -> setup code, code -> starter code, corr -> solution, tests -> public tests, secrets ->
private tests, remarks -> remarks. Saved like any exercise: the solution runs in the sandbox
against every test, and a failing test refuses the import (ValidationError, in French).
PMT statements live in the MkDocs page, not in the file: the prompt is given separately.
"""

from django.core.exceptions import ValidationError

from courses.models import Chapter

from .models import Exercise
from .pmt_format import PmtExercise

DEFAULT_PROMPT = "Complétez le programme ci-dessous."


def exercise_from_pmt(
    pmt: PmtExercise, *, chapter: Chapter, title: str, prompt: str = "", xp_reward: int = 10, publish: bool = False
) -> Exercise:
    if Exercise.objects.filter(chapter=chapter, title=title).exists():
        raise ValidationError(f"Le chapitre « {chapter.title} » a déjà un exercice nommé « {title} ».")
    exercise = Exercise(
        chapter=chapter,
        title=title,
        prompt=prompt.strip() or DEFAULT_PROMPT,
        kind=Exercise.Kind.PYTHON,
        setup_code=pmt.env,
        starter_code=pmt.code,
        public_tests=pmt.tests,
        private_tests=pmt.secrets,
        solution=pmt.corr,
        remarks=pmt.rem,
        xp_reward=xp_reward,
        is_published=publish,
        order=chapter.exercises.count(),
    )
    # The checks of the admin's form (each field, then the sandbox), then the save.
    exercise.full_clean()
    exercise.save()
    return exercise
