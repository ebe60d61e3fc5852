"""The skills tables of migration 20251218_backend_updates_validation, ensured idempotently.

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
            name="Skill",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("category", models.CharField(blank=True, default="", max_length=64)),
                ("description", models.TextField(blank=True, default="")),
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
                "db_table": "skill",
                "indexes": [
                    models.Index(fields=["user", "category"], name="ix_skill_user_category")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("user", "name"), name="ux_skill_user_name")
                ],
            },
        ),
        EnsureCreateModel(
            name="PracticeSession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("practiced_at", models.DateTimeField()),
                ("duration_minutes", models.PositiveIntegerField()),
                ("notes", models.TextField(blank=True, default="")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "skill",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="skills.skill",
                    ),
                ),
            ],
            options={
                "db_table": "skill_practice_session",
                "indexes": [
                    models.Index(
                        fields=["user", "practiced_at"], name="ix_skill_session_user_practiced_at"
                    ),
                    models.Index(
                        fields=["skill", "practiced_at"], name="ix_skill_session_skill_practiced_at"
                    ),
                ],
            },
        ),
        EnsureCreateModel(
            name="Metric",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("value", models.DecimalField(decimal_places=4, max_digits=12)),
                ("unit", models.CharField(blank=True, default="", max_length=32)),
                ("recorded_at", models.DateTimeField()),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "skill",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="metrics",
                        to="skills.skill",
                    ),
                ),
            ],
            options={
                "db_table": "skill_metric",
            },
        ),
    ]
