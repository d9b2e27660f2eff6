"""Exercises checked by the server (QCM, short answer) and the attempts students make."""

import unicodedata

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse


def normalise(answer: str) -> str:
    """Case, accents of composed characters and spacing do not make a short answer wrong."""
    return " ".join(unicodedata.normalize("NFC", answer).casefold().split())


class Exercise(models.Model):
    class Kind(models.TextChoices):
        QCM = "qcm", "QCM"
        SHORT_ANSWER = "reponse_courte", "Réponse courte"

    chapter = models.ForeignKey(
        "courses.Chapter", on_delete=models.CASCADE, related_name="exercises", verbose_name="chapitre"
    )
    title = models.CharField("titre", max_length=120)
    prompt = models.TextField("énoncé")
    kind = models.CharField("type", max_length=16, choices=Kind.choices, default=Kind.QCM)
    accepted_answers = models.TextField(
        "réponses acceptées", blank=True, help_text="Réponse courte : une réponse acceptée par ligne."
    )
    xp_reward = models.PositiveSmallIntegerField("XP gagnés", default=10, validators=[MinValueValidator(1)])
    is_published = models.BooleanField("publié", default=False)
    order = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "exercice"
        verbose_name_plural = "exercices"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exercises:detail", args=[self.pk])

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
    answer = models.TextField("réponse", max_length=2000)
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
