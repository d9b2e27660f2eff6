"""Courses (SNT, Première, Terminale), their chapters and the chapters' Markdown blocks."""

from django.db import models
from django.urls import reverse


class Course(models.Model):
    class Level(models.TextChoices):
        SNT = "snt", "SNT (Seconde)"
        PREMIERE = "premiere", "Première NSI"
        TERMINALE = "terminale", "Terminale NSI"

    title = models.CharField("titre", max_length=120)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    summary = models.TextField("résumé", blank=True)
    is_published = models.BooleanField("publié", default=False)
    order = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "cours"
        verbose_name_plural = "cours"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:detail", args=[self.slug])


class Chapter(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="chapters", verbose_name="cours")
    title = models.CharField("titre", max_length=120)
    slug = models.SlugField("identifiant d'URL", max_length=80)
    is_published = models.BooleanField("publié", default=False)
    order = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "chapitre"
        verbose_name_plural = "chapitres"
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="chapter_slug_unique_in_course")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:chapter", args=[self.course.slug, self.slug])


class ContentBlock(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="blocks", verbose_name="chapitre")
    order = models.PositiveIntegerField("ordre", default=0)
    markdown = models.TextField(
        "contenu (Markdown)", help_text="Rendu et nettoyé une fois, puis mis en cache : le HTML brut est filtré."
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "bloc de contenu"
        verbose_name_plural = "blocs de contenu"

    def __str__(self):
        return f"{self.chapter} · bloc {self.order}"
