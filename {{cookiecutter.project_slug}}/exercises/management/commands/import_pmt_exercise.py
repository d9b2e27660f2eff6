"""manage.py import_pmt_exercise somme.py --chapter cours/chapitre: a pyodide-mkdocs-theme exercise."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from courses.models import Chapter
from exercises.pmt_format import parse_pmt, read_pmt_files
from exercises.pmt_import import exercise_from_pmt


def messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return error.messages


class Command(BaseCommand):
    help = (
        "Importe un exercice pyodide-mkdocs-theme (fichier .py à sections env, code, corr, tests, secrets, "
        "et son fichier _REM.md) comme exercice Python d'un chapitre. La solution est exécutée sur tous les "
        "tests : un test qu'elle ne réussit pas empêche l'import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="le fichier Python de l'exercice (par exemple somme.py)")
        parser.add_argument(
            "--rem", help="le fichier des remarques (par défaut, <exercice>_REM.md à côté du fichier, s'il existe)"
        )
        parser.add_argument("--chapter", required=True, help="le chapitre : <slug du cours>/<slug du chapitre>")
        parser.add_argument("--title", help="le titre de l'exercice (par défaut, le nom du fichier)")
        parser.add_argument("--prompt", help="un fichier Markdown : l'énoncé (dans PMT, il est dans la page)")
        parser.add_argument("--xp", type=int, default=10, help="les XP gagnés à la réussite (10 par défaut)")
        parser.add_argument("--publish", action="store_true", help="publier l'exercice tout de suite")

    def handle(self, *args, file, rem, chapter, title, prompt, xp, publish, **options):
        course_slug, _, chapter_slug = chapter.partition("/")
        found = Chapter.objects.filter(course__slug=course_slug, slug=chapter_slug).first()
        if found is None:
            raise CommandError(f"Chapitre introuvable : « {chapter} » (attendu : <slug du cours>/<slug du chapitre>).")
        if xp < 1:
            raise CommandError("--xp : au moins 1.")
        path = Path(file)
        try:
            if rem:
                pmt = parse_pmt(path.read_bytes(), rem=Path(rem).read_bytes(), name=path.name)
            else:
                pmt = read_pmt_files(path)
            statement = Path(prompt).read_text(encoding="utf-8") if prompt else ""
        except OSError as error:
            raise CommandError(f"Lecture impossible : {error.filename} ({error.strerror}).") from None
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from None
        for warning in pmt.warnings:
            self.stderr.write(self.style.WARNING(f"Attention : {warning}"))
        try:
            exercise = exercise_from_pmt(
                pmt,
                chapter=found,
                title=title or path.stem.replace("_", " ").capitalize(),
                prompt=statement,
                xp_reward=xp,
                publish=publish,
            )
        except ValidationError as error:
            raise CommandError("Exercice refusé : " + " ".join(messages_of(error))) from None
        state = "publié" if exercise.is_published else "non publié : publiez-le dans l'administration"
        self.stdout.write(self.style.SUCCESS(f"Exercice « {exercise.title} » importé ({state}), n°{exercise.pk}."))
        if not statement:
            self.stdout.write("Écrivez son énoncé dans l'administration : le fichier PMT n'en contient pas.")
