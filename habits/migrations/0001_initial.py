import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

import lifeos.fields
from lifeos.schema.operations import EnsureAddConstraint, EnsureAddIndex, EnsureCreateModel


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
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("description", models.TextField(blank=True, null=True)),
                ("domain_link", models.CharField(blank=True, max_length=64, null=True)),
                (
                    "schedule_type",
                    models.CharField(db_default="daily", default="daily", max_length=32),
                ),
                ("target_count", models.IntegerField(blank=True, null=True)),
                ("time_of_day", models.CharField(blank=True, max_length=32, null=True)),
                ("difficulty", models.CharField(blank=True, max_length=32, null=True)),
                ("is_active", models.BooleanField(db_default=True, default=True)),
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
                "db_table": "habits_habit",
            },
        ),
        EnsureCreateModel(
            name="HabitLog",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "value",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
                ),
                ("note", models.TextField(blank=True, null=True)),
                ("logged_date", models.DateField(db_default=lifeos.fields.CurrentDate())),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
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
            },
        ),
        EnsureAddIndex(
            model_name="habit",
            index=models.Index(
                fields=["user", "domain_link"], name="ix_habits_habit_user_domain_link"
            ),
        ),
        EnsureAddConstraint(
            model_name="habit",
            constraint=models.UniqueConstraint(
                fields=("user", "name"), name="ux_habits_habit_user_name"
            ),
        ),
        EnsureAddIndex(
            model_name="habitlog",
            index=models.Index(
                fields=["user", "logged_date"], name="ix_habits_log_user_logged_date"
            ),
        ),
        EnsureAddIndex(
            model_name="habitlog",
            index=models.Index(
                fields=["habit", "logged_date"], name="ix_habits_log_habit_logged_date"
            ),
        ),
    ]
