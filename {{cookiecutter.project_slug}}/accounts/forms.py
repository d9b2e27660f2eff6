import unicodedata

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from . import services
from .models import PSEUDO_TAKEN, Classroom, User

USERNAME_TAKEN = "Cet identifiant est déjà utilisé par un autre compte."
PSEUDO_IS_USERNAME = "Votre pseudo ne peut pas être votre identifiant : tout le monde le verrait dans le classement."


class PublicNameRules:
    """Usernames and pseudos that cannot be mistaken for one another (ModelForm mixin).

    The pseudo is what other users see; the username is half of a credential. So a pseudo is
    nobody else's pseudo, username or teacher's name, nor one's own username, and a username
    is nobody's pseudo; case never makes two names different. The same message whether the
    name is a pseudo or a username: the form does not tell which accounts exist.
    """

    def clean_pseudo(self):
        # Same letters, same name: full-width letters, ligatures and repeated spaces folded.
        pseudo = " ".join(unicodedata.normalize("NFKC", self.cleaned_data.get("pseudo", "")).split())
        if pseudo and services.pseudo_taken(pseudo, self.instance.pk):
            raise ValidationError(PSEUDO_TAKEN, code="pseudo_taken")
        return pseudo

    def clean_username(self):
        parent = getattr(super(), "clean_username", None)
        username = parent() if parent else self.cleaned_data.get("username")
        if username and services.username_is_a_pseudo(username, self.instance.pk):
            raise ValidationError(USERNAME_TAKEN, code="username_taken")
        return username

    def clean(self):
        cleaned_data = super().clean()
        pseudo = cleaned_data.get("pseudo")
        username = cleaned_data.get("username", self.instance.username)
        if pseudo and username and pseudo.casefold() == username.casefold():
            self.add_error("pseudo", ValidationError(PSEUDO_IS_USERNAME, code="pseudo_is_username"))
        return cleaned_data


class SignUpForm(PublicNameRules, UserCreationForm):
    """Self sign-up always creates a student: teachers are promoted in the admin."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "pseudo", "first_name", "last_name", "email")
        labels = {"username": "Identifiant", "pseudo": "Pseudo (affiché dans le classement)"}
        help_texts = {"pseudo": "Vu par les autres élèves. Sans pseudo, vous apparaissez comme « Élève n° … »."}


class ProfileForm(PublicNameRules, forms.ModelForm):
    class Meta:
        model = User
        fields = ("pseudo", "first_name", "last_name", "email")
        help_texts = SignUpForm.Meta.help_texts


class JoinClassroomForm(forms.Form):
    code = forms.CharField(label="Code de la classe", max_length=16)


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ("name",)
