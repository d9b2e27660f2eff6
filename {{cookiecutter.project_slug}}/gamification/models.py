"""Badges students earn, by XP or by number of exercises passed."""

from django.conf import settings
from django.db import models


class Badge(models.Model):
    # Pictures shipped in gamification/static/gamification/badges/<name>.svg: the same on every
    # device (an emoji is an empty box where the system has no colour-emoji font).
    class Icon(models.TextChoices):
        MEDAILLE = "medaille", "Médaille"
        FUSEE = "fusee", "Fusée"
        FORCE = "force", "Haltère"
        ETOILE = "etoile", "Étoile"
        TROPHEE = "trophee", "Trophée"
        LIVRE = "livre", "Livre"
        ECLAIR = "eclair", "Éclair"
        CIBLE = "cible", "Cible"

    class Rule(models.TextChoices):
        XP = "xp", "XP atteints"
        EXERCISES_PASSED = "exercices", "Exercices réussis"

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("nom", max_length=80)
    description = models.CharField("description", max_length=200)
    icon = models.CharField("icône", max_length=20, choices=Icon.choices, default=Icon.MEDAILLE)
    rule = models.CharField("règle", max_length=12, choices=Rule.choices)
    threshold = models.PositiveIntegerField("seuil")
    order = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "threshold", "pk"]
        verbose_name = "badge"
        verbose_name_plural = "badges"

    def __str__(self):
        return self.name


class UserBadge(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges_earned", verbose_name="élève"
    )
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards", verbose_name="badge")
    earned_at = models.DateTimeField("obtenu le", auto_now_add=True)

    class Meta:
        ordering = ["-earned_at"]
        verbose_name = "badge obtenu"
        verbose_name_plural = "badges obtenus"
        constraints = [models.UniqueConstraint(fields=["user", "badge"], name="badge_earned_once")]

    def __str__(self):
        return f"{self.user} · {self.badge}"
