from django import forms
from django.contrib import admin

from .models import Attempt, Choice, Exercise

CODE_FIELDS = ("setup_code", "starter_code", "public_tests", "private_tests", "solution")


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class ExerciseForm(forms.ModelForm):
    """Saving a Python exercise runs its solution in the sandbox against every test
    (Exercise.clean): a failing test is shown on its field, in French, and nothing is saved."""

    class Meta:
        model = Exercise
        fields = (
            *("chapter", "title", "kind", "prompt", "xp_reward", "is_published", "order", "accepted_answers"),
            *("starter_code", "public_tests", "private_tests", "solution", "remarks", "setup_code", "max_validations"),
        )
        widgets = {
            name: forms.Textarea(attrs={"rows": 8, "cols": 90, "spellcheck": "false", "class": "vLargeTextField code"})
            for name in CODE_FIELDS
        }


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    form = ExerciseForm
    list_display = ("title", "chapter", "kind", "xp_reward", "is_published", "order")
    list_editable = ("is_published", "order")
    list_filter = ("kind", "is_published", "chapter__course")
    list_select_related = ("chapter",)
    search_fields = ("title", "prompt")
    inlines = [ChoiceInline]
    fieldsets = [
        (None, {"fields": ("chapter", "title", "kind", "prompt", "xp_reward", "is_published", "order")}),
        ("Réponse courte", {"fields": ("accepted_answers",)}),
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
                    "remarks",
                    "setup_code",
                    "max_validations",
                ),
            },
        ),
    ]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ("text", "exercise", "is_correct", "order")
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
