"""What the server expects of a Python exercise (or a Parsons exercise with tests): the teacher's
solution, run in the sandbox.

Computed when the exercise is saved, against every test (public and private), and kept in
the database only: never cached, never sent to the browser, never given to the guest. An
exercise whose solution fails a test, or disagrees with a written ``== <expected>``, is
refused with the test named (a French ValidationError on the field that holds it).
"""

import hashlib
import json

from django.core.exceptions import ValidationError

from sandbox import verifier

from .python_tests import PythonTest, parse_tests

SECTIONS = (("public", "public_tests", "Test public"), ("private", "private_tests", "Test privé"))


def fingerprint(exercise) -> str:
    """Changes when anything the expected values depend on changes."""
    sources = [exercise.setup_code, exercise.solution, exercise.public_tests, exercise.private_tests]
    if exercise.kind == exercise.Kind.PARSONS:
        sources.append("parsons")  # its solution runs as its lines rebuild it (Exercise.tested_solution)
    return hashlib.sha256(json.dumps(sources).encode()).hexdigest()


def parsed_tests(exercise) -> dict[str, list[PythonTest]]:
    """The public and private tests, or a ValidationError on the field with a malformed line."""
    tests = {}
    for section, field, label in SECTIONS:
        try:
            tests[section] = parse_tests(getattr(exercise, field), label)
        except ValueError as error:
            raise ValidationError({field: str(error)}) from None
    if not tests["private"]:
        raise ValidationError(
            {"private_tests": "Écrivez au moins un test privé : c'est lui qui décide de la réussite de l'élève."}
        )
    return tests


def compute(exercise) -> dict:
    """``{"source": fingerprint, "public": [repr…], "private": [repr…]}``, or a ValidationError."""
    tests = parsed_tests(exercise)
    if not exercise.solution.strip():
        raise ValidationError({"solution": "Écrivez la solution : elle calcule les valeurs attendues des tests."})
    # Each test's expression, then, for a written expectation, whether the solution agrees with it.
    expressions = []
    for section, _, _ in SECTIONS:
        for test in tests[section]:
            expressions.append(test.expression)
            if test.expected is not None:
                expressions.append(f"({test.expression}) == ({test.expected})")
    try:
        evaluation = verifier.evaluate(exercise.tested_solution(), expressions, setup=exercise.setup_code)
    except verifier.SandboxError as error:
        raise ValidationError(f"La solution n'a pas pu être vérifiée : {error.message}") from None
    if evaluation.failure:
        raise ValidationError({"solution": f"La solution ne s'exécute pas : {evaluation.failure}"})
    if len(evaluation.outcomes) != len(expressions):
        raise ValidationError("La solution n'a pas pu être vérifiée : le vérificateur a donné une réponse incomplète.")

    outcomes = iter(evaluation.outcomes)
    values = {}
    for section, field, label in SECTIONS:
        values[section] = []
        for test in tests[section]:
            outcome = next(outcomes)
            if outcome.error is not None:
                raise ValidationError(
                    {field: f"{label} n°{test.number} ({test.expression}) : la solution lève {outcome.error}."}
                )
            values[section].append(outcome.value)
            if test.expected is not None:
                agrees = next(outcomes)
                if agrees.value != "True":
                    raise ValidationError(
                        {
                            field: f"{label} n°{test.number} : la solution donne {shorten(outcome.value)} "
                            f"et non {shorten(test.expected)} ({test.expression})."
                        }
                    )
    return {"source": fingerprint(exercise), **values}


def shorten(text: str, length: int = 200) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
