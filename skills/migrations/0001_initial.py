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
            name="Skill",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("category", models.CharField(blank=True, max_length=128, null=True)),
                (
                    "level",
                    models.CharField(db_default="beginner", default="beginner", max_length=32),
                ),
                ("difficulty", models.CharField(blank=True, max_length=32, null=True)),
                ("target_level", models.IntegerField(blank=True, null=True)),
                ("current_level", models.IntegerField(blank=True, null=True)),
                ("description", models.TextField(blank=True, null=True)),
                (
                    "tags",
                    lifeos.fields.LegacyJSONField(
                        blank=True, db_default=models.Value("[]"), default=list, null=True
                    ),
                ),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "updated_at",
                    lifeos.fields.UTCDateTimeField(
                        auto_now=True,
                        db_default=django.db.models.functions.datetime.Now(),
                        null=True,
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
            },
        ),
        EnsureCreateModel(
            name="PracticeSession",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("duration_minutes", models.IntegerField(db_default=0, default=0)),
                ("intensity", models.IntegerField(blank=True, null=True)),
                ("notes", models.TextField(blank=True, null=True)),
                (
                    "practiced_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(),
                        editable=False,
                        null=True,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
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
            },
        ),
        EnsureCreateModel(
            name="Metric",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=128)),
                ("value", models.DecimalField(decimal_places=2, max_digits=10)),
                (
                    "recorded_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
                ("unit", models.CharField(blank=True, db_default="", default="", max_length=32)),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
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
        EnsureAddIndex(
            model_name="skill",
            index=models.Index(fields=["user", "category"], name="ix_skill_user_category"),
        ),
        EnsureAddConstraint(
            model_name="skill",
            constraint=models.UniqueConstraint(fields=("user", "name"), name="ux_skill_user_name"),
        ),
        EnsureAddIndex(
            model_name="practicesession",
            index=models.Index(
                fields=["user", "practiced_at"], name="ix_skill_session_user_practiced_at"
            ),
        ),
        EnsureAddIndex(
            model_name="practicesession",
            index=models.Index(
                fields=["skill", "practiced_at"], name="ix_skill_session_skill_practiced_at"
            ),
        ),
    ]
