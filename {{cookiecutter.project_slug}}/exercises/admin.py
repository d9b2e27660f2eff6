from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from courses.admin_preview import MarkdownPreview
from courses.models import Chapter

from .models import Attempt, Choice, Exercise, Hint, HintUse
from .pmt_format import MAX_BYTES, parse_pmt
from .pmt_import import exercise_from_pmt

CODE_FIELDS = (
    *("setup_code", "starter_code", "public_tests", "private_tests", "solution", "sql_schema", "parsons_distractors"),
)


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class HintInline(admin.TabularInline):
    model = Hint
    extra = 0
    fields = ("order", "text", "cost")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}}


class ExerciseForm(forms.ModelForm):
    """Saving a Python exercise (or a Parsons exercise with tests) runs its solution in the sandbox
    against every test, saving an SQL exercise runs its script and expected query (Exercise.clean):
    a failure is shown on its field, in French, and nothing is saved."""

    class Meta:
        model = Exercise
        fields = (
            *("chapter", "title", "kind", "prompt", "xp_reward", "is_published", "order", "accepted_answers"),
            *("starter_code", "public_tests", "private_tests", "solution", "remarks", "setup_code", "max_validations"),
            *("sql_schema", "sql_ordered", "parsons_distractors", "parsons_indent"),
        )
        # Every kind shows the remarks (the model's help text predates that; no migration for a help text).
        help_texts = {
            "remarks": "En Markdown ; l'explication montrée après une bonne réponse, ou après la dernière "
            "validation permise, quel que soit le type d'exercice.",
            # Lines to reorder use them too, when the teacher wants any order that works accepted.
            "public_tests": "Montrés à l'élève ; Python : exécutés dans son navigateur (« Exécuter »). Un test "
            "par ligne : assert somme([1, 2]) == 3, ou une expression seule.",
            "private_tests": "Jamais montrés : le serveur les exécute à chaque « Valider » et décide de la "
            "réussite. Même format que les tests publics. Lignes à remettre en ordre : facultatifs ; avec des "
            "tests, le programme de l'élève est exécuté et tout ordre qui les réussit est accepté.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 8, "cols": 90, "spellcheck": "false", "class": "vLargeTextField code"})
            for name in CODE_FIELDS
        }


class PmtImportForm(forms.Form):
    """The admin's twin of ``manage.py import_pmt_exercise``."""

    source = forms.FileField(label="fichier de l'exercice (.py)")
    rem = forms.FileField(label="remarques (_REM.md)", required=False)
    chapter = forms.ModelChoiceField(Chapter.objects.select_related("course"), label="chapitre")
    title = forms.CharField(label="titre", max_length=120)
    prompt = forms.CharField(
        label="énoncé", widget=forms.Textarea, required=False, help_text="En Markdown ; dans PMT, il est dans la page."
    )
    xp_reward = forms.IntegerField(label="XP gagnés", min_value=1, max_value=32767, initial=10)
    publish = forms.BooleanField(label="publier", required=False)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        source, rem = cleaned["source"], cleaned.get("rem")
        try:
            # One byte more than the parser accepts, so that it refuses an oversized file in French.
            cleaned["pmt"] = parse_pmt(
                source.read(MAX_BYTES + 1), rem=rem.read(MAX_BYTES + 1) if rem else "", name=source.name
            )
        except ValueError as error:
            raise ValidationError(str(error)) from None
        return cleaned


@admin.register(Exercise)
class ExerciseAdmin(MarkdownPreview, admin.ModelAdmin):
    form = ExerciseForm
    change_list_template = "admin/exercises/exercise/change_list.html"
    preview_source = "prompt"
    readonly_fields = ("preview",)
    list_display = ("title", "chapter", "kind", "xp_reward", "is_published", "order")
    list_editable = ("is_published", "order")
    list_filter = ("kind", "is_published", "chapter__course")
    list_select_related = ("chapter",)
    search_fields = ("title", "prompt")
    inlines = [ChoiceInline, HintInline]
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "chapter",
                    "title",
                    "kind",
                    "prompt",
                    "preview",
                    "remarks",
                    "xp_reward",
                    "is_published",
                    "order",
                )
            },
        ),
        ("Réponse courte", {"fields": ("accepted_answers",)}),
        (
            "SQL",
            {
                "description": "La requête attendue se met dans « solution », le code de départ dans « code de "
                "départ », la limite de validations plus bas. À l'enregistrement, le script crée la base et la "
                "requête attendue y est exécutée : une erreur empêche l'enregistrement.",
                "fields": ("sql_schema", "sql_ordered"),
            },
        ),
        (
            "Lignes à remettre en ordre",
            {
                "description": "Le programme se met dans « solution » : ses lignes sont mélangées (toujours de la "
                "même façon pour cet exercice) ; l'élève les remet dans l'ordre. Sans tests, sa réponse est "
                "comparée à la solution ligne à ligne. Avec des tests (« tests publics », « tests privés » et "
                "« code d'environnement » de la partie Python), son programme est exécuté comme un exercice "
                "Python : tout ordre qui réussit les tests privés est accepté, et une solution qui en échoue un "
                "empêche l'enregistrement.",
                "fields": ("parsons_distractors", "parsons_indent"),
            },
        ),
        (
            "Python",
            {
                "description": "Les tests : un par ligne, « assert expression == valeur attendue » ou une "
                "expression seule. À l'enregistrement, la solution est exécutée sur tous les tests ; "
                "un test qu'elle ne réussit pas empêche l'enregistrement.",
                "fields": (
                    "starter_code",
                    "public_tests",
                    "private_tests",
                    "solution",
                    "setup_code",
                    "max_validations",
                ),
            },
        ),
    ]

    def get_urls(self):
        name = "exercises_exercise_import_pmt"
        return [path("import-pmt/", self.admin_site.admin_view(self.import_pmt), name=name), *super().get_urls()]

    def import_pmt(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PmtImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                exercise = exercise_from_pmt(
                    data["pmt"],
                    chapter=data["chapter"],
                    title=data["title"],
                    prompt=data["prompt"],
                    xp_reward=data["xp_reward"],
                    publish=data["publish"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                for warning in data["pmt"].warnings:
                    messages.warning(request, warning)
                messages.success(
                    request, f"Exercice « {exercise.title} » importé : sa solution réussit tous ses tests."
                )
                return redirect(reverse("admin:exercises_exercise_change", args=[exercise.pk]))
        context = {**self.admin_site.each_context(request), "form": form, "title": "Importer un exercice"}
        return TemplateResponse(request, "admin/exercises/exercise/import_pmt.html", context)


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ("text", "exercise", "is_correct", "order")
    list_select_related = ("exercise",)


@admin.register(Hint)
class HintAdmin(admin.ModelAdmin):
    # Written inline on the exercise's page; listed here too, like every model of the portal.
    list_display = ("__str__", "exercise", "cost", "order")
    list_select_related = ("exercise",)


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("user", "exercise", "passed", "xp_awarded", "created_at")
    list_filter = ("passed",)
    list_select_related = ("user", "exercise")
    search_fields = ("user__username", "exercise__title")
    raw_id_fields = ("user", "exercise")
    # The server's verdict and the XP it gave are a record: changing them would not change the user's XP.
    readonly_fields = ("passed", "xp_awarded", "created_at")
    date_hierarchy = "created_at"


@admin.register(HintUse)
class HintUseAdmin(admin.ModelAdmin):
    list_display = ("user", "exercise", "hint", "cost", "created_at")
    list_select_related = ("user", "exercise", "hint")
    search_fields = ("user__username", "exercise__title")
    raw_id_fields = ("user", "hint", "exercise")
    # A record, like an attempt: what it cost was taken from the reward then.
    readonly_fields = ("cost", "created_at")
