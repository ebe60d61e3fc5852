"""The projects domain: projects, tasks and time logged on them."""

from django.db import models
from django.db.models.functions import Now

from lifeos.querysets import UserScopedModel


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class TaskStatus(models.TextChoices):
    TODO = "todo", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    DONE = "done", "Done"


class Project(UserScopedModel):
    """A project with a status and a target date."""

    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=16,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNED,
        db_default="planned",
    )
    target_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "project"
        indexes = [
            # Project list: WHERE user_id = %s ORDER BY name.
            models.Index(fields=["user", "name"], name="ix_project_user_name"),
            # Board columns: WHERE user_id = %s AND status = %s.
            models.Index(fields=["user", "status"], name="ix_project_user_status"),
            # Deadlines: WHERE user_id = %s AND target_date <= %s ORDER BY target_date.
            models.Index(fields=["user", "target_date"], name="ix_project_user_target_date"),
        ]

    def __str__(self):
        return self.name


class Task(UserScopedModel):
    """A task inside a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=255)
    status = models.CharField(
        max_length=16, choices=TaskStatus.choices, default=TaskStatus.TODO, db_default="todo"
    )
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "project_task"
        indexes = [
            # A project's board: WHERE user_id = %s AND project_id = %s AND status = %s.
            models.Index(
                fields=["user", "project", "status"], name="ix_project_task_user_project_status"
            ),
            # Everything due soon: WHERE user_id = %s AND due_date <= %s ORDER BY due_date.
            models.Index(fields=["user", "due_date"], name="ix_project_task_user_due_date"),
            # A project's deadlines: WHERE user_id = %s AND project_id = %s ORDER BY due_date.
            models.Index(
                fields=["user", "project", "due_date"], name="ix_project_task_user_project_due_date"
            ),
        ]

    def __str__(self):
        return self.title


class TaskLog(UserScopedModel):
    """Minutes spent on a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="logs")
    logged_at = models.DateTimeField()
    minutes_spent = models.PositiveIntegerField()
    note = models.TextField(blank=True, default="")

    class Meta:
        db_table = "project_task_log"
        indexes = [
            # A task's activity: WHERE user_id = %s AND task_id = %s ORDER BY logged_at.
            models.Index(
                fields=["user", "task", "logged_at"], name="ix_project_task_log_user_task_logged_at"
            ),
            # A user's time sheet: WHERE user_id = %s AND logged_at BETWEEN ...
            models.Index(fields=["user", "logged_at"], name="ix_project_task_log_user_logged_at"),
        ]

    def __str__(self):
        return f"{self.task_id}: {self.minutes_spent} min"
