"""Badge icons become the names of the SVG pictures shipped with the project, not emoji.

The demo's emoji (and the old default) map to the matching picture; any other emoji a teacher
chose becomes the medal, which the admin can change.
"""

from django.db import migrations, models

EMOJI_TO_PICTURE = {"🏅": "medaille", "🚀": "fusee", "💪": "force", "⭐": "etoile", "🏆": "trophee", "📚": "livre", "⚡": "eclair", "🎯": "cible"}
PICTURES = set(EMOJI_TO_PICTURE.values())


def to_pictures(apps, schema_editor):
    Badge = apps.get_model("gamification", "Badge")
    for badge in Badge.objects.exclude(icon__in=PICTURES):
        badge.icon = EMOJI_TO_PICTURE.get(badge.icon.strip(), "medaille")
        badge.save(update_fields=["icon"])


def to_emoji(apps, schema_editor):
    Badge = apps.get_model("gamification", "Badge")
    picture_to_emoji = {picture: emoji for emoji, picture in EMOJI_TO_PICTURE.items()}
    for badge in Badge.objects.all():
        badge.icon = picture_to_emoji.get(badge.icon, "🏅")
        badge.save(update_fields=["icon"])


class Migration(migrations.Migration):
    dependencies = [("gamification", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="badge",
            name="icon",
            field=models.CharField(
                choices=[
                    ("medaille", "Médaille"),
                    ("fusee", "Fusée"),
                    ("force", "Haltère"),
                    ("etoile", "Étoile"),
                    ("trophee", "Trophée"),
                    ("livre", "Livre"),
                    ("eclair", "Éclair"),
                    ("cible", "Cible"),
                ],
                default="medaille",
                max_length=20,
                verbose_name="icône",
            ),
        ),
        migrations.RunPython(to_pictures, to_emoji),
    ]
