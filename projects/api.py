"""Projects over JSON: projects with their progress, their tasks, time logged on tasks.

Thin endpoints over ``projects.services`` and ``projects.selectors``: they
parse, call one function and serialize. Bad input is a 400 naming the field
(``ProjectsValidationError``); a missing or another user's id is a 404.
"""

import datetime

from ninja import Router, Schema

from lifeos.api import Id, OptionalDateText, OptionalText, Text, sent_fields
from projects import selectors, services

router = Router(tags=["projects"])


class ProjectIn(Schema):
    name: Text = None
    description: OptionalText = None
    status: Text = None
    target_date: OptionalDateText = None


class ProgressOut(Schema):
    """Tasks done out of the total, cancelled (archived) tasks excluded from both."""

    done: int
    total: int
    percent: float | None


class ProjectOut(Schema):
    id: int
    name: str
    description: str | None
    status: str
    target_date: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    progress: ProgressOut
    overdue_tasks: int


class TaskCreateIn(Schema):
    title: Text = None
    status: Text = None
    due_date: OptionalDateText = None
    priority: Id = None
    notes: OptionalText = None


class TaskUpdateIn(TaskCreateIn):
    project_id: Id = None


class TaskOut(Schema):
    id: int
    project_id: int
    title: str
    status: str
    due_date: datetime.date | None
    priority: int | None
    notes: str | None
    completed_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    overdue: bool


class TaskLogIn(Schema):
    minutes_spent: Id = None
    note: OptionalText = None


class TaskLogOut(Schema):
    id: int
    task_id: int
    logged_at: datetime.datetime
    minutes_spent: int
    note: str | None
    status_snapshot: str | None


# Projects -------------------------------------------------------------------------


@router.get("", response=list[ProjectOut], url_name="projects")
def project_list(request, status: str = ""):
    """Your projects by name, with ``progress`` and ``overdue_tasks``.

    ``status``: active, archived or completed (several, comma-separated).
    """
    return selectors.project_list(user=request.user, status=status)


@router.post("", response={201: ProjectOut}, url_name="projects")
def project_create(request, payload: ProjectIn):
    """Create a project: ``name`` required, ``status`` active by default."""
    project = services.project_create(user=request.user, **sent_fields(payload))
    return 201, selectors.project_get(user=request.user, project_id=project.pk)


@router.get("{int:project_id}", response=ProjectOut, url_name="project")
def project_detail(request, project_id: int):
    """One project with its progress and overdue task count."""
    return selectors.project_get(user=request.user, project_id=project_id)


@router.patch("{int:project_id}", response=ProjectOut, url_name="project")
def project_update(request, project_id: int, payload: ProjectIn):
    """Change the fields sent."""
    services.project_update(user=request.user, project_id=project_id, **sent_fields(payload))
    return selectors.project_get(user=request.user, project_id=project_id)


@router.delete("{int:project_id}", response={204: None}, url_name="project")
def project_delete(request, project_id: int):
    """Delete a project with its tasks and their time logs."""
    services.project_delete(user=request.user, project_id=project_id)
    return 204, None


# Tasks ----------------------------------------------------------------------------


@router.get("{int:project_id}/tasks", response=list[TaskOut], url_name="project-tasks")
def task_list(request, project_id: int, status: str = "", due_before: str = ""):
    """A project's tasks by due date (none last), then priority (1 first), then id.

    ``status``: one or more task statuses, comma-separated; ``due_before``: a
    date (YYYY-MM-DD): tasks due strictly before it.
    """
    return selectors.task_list(
        user=request.user, project_id=project_id, status=status, due_before=due_before
    )


@router.post("{int:project_id}/tasks", response={201: TaskOut}, url_name="project-tasks")
def task_create(request, project_id: int, payload: TaskCreateIn):
    """Add a task: ``title`` required, ``status`` open by default, ``priority`` 1 (high) to 5."""
    task = services.task_create(user=request.user, project_id=project_id, **sent_fields(payload))
    return 201, selectors.task_get(user=request.user, task_id=task.pk)


@router.get("tasks/{int:task_id}", response=TaskOut, url_name="task")
def task_detail(request, task_id: int):
    """One task."""
    return selectors.task_get(user=request.user, task_id=task_id)


@router.patch("tasks/{int:task_id}", response=TaskOut, url_name="task")
def task_update(request, task_id: int, payload: TaskUpdateIn):
    """Change the fields sent; ``status`` completed sets ``completed_at``, leaving it clears it."""
    services.task_update(user=request.user, task_id=task_id, **sent_fields(payload))
    return selectors.task_get(user=request.user, task_id=task_id)


@router.post("tasks/{int:task_id}/logs", response={201: TaskLogOut}, url_name="task-logs")
def task_log_create(request, task_id: int, payload: TaskLogIn):
    """Log ``minutes_spent`` (0 to 1440) and/or a ``note`` on a task."""
    log = services.task_log_create(user=request.user, task_id=task_id, **sent_fields(payload))
    return 201, selectors.task_log_data(log)
