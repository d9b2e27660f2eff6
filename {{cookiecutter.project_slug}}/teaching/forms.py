"""The form a teacher fills to hand out a course or a chapter."""

import datetime

from django import forms

from courses.models import Chapter, Course


def work_choices() -> list:
    """Published courses, and their published chapters grouped under each (two queries)."""
    courses = list(Course.objects.filter(is_published=True))
    chapters = Chapter.objects.filter(is_published=True, course__is_published=True).order_by("order", "pk")
    by_course = {}
    for chapter in chapters:
        by_course.setdefault(chapter.course_id, []).append((f"chapitre-{chapter.pk}", f"Chapitre : {chapter.title}"))
    return [
        (course.title, [(f"cours-{course.pk}", f"Tout le cours « {course.title} »"), *by_course.get(course.pk, [])])
        for course in courses
    ]


class AssignmentForm(forms.Form):
    work = forms.ChoiceField(label="Cours ou chapitre")
    due_date = forms.DateField(
        label="À faire pour le (facultatif)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work"].choices = work_choices()

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due is not None and not (datetime.date(2000, 1, 1) <= due <= datetime.date(2100, 1, 1)):
            raise forms.ValidationError("Cette date n'est pas vraisemblable.")
        return due

    def clean(self):
        data = super().clean()
        kind, _, pk = data.get("work", "").partition("-")
        model = {"cours": Course, "chapitre": Chapter}.get(kind)
        found = (
            model.objects.filter(pk=pk, is_published=True).first() if model and pk.isascii() and pk.isdigit() else None
        )
        if "work" in data and found is None:
            self.add_error("work", "Ce cours ou ce chapitre n'est pas (ou plus) publié.")
        else:
            data["course" if kind == "cours" else "chapter"] = found
        return data
