"""The projects domain: projects, tasks and time logged on them."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now

from lifeos.fields import UTCDateTimeField
from lifeos.querysets import OwnedThroughParentModel, UserScopedModel


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"
    COMPLETED = "completed", "Completed"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    BLOCKED = "blocked", "Blocked"
    ARCHIVED = "archived", "Archived"


def _legacy_owner():
    """A legacy nullable ``user_id`` without a foreign key (the original's 20251215 added it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        db_constraint=False,
    )


class Project(UserScopedModel):
    """A project with a status and a target date."""

    name = models.CharField(max_length=255)
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    status = models.CharField(
        max_length=32, choices=ProjectStatus.choices, default="active", db_default="active"
    )
    target_date = models.DateField(null=True, blank=True)
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    updated_at = UTCDateTimeField(auto_now=True, null=True, db_default=Now())

    class Meta:
        db_table = "project"
        indexes = [
            # A user's projects by name: WHERE user_id = %s ORDER BY name.
            models.Index(fields=["user", "name"], name="ix_project_user_name"),
            # A user's active projects: WHERE user_id = %s AND status = %s.
            models.Index(fields=["user", "status"], name="ix_project_user_status"),
            # Upcoming deadlines: WHERE user_id = %s ORDER BY target_date.
            models.Index(fields=["user", "target_date"], name="ix_project_user_target_date"),
        ]

    def __str__(self):
        return self.name


class Task(OwnedThroughParentModel):
    """A task inside a project (owned by the project's user)."""

    owner_parent = "project"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    user = _legacy_owner()
    title = models.CharField(max_length=255)
    status = models.CharField(
        max_length=32, choices=TaskStatus.choices, default="open", db_default="open"
    )
    due_date = models.DateField(null=True, blank=True)
    priority = models.IntegerField(null=True, blank=True)
    notes = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    updated_at = UTCDateTimeField(auto_now=True, null=True, db_default=Now())
    completed_at = UTCDateTimeField(null=True, blank=True)

    class Meta:
        db_table = "project_task"
        indexes = [
            # A project's board: WHERE user_id = %s AND project_id = %s AND status = %s.
            models.Index(
                fields=["user", "project", "status"], name="ix_project_task_user_project_status"
            ),
            # Everything due soon: WHERE user_id = %s AND due_date <= %s.
            models.Index(fields=["user", "due_date"], name="ix_project_task_user_due_date"),
            # A project's deadlines: WHERE user_id = %s AND project_id = %s ORDER BY due_date.
            models.Index(
                fields=["user", "project", "due_date"], name="ix_project_task_user_project_due_date"
            ),
        ]

    def __str__(self):
        return self.title


class TaskLog(OwnedThroughParentModel):
    """A note, status snapshot and minutes spent on a task."""

    owner_parent = "task"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="logs")
    user = _legacy_owner()
    note = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    logged_at = UTCDateTimeField(db_default=Now())
    status_snapshot = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    created_at = UTCDateTimeField(null=True, db_default=Now(), editable=False)
    minutes_spent = models.IntegerField(default=0, db_default=0)

    class Meta:
        db_table = "project_task_log"
        indexes = [
            # A task's history: WHERE user_id = %s AND task_id = %s ORDER BY logged_at.
            models.Index(
                fields=["user", "task", "logged_at"], name="ix_project_task_log_user_task_logged_at"
            ),
            # A user's recent work: WHERE user_id = %s AND logged_at >= %s.
            models.Index(fields=["user", "logged_at"], name="ix_project_task_log_user_logged_at"),
        ]

    def __str__(self):
        return f"{self.task}: {self.minutes_spent} min"
