import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

import lifeos.fields
from lifeos.schema.operations import EnsureAddIndex, EnsureCreateModel


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        EnsureCreateModel(
            name="Project",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("description", models.TextField(blank=True, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("active", "Active"),
                            ("archived", "Archived"),
                            ("completed", "Completed"),
                        ],
                        db_default="active",
                        default="active",
                        max_length=32,
                    ),
                ),
                ("target_date", models.DateField(blank=True, null=True)),
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
                "db_table": "project",
            },
        ),
        EnsureCreateModel(
            name="Task",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=255)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("in_progress", "In progress"),
                            ("completed", "Completed"),
                            ("blocked", "Blocked"),
                            ("archived", "Archived"),
                        ],
                        db_default="open",
                        default="open",
                        max_length=32,
                    ),
                ),
                ("due_date", models.DateField(blank=True, null=True)),
                ("priority", models.IntegerField(blank=True, null=True)),
                ("notes", models.TextField(blank=True, null=True)),
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
                ("completed_at", lifeos.fields.UTCDateTimeField(blank=True, null=True)),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tasks",
                        to="projects.project",
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
            ],
            options={
                "db_table": "project_task",
            },
        ),
        EnsureCreateModel(
            name="TaskLog",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.TextField(blank=True, null=True)),
                (
                    "logged_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
                ("status_snapshot", models.CharField(blank=True, max_length=32, null=True)),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(),
                        editable=False,
                        null=True,
                    ),
                ),
                ("minutes_spent", models.IntegerField(db_default=0, default=0)),
                (
                    "task",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="logs",
                        to="projects.task",
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
            ],
            options={
                "db_table": "project_task_log",
            },
        ),
        EnsureAddIndex(
            model_name="project",
            index=models.Index(fields=["user", "name"], name="ix_project_user_name"),
        ),
        EnsureAddIndex(
            model_name="project",
            index=models.Index(fields=["user", "status"], name="ix_project_user_status"),
        ),
        EnsureAddIndex(
            model_name="project",
            index=models.Index(fields=["user", "target_date"], name="ix_project_user_target_date"),
        ),
        EnsureAddIndex(
            model_name="task",
            index=models.Index(
                fields=["user", "project", "status"], name="ix_project_task_user_project_status"
            ),
        ),
        EnsureAddIndex(
            model_name="task",
            index=models.Index(fields=["user", "due_date"], name="ix_project_task_user_due_date"),
        ),
        EnsureAddIndex(
            model_name="task",
            index=models.Index(
                fields=["user", "project", "due_date"], name="ix_project_task_user_project_due_date"
            ),
        ),
        EnsureAddIndex(
            model_name="tasklog",
            index=models.Index(
                fields=["user", "task", "logged_at"], name="ix_project_task_log_user_task_logged_at"
            ),
        ),
        EnsureAddIndex(
            model_name="tasklog",
            index=models.Index(
                fields=["user", "logged_at"], name="ix_project_task_log_user_logged_at"
            ),
        ),
    ]
