"""Check the answers as soon as the last prompt is answered (a Jinja extension of cookiecutter).

The last variable of cookiecutter.json is ``"__answers_checked": "{{ cookiecutter | check_answers }}"``:
cookiecutter renders it after every prompt, before it creates any file. The filter runs the
validators of ``pre_gen_project.py`` and, when an answer is refused, raises
FailedHookException with one French line per problem: the cookiecutter command prints exactly
those lines and exits 1 (a failing pre-generation hook would also print a traceback).
Otherwise it turns the yes/no answers into real booleans, in place, so that the files and the
hooks see True or False whatever word was typed.

The ``answer_data_dir`` filter gives the absolute path of this folder to the rendered copy of
pre_gen_project.py, which cookiecutter runs from a temporary file, in the new project's folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from cookiecutter.exceptions import FailedHookException
from jinja2.ext import Extension

from hooks import pre_gen_project


def check_answers(answers: dict) -> str:
    """Refuse the answers, or make their yes/no answers booleans.

    ``answers`` is the very dictionary cookiecutter is filling in with the answers (it renders
    each variable with it): updating it is how the booleans reach the files and the hooks.
    """
    problems = pre_gen_project.validate(dict(answers))
    if problems:
        raise FailedHookException("\n".join(f"Erreur : {problem}" for problem in problems))
    answers.update(pre_gen_project.normalized(dict(answers)))
    return ""


def toml_string(value: str) -> str:
    """A TOML basic string with the text as typed (« Lycée », not ``\\u00e9``): JSON's escapes
    of quotes, backslashes and control characters are TOML's too."""
    return json.dumps(value, ensure_ascii=False)


def answer_data_dir(_answers: dict) -> str:
    return str(Path(__file__).resolve().parent)


class AnswerChecks(Extension):
    """Adds the ``check_answers``, ``answer_data_dir`` and ``toml_string`` filters."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["check_answers"] = check_answers
        environment.filters["answer_data_dir"] = answer_data_dir
        environment.filters["toml_string"] = toml_string
