"""Exercises checked by the server (QCM, short answer, Python, SQL) and the attempts students make."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from sandbox import sql

from . import expected_values, parsons

# A student's program, as stored in an attempt; a QCM or short answer is capped lower (services.py).
MAX_CODE_LENGTH = 20_000


def normalise(answer: str) -> str:
    """Case, accents of composed characters and spacing do not make a short answer wrong."""
    return " ".join(unicodedata.normalize("NFC", answer).casefold().split())


class Exercise(models.Model):
    class Kind(models.TextChoices):
        QCM = "qcm", "QCM"
        SHORT_ANSWER = "reponse_courte", "Réponse courte"
        PYTHON = "python", "Python"
        SQL = "sql", "SQL"
        PARSONS = "parsons", "Lignes à remettre en ordre"

    chapter = models.ForeignKey(
        "courses.Chapter", on_delete=models.CASCADE, related_name="exercises", verbose_name="chapitre"
    )
    title = models.CharField("titre", max_length=120)
    prompt = models.TextField("énoncé", help_text="En Markdown (le code entre ``` est coloré).")
    kind = models.CharField("type", max_length=16, choices=Kind.choices, default=Kind.QCM)
    accepted_answers = models.TextField(
        "réponses acceptées", blank=True, help_text="Réponse courte : une réponse acceptée par ligne."
    )
    # Python: what the student sees (the statement, the starter code, the public tests, the setup
    # code the browser runs first) and what only the server holds until success.
    setup_code = models.TextField(
        "code d'environnement",
        blank=True,
        help_text="Exécuté avant le code de l'élève, dans le navigateur comme sur le serveur (imports, données).",
    )
    starter_code = models.TextField("code de départ", blank=True, help_text="Ce que l'éditeur montre au départ.")
    public_tests = models.TextField(
        "tests publics",
        blank=True,
        help_text="Montrés à l'élève et exécutés dans son navigateur (« Exécuter »). Un test par ligne : "
        "assert somme([1, 2]) == 3, ou une expression seule.",
    )
    private_tests = models.TextField(
        "tests privés",
        blank=True,
        help_text="Jamais montrés : le serveur les exécute à chaque « Valider » et décide de la réussite. "
        "Même format que les tests publics.",
    )
    solution = models.TextField(
        "solution",
        blank=True,
        help_text="Python : calcule les valeurs attendues. SQL : la requête attendue. Lignes à remettre en "
        "ordre : le programme dont les lignes sont mélangées. Montrée à l'élève après sa réussite.",
    )
    # SQL: the database every query runs on (rebuilt, in memory, for each run) and how results compare.
    sql_schema = models.TextField(
        "base de données (SQL)",
        blank=True,
        help_text="Script SQL qui crée les tables et les remplit (CREATE TABLE, INSERT) ; montré à l'élève.",
    )
    sql_ordered = models.BooleanField(
        "l'ordre des lignes compte",
        default=False,
        help_text="Coché : les lignes doivent venir dans l'ordre de la requête attendue (ORDER BY).",
    )
    # Parsons: the solution's lines, shuffled (parsons.py), plus these distractors.
    parsons_distractors = models.TextField(
        "lignes pièges",
        blank=True,
        help_text="Lignes à remettre en ordre : des lignes en plus, qui ne font pas partie de la solution "
        "(une par ligne).",
    )
    parsons_indent = models.BooleanField(
        "indentation à retrouver",
        default=False,
        help_text="Lignes à remettre en ordre : coché, les lignes sont données sans leur indentation.",
    )
    remarks = models.TextField("remarques", blank=True, help_text="En Markdown ; montrées après la réussite.")
    max_validations = models.PositiveSmallIntegerField(
        "validations au plus",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Vide : sans limite.",
    )
    # repr() of the solution's value for each test, computed by the sandbox when the exercise is
    # saved (expected_values.py): never cached, never sent to the browser.
    expected_values = models.JSONField("valeurs attendues", default=dict, blank=True, editable=False)
    xp_reward = models.PositiveSmallIntegerField("XP gagnés", default=10, validators=[MinValueValidator(1)])
    is_published = models.BooleanField("publié", default=False)
    order = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "exercice"
        verbose_name_plural = "exercices"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """A Python exercise (or a Parsons exercise with tests) is never stored with expected values
        older than its tests and solution: whatever saves it (the admin, an import, a script), the
        sandbox runs again when they changed, and a solution that fails refuses the save (ValidationError)."""
        self.check_sql()
        self.check_parsons()
        if self.refresh_expected_values() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "expected_values"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("exercises:detail", args=[self.pk])

    def clean(self):
        super().clean()
        # The admin's form shows a failing test on its field, before anything is saved.
        self.refresh_expected_values()
        self.check_sql()
        self.check_parsons()

    def check_parsons(self) -> None:
        if self.kind == self.Kind.PARSONS and len([line for line in self.solution.splitlines() if line.strip()]) < 2:
            raise ValidationError({"solution": "Écrivez une solution d'au moins deux lignes à remettre en ordre."})

    def check_sql(self) -> None:
        """An SQL exercise's script must build its database and its expected query run on it:
        ValidationError (French, on the field at fault) otherwise."""
        if self.kind != self.Kind.SQL:
            return
        if not self.solution.strip():
            raise ValidationError({"solution": "Écrivez la requête attendue."})
        try:
            database = sql.Database(self.sql_schema)
        except sql.QueryError as error:
            raise ValidationError({"sql_schema": error.message}) from None
        with database:
            try:
                result = database.query(self.solution)
            except sql.QueryError as error:
                raise ValidationError({"solution": f"Requête attendue : {error.message}"}) from None
        if result.truncated:
            raise ValidationError({"solution": f"La requête attendue renvoie plus de {sql.MAX_ROWS} lignes."})

    @property
    def runs_tests(self) -> bool:
        """Whether "Valider" runs the program against the private tests in the sandbox: always for
        Python; for a Parsons exercise once the teacher wrote tests (any order that passes them is
        right), else its lines are compared with the solution's."""
        if self.kind == self.Kind.PARSONS:
            return bool(self.public_tests.strip() or self.private_tests.strip())
        return self.kind == self.Kind.PYTHON

    def tested_solution(self) -> str:
        """The teacher's program the tests run on save: a Parsons solution as its own lines rebuild it."""
        return parsons.solution_program(self.solution) if self.kind == self.Kind.PARSONS else self.solution

    def refresh_expected_values(self) -> bool:
        """Run the solution in the sandbox if the tests or the solution changed; True if it ran."""
        if not self.runs_tests:
            self.expected_values = {}
            return False
        if self.expected_values.get("source") == expected_values.fingerprint(self):
            return False
        self.expected_values = expected_values.compute(self)
        return True

    def is_correct(self, answer: str) -> bool:
        """The server's verdict on an answer; whatever else the browser sends is ignored."""
        answer = (answer or "").strip()
        if self.kind == self.Kind.QCM:
            # isdigit() alone accepts "²" or "①", which int() refuses: ASCII digits only.
            return answer.isascii() and answer.isdigit() and self.choices.filter(pk=answer, is_correct=True).exists()
        accepted = {normalise(line) for line in self.accepted_answers.splitlines() if line.strip()}
        return normalise(answer) in accepted


class Choice(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="choices", verbose_name="exercice")
    text = models.CharField("proposition", max_length=300)
    is_correct = models.BooleanField("bonne réponse", default=False)
    order = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "proposition"
        verbose_name_plural = "propositions"

    def __str__(self):
        return self.text


class Attempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts", verbose_name="élève"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="attempts", verbose_name="exercice")
    # A QCM choice, a short answer, or a Python program (the page shows the last one again).
    answer = models.TextField("réponse", max_length=MAX_CODE_LENGTH)
    passed = models.BooleanField("réussie", default=False)
    # Non-zero on the first passed attempt only; the constraint below makes "once" a database rule.
    xp_awarded = models.PositiveSmallIntegerField("XP attribués", default=0)
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "tentative"
        verbose_name_plural = "tentatives"
        indexes = [models.Index(fields=["user", "-created_at"], name="exercises_attempt_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "exercise"], condition=models.Q(xp_awarded__gt=0), name="xp_awarded_once_per_exercise"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.exercise} · {'réussie' if self.passed else 'échouée'}"


class Hint(models.Model):
    """A hint a student may reveal, in order, for a cost in XP taken from the exercise's reward."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="hints", verbose_name="exercice")
    text = models.TextField("indice", help_text="En Markdown.")
    cost = models.PositiveSmallIntegerField(
        "coût en XP", default=2, help_text="Retiré des XP de l'exercice (jamais en dessous de zéro)."
    )
    order = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "indice"
        verbose_name_plural = "indices"

    def __str__(self):
        return f"Indice {self.order} · {self.exercise}"


class HintUse(models.Model):
    """A hint a student revealed: one row per student and hint (the constraint makes it "never
    twice"), with what it cost then (0 once the exercise's XP was earned)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hint_uses", verbose_name="élève"
    )
    hint = models.ForeignKey(Hint, on_delete=models.CASCADE, related_name="uses", verbose_name="indice")
    # The hint's exercise, kept here so that the reward's deduction and the class grid read one table.
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="hint_uses", verbose_name="exercice")
    cost = models.PositiveSmallIntegerField("XP retirés", default=0)
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "indice utilisé"
        verbose_name_plural = "indices utilisés"
        constraints = [models.UniqueConstraint(fields=["user", "hint"], name="hint_revealed_once")]
        indexes = [models.Index(fields=["user", "exercise"], name="exercises_hintuse_user_ex")]

    def __str__(self):
        return f"{self.user} · {self.hint}"
