"""The exercise page and its submission. Neither is cached: answers are real-time data.

And the chapter page (/courses/<course>/<chapter>/, named courses:chapter by the project's
URLconf): the chapter from courses' cache, marked with the viewer's own passed exercises.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from caching.pages import cached_page
from courses import selectors as course_selectors

from . import selectors, services
from .forms import AnswerForm


def exercise_or_404(pk):
    exercise = selectors.published_exercise(pk)
    if exercise is None:
        raise Http404("Exercice introuvable.")
    return exercise


def exercise_page(request, exercise, form):
    context = {
        "exercise": exercise,
        "chapter": exercise.chapter,
        "form": form,
        "passed": exercise.pk in selectors.passed_exercise_ids(request.user.pk, exercise.chapter_id),
    }
    return render(request, "exercises/exercise_detail.html", context)


@login_required
@never_cache
def exercise_detail(request, pk):
    exercise = exercise_or_404(pk)
    return exercise_page(request, exercise, AnswerForm(exercise))


@login_required
@require_POST
@never_cache
def submit(request, pk):
    # CsrfViewMiddleware has already refused a request without a valid token.
    exercise = exercise_or_404(pk)
    # Only "answer" is read: a forged "passed" or "score" field changes nothing.
    form = AnswerForm(exercise, request.POST)
    if not form.is_valid():
        # The page again with the form's French message; nothing is recorded.
        return exercise_page(request, exercise, form)
    attempt = services.submit_answer(request.user, exercise, form.cleaned_data["answer"])
    if attempt.xp_awarded:
        messages.success(request, f"Bonne réponse ! +{attempt.xp_awarded} XP")
    elif attempt.passed:
        messages.success(request, "Bonne réponse ! (XP déjà gagnés pour cet exercice)")
    else:
        messages.error(request, "Ce n'est pas la bonne réponse. Réessayez !")
    return redirect(exercise)


@cached_page(reads=[course_selectors.chapter_content])
@login_required
def chapter_detail(request, course_slug, chapter_slug):
    chapter = course_selectors.chapter_content(course_slug, chapter_slug)
    if chapter is None:
        raise Http404("Chapitre introuvable.")
    passed = selectors.passed_exercise_ids(request.user.pk, chapter["id"])
    exercises = [{**exercise, "passed": exercise["id"] in passed} for exercise in chapter["exercises"]]
    context = {
        "chapter": chapter,
        "exercises": exercises,
        "passed_count": sum(exercise["passed"] for exercise in exercises),
    }
    return render(request, "exercises/chapter_detail.html", context)
