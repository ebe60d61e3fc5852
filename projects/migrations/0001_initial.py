"""The projects tables of migration 20251218_backend_updates_validation, ensured idempotently.

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
            name="Project",
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
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("active", "Active"),
                            ("on_hold", "On hold"),
                            ("completed", "Completed"),
                            ("cancelled", "Cancelled"),
                        ],
                        db_default="planned",
                        default="planned",
                        max_length=16,
                    ),
                ),
                ("target_date", models.DateField(blank=True, null=True)),
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
                "db_table": "project",
                "indexes": [
                    models.Index(fields=["user", "name"], name="ix_project_user_name"),
                    models.Index(fields=["user", "status"], name="ix_project_user_status"),
                    models.Index(
                        fields=["user", "target_date"], name="ix_project_user_target_date"
                    ),
                ],
            },
        ),
        EnsureCreateModel(
            name="Task",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=255)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("todo", "To do"),
                            ("in_progress", "In progress"),
                            ("blocked", "Blocked"),
                            ("done", "Done"),
                        ],
                        db_default="todo",
                        default="todo",
                        max_length=16,
                    ),
                ),
                ("due_date", models.DateField(blank=True, null=True)),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                ("completed_at", models.DateTimeField(blank=True, null=True)),
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
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "project_task",
                "indexes": [
                    models.Index(
                        fields=["user", "project", "status"],
                        name="ix_project_task_user_project_status",
                    ),
                    models.Index(fields=["user", "due_date"], name="ix_project_task_user_due_date"),
                    models.Index(
                        fields=["user", "project", "due_date"],
                        name="ix_project_task_user_project_due_date",
                    ),
                ],
            },
        ),
        EnsureCreateModel(
            name="TaskLog",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("logged_at", models.DateTimeField()),
                ("minutes_spent", models.PositiveIntegerField()),
                ("note", models.TextField(blank=True, default="")),
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
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "project_task_log",
                "indexes": [
                    models.Index(
                        fields=["user", "task", "logged_at"],
                        name="ix_project_task_log_user_task_logged_at",
                    ),
                    models.Index(
                        fields=["user", "logged_at"], name="ix_project_task_log_user_logged_at"
                    ),
                ],
            },
        ),
    ]
