"""The habits tables of migration 20251218_backend_updates_validation, ensured idempotently.

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
            name="Habit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("description", models.TextField(blank=True, default="")),
                (
                    "frequency",
                    models.CharField(
                        choices=[("daily", "Daily"), ("weekly", "Weekly")],
                        db_default="daily",
                        default="daily",
                        max_length=16,
                    ),
                ),
                ("target_per_period", models.PositiveIntegerField(db_default=1, default=1)),
                (
                    "domain_link",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("finance", "Finance"),
                            ("journal", "Journal"),
                            ("health", "Health"),
                            ("skills", "Skills"),
                            ("projects", "Projects"),
                            ("relationships", "Relationships"),
                        ],
                        max_length=32,
                        null=True,
                    ),
                ),
                ("is_active", models.BooleanField(db_default=True, default=True)),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
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
                "db_table": "habits_habit",
                "indexes": [
                    models.Index(
                        fields=["user", "domain_link"], name="ix_habits_habit_user_domain_link"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "name"), name="ux_habits_habit_user_name"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("target_per_period__gte", 1)),
                        name="ck_habits_habit_target_positive",
                    ),
                ],
            },
        ),
        EnsureCreateModel(
            name="HabitLog",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("logged_date", models.DateField()),
                ("count", models.PositiveIntegerField(db_default=1, default=1)),
                ("note", models.TextField(blank=True, default="")),
                (
                    "habit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="logs",
                        to="habits.habit",
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
                "db_table": "habits_habit_log",
                "indexes": [
                    models.Index(
                        fields=["user", "logged_date"], name="ix_habits_log_user_logged_date"
                    ),
                    models.Index(
                        fields=["habit", "logged_date"], name="ix_habits_log_habit_logged_date"
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("count__gte", 1)),
                        name="ck_habits_habit_log_count_min_1",
                    )
                ],
            },
        ),
    ]
