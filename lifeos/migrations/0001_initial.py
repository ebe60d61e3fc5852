import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

import lifeos.fields
import lifeos.models
from lifeos.schema.operations import EnsureAddConstraint, EnsureCreateModel


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        EnsureCreateModel(
            name="User",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.CharField(max_length=255)),
                ("password", models.CharField(db_column="password_hash", max_length=255)),
                ("full_name", models.CharField(blank=True, max_length=255, null=True)),
                ("timezone", models.CharField(blank=True, max_length=64, null=True)),
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
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                ("last_login", lifeos.fields.UTCDateTimeField(blank=True, null=True)),
                ("is_staff", models.BooleanField(db_default=False, default=False)),
                ("is_superuser", models.BooleanField(db_default=False, default=False)),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
                (
                    "user_permissions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Specific permissions for this user.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.permission",
                        verbose_name="user permissions",
                    ),
                ),
            ],
            options={
                "db_table": "user",
                "ordering": ["email"],
            },
            managers=[
                ("objects", lifeos.models.UserManager()),
            ],
        ),
        EnsureCreateModel(
            name="OnboardingMilestone",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=64)),
                ("message", models.CharField(max_length=255)),
                (
                    "achieved_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="onboarding_milestones",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "lifeos_onboarding_milestone",
                "ordering": ["achieved_at", "id"],
            },
        ),
        EnsureAddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(fields=("email",), name="ix_user_email"),
        ),
        EnsureAddConstraint(
            model_name="onboardingmilestone",
            constraint=models.UniqueConstraint(
                fields=("user", "key"), name="ux_lifeos_onboarding_milestone_user_key"
            ),
        ),
    ]
