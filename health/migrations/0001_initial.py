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
            name="Biometric",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(db_default=lifeos.fields.CurrentDate())),
                (
                    "weight",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                (
                    "body_fat_pct",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
                ),
                ("resting_hr", models.IntegerField(blank=True, null=True)),
                ("energy_level", models.IntegerField(blank=True, null=True)),
                ("stress_level", models.IntegerField(blank=True, null=True)),
                ("notes", models.TextField(blank=True, null=True)),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "metric",
                    models.CharField(
                        blank=True, db_default="", default="", max_length=64, null=True
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        blank=True,
                        db_default=0,
                        decimal_places=2,
                        default=0,
                        max_digits=10,
                        null=True,
                    ),
                ),
                (
                    "recorded_at",
                    lifeos.fields.UTCDateTimeField(
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
                "db_table": "health_biometric",
                "indexes": [
                    models.Index(fields=["user", "date"], name="ix_health_biometric_user_date")
                ],
            },
        ),
        EnsureCreateModel(
            name="NutritionLog",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(db_default=lifeos.fields.CurrentDate())),
                (
                    "meal_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("breakfast", "Breakfast"),
                            ("lunch", "Lunch"),
                            ("dinner", "Dinner"),
                            ("snack", "Snack"),
                            ("other", "Other"),
                        ],
                        max_length=32,
                        null=True,
                    ),
                ),
                ("items", models.TextField(blank=True, null=True)),
                (
                    "calories_est",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                ("quality_score", models.IntegerField(blank=True, null=True)),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "meal",
                    models.CharField(
                        blank=True, db_default="", default="", max_length=128, null=True
                    ),
                ),
                (
                    "calories",
                    models.DecimalField(
                        blank=True,
                        db_default=0,
                        decimal_places=2,
                        default=0,
                        max_digits=10,
                        null=True,
                    ),
                ),
                (
                    "protein",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                (
                    "carbs",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                (
                    "fat",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                (
                    "logged_at",
                    lifeos.fields.UTCDateTimeField(
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
                "db_table": "health_nutrition_log",
                "indexes": [
                    models.Index(fields=["user", "date"], name="ix_health_nutrition_log_user_date")
                ],
            },
        ),
        EnsureCreateModel(
            name="Workout",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(db_default=lifeos.fields.CurrentDate())),
                ("workout_type", models.CharField(blank=True, max_length=64, null=True)),
                ("duration_minutes", models.IntegerField(db_default=0, default=0)),
                (
                    "intensity",
                    models.CharField(
                        blank=True,
                        choices=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
                        max_length=16,
                        null=True,
                    ),
                ),
                (
                    "calories_est",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                ("notes", models.TextField(blank=True, null=True)),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "activity",
                    models.CharField(
                        blank=True, db_default="", default="", max_length=128, null=True
                    ),
                ),
                (
                    "calories",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                (
                    "performed_at",
                    lifeos.fields.UTCDateTimeField(
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
                "db_table": "health_workout",
                "indexes": [
                    models.Index(fields=["user", "date"], name="ix_health_workout_user_date")
                ],
            },
        ),
    ]
