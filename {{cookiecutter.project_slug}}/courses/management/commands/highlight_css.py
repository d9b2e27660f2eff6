"""manage.py highlight_css: write courses/static/courses/highlight.css from the Pygments styles.

Run it after changing LIGHT_STYLE or DARK_STYLE in courses/highlighting.py (or after upgrading
Pygments), then commit the file; courses/tests/test_highlighting.py fails while it is stale.
"""

from django.core.management.base import BaseCommand

from courses.highlighting import STYLESHEET, stylesheet


class Command(BaseCommand):
    help = "Régénère la feuille de style de la coloration du code (courses/static/courses/highlight.css)."

    def handle(self, *args, **options):
        STYLESHEET.write_text(stylesheet(), encoding="utf-8")
        self.stdout.write(f"Feuille de style écrite : {STYLESHEET}")
