"""manage.py seed_demo: demo courses, exercises, badges, a teacher, a class and students.

Re-runnable: it creates what is missing and leaves everything that exists alone. It never
deletes, never resets a password, and never edits a course a teacher may have changed.

With DEBUG off (production settings) it refuses to run: the demo password is written in
the repository. --allow-production gives each new account a random password instead,
printed once on the command's own output and nowhere else.

It lives in gamification, the app above all those it fills (tests/test_app_layers.py).
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Classroom, Enrollment
from courses.models import Chapter, ContentBlock, Course
from exercises.models import Choice, Exercise, Hint
from exercises.services import reveal_hint, submit_answer, validate_code, validate_sql
from gamification import demo_content
from gamification.models import Badge
from gamification.signals import demo_seeded


class Command(BaseCommand):
    help = "Ajoute des cours, exercices, badges, un professeur, une classe et des élèves de démonstration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Accepter de s'exécuter avec DEBUG désactivé : chaque nouveau compte reçoit alors un mot de passe "
            "aléatoire, affiché une seule fois.",
        )

    def handle(self, *args, allow_production=False, **options):
        production = not settings.DEBUG
        if production and not allow_production:
            raise CommandError(
                "seed_demo refuse de créer des comptes de démonstration en production (DEBUG désactivé) ; "
                "relancez avec --allow-production pour leur donner des mots de passe aléatoires."
            )
        # Printed once below; the accounts that already exist keep their password.
        self.new_passwords = {}
        self.random_passwords = production
        with transaction.atomic():
            created = self.seed_catalogue() + self.seed_badges()
            created += self.seed_people()
            created += self.seed_from_apps_above()
        self.stdout.write(self.style.SUCCESS(f"Données de démonstration : {created} objet(s) ajouté(s)."))
        self.stdout.write(f"Comptes : {demo_content.TEACHER[0]}, " + ", ".join(s[0] for s in demo_content.STUDENTS))
        if not self.random_passwords:
            self.stdout.write(f"Mot de passe de démonstration : {demo_content.DEMO_PASSWORD}")
        elif self.new_passwords:
            self.stdout.write("Mots de passe des nouveaux comptes (affichés une seule fois, notez-les) :")
            for username, password in self.new_passwords.items():
                self.stdout.write(f"  {username} : {password}")
        else:
            self.stdout.write("Aucun nouveau compte : les mots de passe existants sont inchangés.")

    def seed_catalogue(self) -> int:
        created = 0
        for order, (slug, title, level, summary, chapters) in enumerate(demo_content.COURSES):
            course, new = Course.objects.get_or_create(
                slug=slug,
                defaults={"title": title, "level": level, "summary": summary, "is_published": True, "order": order},
            )
            created += new
            for chapter_order, (chapter_slug, chapter_title, blocks, exercises) in enumerate(chapters):
                chapter, new = Chapter.objects.get_or_create(
                    course=course,
                    slug=chapter_slug,
                    defaults={"title": chapter_title, "is_published": True, "order": chapter_order},
                )
                created += new
                if new:
                    # Blocks only with a new chapter: an edited chapter keeps its own text.
                    for block_order, markdown in enumerate(blocks):
                        ContentBlock.objects.create(chapter=chapter, order=block_order, markdown=markdown)
                created += self.seed_exercises(chapter, exercises)
        return created

    def seed_exercises(self, chapter, exercises) -> int:
        created = 0
        for order, (title, prompt, kind, answers, xp) in enumerate(exercises):
            defaults = {"prompt": prompt, "kind": kind, "xp_reward": xp, "is_published": True, "order": order}
            if kind == Exercise.Kind.SHORT_ANSWER:
                defaults["accepted_answers"] = "\n".join(answers)
            elif kind in (Exercise.Kind.PYTHON, Exercise.Kind.SQL, Exercise.Kind.PARSONS):
                defaults.update(answers)
            try:
                # A Python exercise is saved like one written in the admin: its solution runs in
                # the sandbox against every test, which gives the expected values.
                exercise, new = Exercise.objects.get_or_create(chapter=chapter, title=title, defaults=defaults)
            except ValidationError as error:
                raise CommandError(
                    f"L'exercice « {title} » n'a pas pu être enregistré : {' '.join(error.messages)}"
                ) from None
            if new and kind == Exercise.Kind.QCM:
                for choice_order, (text, is_correct) in enumerate(answers):
                    Choice.objects.create(exercise=exercise, text=text, is_correct=is_correct, order=choice_order)
            if new:
                for hint_order, (text, cost) in enumerate(demo_content.HINTS.get(title, []), start=1):
                    Hint.objects.create(exercise=exercise, order=hint_order, text=text, cost=cost)
            created += new
        return created

    def seed_badges(self) -> int:
        created = 0
        for order, (code, name, description, icon, rule, threshold) in enumerate(demo_content.BADGES):
            defaults = {"name": name, "description": description, "icon": icon, "rule": rule, "threshold": threshold}
            created += Badge.objects.get_or_create(code=code, defaults={**defaults, "order": order})[1]
        return created

    def seed_people(self) -> int:
        roles = get_user_model().Role
        username, pseudo = demo_content.TEACHER
        teacher, created = self.demo_user(username, pseudo, roles.TEACHER)
        classroom = Classroom.objects.filter(teacher=teacher, name=demo_content.CLASSROOM).first()
        if classroom is None:
            classroom = Classroom.objects.create(teacher=teacher, name=demo_content.CLASSROOM)
            created += 1
        for index, (username, pseudo) in enumerate(demo_content.STUDENTS):
            student, new = self.demo_user(username, pseudo, roles.STUDENT)
            created += new
            created += Enrollment.objects.get_or_create(student=student, classroom=classroom)[1]
            if new:
                self.answer_some_exercises(student, count=index + 1)
                if index:
                    # Hints the class grid shows: each student but the first looked at one.
                    hinted = Exercise.objects.filter(is_published=True, hints__isnull=False).order_by("pk").first()
                    if hinted is not None:
                        reveal_hint(student, hinted)
        return created

    def seed_from_apps_above(self) -> int:
        """The apps above this one add their demo data to the demo class (teaching: work given)."""
        classroom = Classroom.objects.get(teacher__username=demo_content.TEACHER[0], name=demo_content.CLASSROOM)
        return sum(added or 0 for _, added in demo_seeded.send(sender=self.__class__, classroom=classroom))

    def demo_user(self, username, pseudo, role):
        user, new = get_user_model().objects.get_or_create(username=username, defaults={"pseudo": pseudo, "role": role})
        if new:
            if self.random_passwords:
                password = secrets.token_urlsafe(12)
                self.new_passwords[username] = password
            else:
                password = demo_content.DEMO_PASSWORD
            user.set_password(password)
            user.save(update_fields=["password"])
        return user, new

    def answer_some_exercises(self, student, count: int) -> None:
        """Attempts through the real service, so XP, levels and badges add up as in class."""
        exercises = Exercise.objects.filter(is_published=True).prefetch_related("choices").order_by("pk")[:count]
        for exercise in exercises:
            if exercise.kind == Exercise.Kind.QCM:
                correct = next(choice for choice in exercise.choices.all() if choice.is_correct)
                submit_answer(student, exercise, str(correct.pk))
            elif exercise.kind == Exercise.Kind.PYTHON:
                validate_code(student, exercise, exercise.solution)
            elif exercise.kind == Exercise.Kind.SQL:
                validate_sql(student, exercise, exercise.solution)
            else:
                submit_answer(student, exercise, exercise.accepted_answers.splitlines()[0])
