"""The exercise page and its submission, and the chapter page.

The exercise page is a cached page: its content (statement, choices without their correctness,
starter code, public tests) is LONG-tier; the student's own progress is read per user. The
submission is never cached: answers, verdicts and attempts are real-time data.

The course and chapter pages (/courses/<course>/ and /courses/<course>/<chapter>/, named
courses:detail and courses:chapter by the project's URLconf): courses' cached content, with the
viewer's own progress.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from caching.pages import cached_page
from courses import rendering
from courses import selectors as course_selectors
from sandbox import admission, sql, verifier

from . import selectors, services
from .forms import AnswerForm, CodeForm, ParsonsForm, QueryForm
from .models import Exercise
from .parsons import shuffled_lines

BUSY = "Serveur occupé, réessayez dans quelques secondes."
# Sent with BUSY as Retry-After: the editor tries again by itself after it (python_editor.js).
# A class pressing "Valider" at once fills one gunicorn process's queue before the other's
# (connections are not spread evenly); a couple of seconds later the queue has room again.
RETRY_AFTER_SECONDS = 2


def content_or_404(pk) -> dict:
    content = selectors.exercise_content(pk)
    if content is None:
        raise Http404("Exercice introuvable.")
    return content


def exercise_or_404(pk) -> Exercise:
    exercise = selectors.published_exercise(pk)
    if exercise is None:
        raise Http404("Exercice introuvable.")
    return exercise


# The kinds whose editor shows the solution and its remarks itself, after a success.
EDITOR_KINDS = (Exercise.Kind.PYTHON, Exercise.Kind.SQL, Exercise.Kind.PARSONS)


def after_answer(content: dict, passed: bool, remaining: int | None) -> dict:
    """What a finished exercise reveals: after a success, the solution and the teacher's remarks;
    after the last allowed validation, the remarks only; before that, nothing. And the next step.

    ``explanation_html`` is the remarks shown under the answer; the Python, SQL and Parsons
    editors show them themselves next to the solution."""
    if passed:
        revealed = selectors.revealed_after_success(content["id"])
    elif remaining == 0:
        revealed = selectors.revealed_after_last_attempt(content["id"])
    else:
        return {"solution": None, "remarks_html": None, "explanation_html": None, "next_step": None}
    in_editor = content["kind"] in EDITOR_KINDS and bool(revealed["solution"])
    return {
        **revealed,
        "explanation_html": None if in_editor else revealed["remarks_html"],
        "next_step": selectors.next_step(content),
    }


def exercise_page(request, content: dict, form=None, code: str | None = None, status: int = 200, result=None):
    passed = content["id"] in selectors.passed_exercise_ids(request.user.pk, content["chapter"]["id"])
    context = {
        "exercise": content,
        "chapter": content["chapter"],
        "form": form,
        "passed": passed,
        "answer_max_length": services.MAX_ANSWER_LENGTH,
    }
    remaining = None
    # Read per student only when the exercise has hints (the cached content says so).
    hints = selectors.hints_of(request.user.pk, content["id"]) if content.get("hint_costs") else []
    hidden = [number for number, hint in enumerate(hints, start=1) if not hint["revealed"]]
    context.update(
        hints=[hint for hint in hints if hint["revealed"]],
        next_hint={"number": hidden[0], "cost": 0 if passed else hints[hidden[0] - 1]["cost"]} if hidden else None,
    )
    if content["kind"] in EDITOR_KINDS:
        # The kinds with validations to count, and (Python, SQL) the student's last code kept.
        progress = selectors.python_progress(request.user.pk, content["id"])
        if content["max_validations"] is not None:
            remaining = max(content["max_validations"] - progress["used"], 0)
        context["remaining"] = remaining
        last_code = code if code is not None else (progress["code"] or content.get("starter_code", ""))
    if content["kind"] == Exercise.Kind.PYTHON:
        context.update(form=form or CodeForm(), code=last_code)
    elif content["kind"] == Exercise.Kind.SQL:
        context.update(form=form or QueryForm(), code=last_code, result=result)
    context.update(after_answer(content, passed, remaining))
    return render(request, "exercises/exercise_detail.html", context, status=status)


def badge_texts(attempt) -> list[str]:
    """One French line per badge this attempt earned (gamification's receiver tells the attempt)."""
    return [f"Nouveau badge : « {name} » !" for name in getattr(attempt, "badges_earned", [])]


def badge_messages(request, attempt) -> None:
    for text in badge_texts(attempt):
        messages.success(request, text)


@cached_page(reads=[selectors.exercise_content])
@login_required
@never_cache
def exercise_detail(request, pk):
    return exercise_page(request, content_or_404(pk))


def sandbox_entrance(view):
    """Outermost on the views that may use the sandbox: their place in this process's pool is
    taken before any work (a full process answers « occupé » at once and keeps its other threads
    for the pages), and their Python work, the session and user included, goes through the
    process's entrance one request at a time (sandbox/admission.py)."""

    @functools.wraps(view)
    def entered(request, pk, *args, **kwargs):
        try:
            with admission.entrance(admission.configured_pool(), verifier.Busy):
                return view(request, pk, *args, **kwargs)
        except verifier.Busy:
            return busy_at_the_door(request, pk)

    return entered


def busy_at_the_door(request, pk):
    """No place left in this process: 429 and the French message; without JavaScript, the page
    again with what the student sent (their program, their query, their lines' order)."""
    if wants_json(request) or request.method != "POST":
        response = JsonResponse({"message": BUSY}, status=429)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    exercise = exercise_or_404(pk)
    return refused(request, exercise, posted_form(exercise, request.POST), BUSY, 429)


def posted_form(exercise: Exercise, data):
    """The exercise kind's form, bound to what the student sent."""
    if exercise.kind == Exercise.Kind.PYTHON:
        return CodeForm(data)
    if exercise.kind == Exercise.Kind.SQL:
        return QueryForm(data)
    if exercise.kind == Exercise.Kind.PARSONS:
        return ParsonsForm(shuffled_lines(exercise), exercise.parsons_indent, data)
    return AnswerForm(exercise, data)


@sandbox_entrance
@login_required
@require_POST
@never_cache
def submit(request, pk):
    # CsrfViewMiddleware has already refused a request without a valid token.
    exercise = exercise_or_404(pk)
    if exercise.kind not in EDITOR_KINDS:
        admission.leave_entrance()  # a QCM or short answer never queues for the sandbox
    if exercise.kind == Exercise.Kind.PYTHON:
        return submit_code(request, exercise)
    if exercise.kind == Exercise.Kind.SQL:
        return submit_query(request, exercise)
    if exercise.kind == Exercise.Kind.PARSONS:
        return submit_parsons(request, exercise)
    # Only "answer" is read: a forged "passed" or "score" field changes nothing.
    form = AnswerForm(exercise, request.POST)
    if not form.is_valid():
        # The page again with the form's French message; nothing is recorded.
        return exercise_page(request, content_or_404(pk), form)
    attempt = services.submit_answer(request.user, exercise, form.cleaned_data["answer"])
    if attempt.xp_awarded:
        messages.success(request, f"Bonne réponse ! +{attempt.xp_awarded} XP")
    elif attempt.passed:
        messages.success(request, "Bonne réponse ! (XP déjà gagnés pour cet exercice)")
    else:
        messages.error(request, "Ce n'est pas la bonne réponse. Réessayez !")
    badge_messages(request, attempt)
    return redirect(exercise)


@login_required
@require_POST
@never_cache
def reveal_hint(request, pk):
    """The "Voir un indice" button: the student's next hint, its cost taken from the exercise's reward."""
    exercise = exercise_or_404(pk)
    try:
        use = services.reveal_hint(request.user, exercise)
    except services.NoHintLeft as error:
        if wants_json(request):
            return JsonResponse({"message": error.message}, status=400)
        messages.info(request, error.message)
        return redirect(exercise)
    cost = f"{use.cost} XP en moins à la réussite" if use.cost else "sans coût"
    if wants_json(request):
        html = rendering.render(use.hint.text)
        return JsonResponse({"html": html, "cost": use.cost, "message": f"Indice affiché ({cost})."})
    messages.info(request, f"Indice affiché ({cost}).")
    return redirect(f"{exercise.get_absolute_url()}#indices")


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def submit_code(request, exercise: Exercise):
    """The "Valider" button: JSON for the editor's fetch, the page again (or a redirect) for a plain form post.

    Only "code" is read: a forged "passed", verdict or output field changes nothing."""
    form = CodeForm(request.POST)
    if not form.is_valid():
        return refused(request, exercise, form, form.errors["code"][0], 400)
    try:
        verdict = services.validate_code(request.user, exercise, form.cleaned_data["code"])
    except services.CodeRefused as error:
        return refused(request, exercise, form, error.message, error.status)
    except (verifier.Busy, verifier.AlreadyPending):
        return refused(request, exercise, form, BUSY, 429)
    except verifier.SandboxError as error:
        # Unavailable (runtime missing or broken): the verifier logged it once.
        return refused(request, exercise, form, error.message, 503)
    return tests_response(request, exercise, verdict)


def tests_response(request, exercise: Exercise, verdict: services.Verdict):
    """verdict_response for a program run on the private tests: each test passed or not for the
    editors, and without JavaScript a « Tests : n°1 ✓, n°2 ✗ » line. Never the tests' inputs."""
    tests = [{"number": number, "passed": ok} for number, ok in enumerate(verdict.tests, start=1)]
    summary = None
    if tests and not verdict.failure:
        summary = "Tests : " + ", ".join(f"n°{test['number']} {'✓' if test['passed'] else '✗'}" for test in tests)
    return verdict_response(request, exercise, verdict, info=summary, tests=tests, failure=verdict.failure)


def verdict_response(request, exercise: Exercise, verdict, info: str | None = None, **fields):
    """The answer to a « Valider » that ran: JSON for the editors' fetch (the page shows the
    verdict, what it reveals and the badges itself: Django's messages would wait for the next
    page), else the messages and a redirect to the exercise."""
    if wants_json(request):
        revealed = after_answer(content_or_404(exercise.pk), verdict.passed, verdict.remaining)
        return JsonResponse(
            {
                "passed": verdict.passed,
                **fields,
                "message": verdict.message,
                "remaining": verdict.remaining,
                "xp_awarded": verdict.xp_awarded,
                "solution": revealed["solution"],
                "remarks_html": revealed["remarks_html"],
                "next": revealed["next_step"],
                "badges": badge_texts(verdict.attempt),
            }
        )
    (messages.success if verdict.passed else messages.error)(request, verdict.message)
    badge_messages(request, verdict.attempt)
    if info:
        messages.info(request, info)
    return redirect(exercise)


def shown(value) -> str:
    """A cell of a result table as text: NULL and blobs said so, the rest as SQLite gives it."""
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return f"blob ({len(value)} octets)"
    return str(value)


def result_table(result: sql.Result) -> dict:
    return {
        "columns": list(result.columns),
        "rows": [[shown(value) for value in row] for row in result.rows],
        "truncated": result.truncated,
    }


@sandbox_entrance
@login_required
@require_POST
@never_cache
def run_query(request, pk):
    """The "Exécuter" button of an SQL exercise: the query's first rows on the exercise's database, run on
    the server under the same guards and admission as a validation; nothing is recorded."""
    exercise = exercise_or_404(pk)
    if exercise.kind != Exercise.Kind.SQL:
        raise Http404("Exercice introuvable.")
    form = QueryForm(request.POST)
    if not form.is_valid():
        return refused(request, exercise, form, form.errors["code"][0], 400)
    try:
        result = services.run_sql(request.user, exercise, form.cleaned_data["code"])
    except sql.QueryError as error:
        return refused(request, exercise, form, error.message, 400, shown_error=True)
    except (verifier.Busy, verifier.AlreadyPending):
        return refused(request, exercise, form, BUSY, 429)
    table = result_table(result)
    if wants_json(request):
        return JsonResponse(table)
    return exercise_page(request, content_or_404(pk), form, code=form.cleaned_data["code"], result=table)


def submit_query(request, exercise: Exercise):
    """The "Valider" button of an SQL exercise; JSON or the page, as submit_code. Only "code" is read."""
    form = QueryForm(request.POST)
    if not form.is_valid():
        return refused(request, exercise, form, form.errors["code"][0], 400)
    try:
        verdict = services.validate_sql(request.user, exercise, form.cleaned_data["code"])
    except services.CodeRefused as error:
        return refused(request, exercise, form, error.message, error.status)
    except (verifier.Busy, verifier.AlreadyPending):
        return refused(request, exercise, form, BUSY, 429)
    return verdict_response(request, exercise, verdict)


def submit_parsons(request, exercise: Exercise):
    """The "Valider" button of a Parsons exercise: the numbered lines (from the form, or written
    by parsons.js from the reordered list). JSON or the page, as submit_code; a page refused
    shows the lines in the order the student gave (ParsonsForm.lines_as_given)."""
    form = ParsonsForm(shuffled_lines(exercise), exercise.parsons_indent, request.POST)
    if not form.is_valid():
        message = (form.non_field_errors() or [next(iter(form.errors.values()))[0]])[0]
        return refused(request, exercise, form, message, 400, shown_error=True)
    try:
        verdict = services.validate_parsons(request.user, exercise, form.cleaned_data["placed"])
    except services.CodeRefused as error:
        return refused(request, exercise, form, error.message, error.status)
    except (verifier.Busy, verifier.AlreadyPending):
        return refused(request, exercise, form, BUSY, 429)
    except verifier.SandboxError as error:
        return refused(request, exercise, form, error.message, 503)
    if isinstance(verdict, services.Verdict):
        # Checked by the teacher's tests, like a Python exercise.
        return tests_response(request, exercise, verdict)
    return verdict_response(request, exercise, verdict)


def refused(request, exercise: Exercise, form, message: str, status: int, shown_error: bool = False):
    """Nothing ran or nothing was recorded: the French message, as JSON or on the page again
    with the student's program in the editor."""
    if wants_json(request):
        response = JsonResponse({"message": message}, status=status)
    else:
        if status != 400 or shown_error:
            messages.error(request, message)
        code = request.POST.get("code", "").replace("\x00", "")
        response = exercise_page(request, content_or_404(exercise.pk), form, code=code, status=status)
    if status == 429:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@cached_page(reads=[course_selectors.course_detail, course_selectors.course_detail.html, selectors.passed_counts])
@login_required
def course_detail(request, course_slug):
    """The course page (courses:detail): its heading is cached HTML, the same for everyone; its
    chapters are listed with the viewer's own progress (the course's data and the viewer's
    counts come in the page's one MGET)."""
    course = course_selectors.course_detail.fragment(course_slug)
    if course.value is None:
        raise Http404("Cours introuvable.")
    passed = selectors.passed_counts(request.user.pk)["chapters"]
    chapters = [
        # min(): a count cached a moment before an exercise was unpublished never shows 3 / 2.
        {**chapter, "passed": min(passed.get(chapter["id"], 0), chapter["exercise_count"])}
        for chapter in course.value["chapters"]
    ]
    return render(request, "courses/course_detail.html", {"course": course, "chapters": chapters})


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
