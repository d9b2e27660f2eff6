from django import forms
from django.contrib.auth.forms import UserCreationForm

from .models import Classroom, User


class SignUpForm(UserCreationForm):
    """Self sign-up always creates a student: teachers are promoted in the admin."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "pseudo", "first_name", "last_name", "email")
        labels = {"username": "Identifiant", "pseudo": "Pseudo (affiché dans le classement)"}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("pseudo", "first_name", "last_name", "email")


class JoinClassroomForm(forms.Form):
    code = forms.CharField(label="Code de la classe", max_length=16)


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ("name",)
