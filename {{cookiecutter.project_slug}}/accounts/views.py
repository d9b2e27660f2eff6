"""Sign-up and classes. None of these pages is cached: they are per user and rare.

The profile page shows XP, badges and attempts too: it lives in gamification.views, which may
read them (accounts imports no app above it).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from throttling import guard

from . import selectors, services
from .forms import ClassroomForm, JoinClassroomForm, SignUpForm

NAME_TAKEN_MEANWHILE = "Ce pseudo ou cet identifiant vient d'être pris par un autre compte : choisissez-en un autre."


def save_unless_taken(form):
    """Save a valid sign-up or profile form; None, with the form's error, if a name was taken meanwhile.

    The form checks that the pseudo and username are free, but two requests can pass that check
    at the same moment: the database's unique constraints decide, and the loser gets the form
    back with the same French message instead of a 500.
    """
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.add_error(None, NAME_TAKEN_MEANWHILE)
        return None


def report_errors(request, form) -> None:
    """A form posted from a page that only redirects: its errors become messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def signup(request):
    if request.user.is_authenticated:
        return redirect("courses:list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (user := save_unless_taken(form)) is not None:
        # Accounts created count against this address (throttling/rules.py: "signup").
        guard.count("signup", request)
        login(request, user, backend="accounts.backends.CachedUserBackend")
        messages.success(request, "Bienvenue ! Votre compte est créé.")
        return redirect("courses:list")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def classrooms(request):
    if request.user.is_teacher:
        context = {"taught": selectors.classrooms_taught(request.user), "form": ClassroomForm()}
    else:
        context = {"joined": selectors.classrooms_joined(request.user), "form": JoinClassroomForm()}
    return render(request, "accounts/classrooms.html", context)


@login_required
@require_POST
def join_classroom(request):
    form = JoinClassroomForm(request.POST)
    if form.is_valid():
        try:
            classroom = services.join_classroom(request.user, form.cleaned_data["code"])
        except services.JoinError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Vous avez rejoint la classe « {classroom} ».")
    else:
        report_errors(request, form)
    return redirect("classes:list")


@login_required
@require_POST
def create_classroom(request):
    if not request.user.is_teacher:
        raise PermissionDenied
    form = ClassroomForm(request.POST)
    if form.is_valid():
        classroom = services.create_classroom(request.user, form.cleaned_data["name"])
        messages.success(request, f"Classe créée. Code à donner aux élèves : {classroom.join_code}")
        return redirect(classroom)
    report_errors(request, form)
    return redirect("classes:list")
