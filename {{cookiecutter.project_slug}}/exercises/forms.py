"""The answer form: what a student may send for one exercise, checked before anything is recorded."""

from django import forms

from accounts.validators import refuse_control_characters

from .models import Exercise
from .services import MAX_ANSWER_LENGTH


class AnswerForm(forms.Form):
    """One exercise's answer: a choice among its own propositions (QCM), or a short text.

    A value the page could not have sent (a digit that int() refuses such as "²", another
    exercise's choice, a NUL byte, a text longer than the cap) is a form error in French,
    never an exception and never an attempt.
    """

    def __init__(self, exercise: Exercise, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        if exercise.kind == Exercise.Kind.QCM:
            # The prefetched choices of selectors.published_exercise: no extra query.
            self.fields["answer"] = forms.ChoiceField(
                choices=[(str(choice.pk), choice.text) for choice in exercise.choices.all()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Choisissez une réponse.",
                    "invalid_choice": "Cette réponse ne fait pas partie des propositions de l'exercice.",
                },
            )
        else:
            self.fields["answer"] = forms.CharField(
                max_length=MAX_ANSWER_LENGTH,
                validators=[refuse_control_characters],
                error_messages={
                    "required": "Écrivez une réponse.",
                    "max_length": f"Une réponse compte au plus {MAX_ANSWER_LENGTH} caractères.",
                },
            )
