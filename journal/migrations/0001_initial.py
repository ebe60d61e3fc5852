"""The journal tables of migration 20251218_backend_updates_validation, ensured idempotently.

Each EnsureCreateModel creates its table with its named indexes and constraints
when the table is missing, and otherwise adds only the columns, constraints and
indexes an existing table lacks, keeping every row. Reversing it keeps the tables.
"""

import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

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
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entry_date", models.DateField()),
                ("title", models.CharField(blank=True, default="", max_length=255)),
                ("body", models.TextField(blank=True, default="")),
                (
                    "mood",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "1 - awful"),
                            (2, "2 - low"),
                            (3, "3 - okay"),
                            (4, "4 - good"),
                            (5, "5 - great"),
                        ],
                        null=True,
                    ),
                ),
                ("tags", models.JSONField(blank=True, default=list)),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
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
                    models.Index(fields=["user", "mood"], name="ix_journal_entry_user_mood"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("mood__isnull", True),
                            models.Q(("mood__gte", 1), ("mood__lte", 5)),
                            _connector="OR",
                        ),
                        name="ck_journal_entry_mood_1_5",
                    )
                ],
            },
        ),
    ]
