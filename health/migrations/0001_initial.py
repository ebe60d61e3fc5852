"""The health tables of migration 20251218_backend_updates_validation, ensured idempotently.

Each EnsureCreateModel creates its table with its named indexes and constraints
when the table is missing, and otherwise adds only the columns, constraints and
indexes an existing table lacks, keeping every row. Reversing it keeps the tables.
"""

import django.db.models.deletion
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
            name="Biometric",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField()),
                (
                    "weight_kg",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True),
                ),
                (
                    "body_fat_pct",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
                ),
                ("resting_hr", models.PositiveSmallIntegerField(blank=True, null=True)),
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
                "db_table": "health_biometric",
                "indexes": [
                    models.Index(fields=["user", "date"], name="ix_health_biometric_user_date")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("body_fat_pct__isnull", True),
                            models.Q(("body_fat_pct__gte", 0), ("body_fat_pct__lte", 100)),
                            _connector="OR",
                        ),
                        name="ck_health_biometric_body_fat_pct_0_100",
                    )
                ],
            },
        ),
        EnsureCreateModel(
            name="NutritionLog",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField()),
                (
                    "meal",
                    models.CharField(
                        choices=[
                            ("breakfast", "Breakfast"),
                            ("lunch", "Lunch"),
                            ("dinner", "Dinner"),
                            ("snack", "Snack"),
                        ],
                        max_length=16,
                    ),
                ),
                ("description", models.TextField(blank=True, default="")),
                ("calories", models.PositiveIntegerField(blank=True, null=True)),
                ("quality_score", models.PositiveSmallIntegerField(blank=True, null=True)),
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
                "db_table": "health_nutrition_log",
                "indexes": [
                    models.Index(fields=["user", "date"], name="ix_health_nutrition_log_user_date")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("quality_score__isnull", True),
                            models.Q(("quality_score__gte", 1), ("quality_score__lte", 10)),
                            _connector="OR",
                        ),
                        name="ck_health_nutrition_log_quality_1_10",
                    )
                ],
            },
        ),
        EnsureCreateModel(
            name="Workout",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField()),
                ("workout_type", models.CharField(max_length=64)),
                ("duration_minutes", models.PositiveIntegerField()),
                (
                    "intensity",
                    models.CharField(
                        choices=[("low", "Low"), ("moderate", "Moderate"), ("high", "High")],
                        db_default="moderate",
                        default="moderate",
                        max_length=16,
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
                "db_table": "health_workout",
                "indexes": [
                    models.Index(fields=["user", "date"], name="ix_health_workout_user_date")
                ],
            },
        ),
    ]
