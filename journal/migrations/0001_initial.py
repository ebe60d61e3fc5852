import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

import lifeos.fields
from lifeos.schema.operations import EnsureCreateModel


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        EnsureCreateModel(
            name="Entry",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(blank=True, max_length=255, null=True)),
                ("content", models.TextField(blank=True, editable=False, null=True)),
                ("mood", models.CharField(blank=True, editable=False, max_length=32, null=True)),
                ("mood_int", models.IntegerField(blank=True, null=True)),
                ("body", models.TextField(blank=True, db_default="", default="")),
                (
                    "tags",
                    lifeos.fields.LegacyJSONField(
                        blank=True, db_default=models.Value("[]"), default=list
                    ),
                ),
                ("entry_date", models.DateField(db_default=lifeos.fields.CurrentDate())),
                ("is_private", models.BooleanField(db_default=True, default=True)),
                (
                    "sentiment_score",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
                ),
                ("emotion_label", models.CharField(blank=True, max_length=64, null=True)),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "updated_at",
                    lifeos.fields.UTCDateTimeField(
                        auto_now=True, db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "diary entry",
                "verbose_name_plural": "diary entries",
                "db_table": "journal_entry",
                "indexes": [
                    models.Index(
                        fields=["user", "entry_date"], name="ix_journal_entry_user_entry_date"
                    ),
                    models.Index(
                        fields=["user", "created_at"], name="ix_journal_entry_user_created_at"
                    ),
                    models.Index(fields=["user", "mood_int"], name="ix_journal_entry_user_mood"),
                ],
            },
        ),
    ]
