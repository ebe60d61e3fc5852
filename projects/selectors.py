"""Reads of the projects domain: projects with their progress, tasks, the day's tasks.

Tasks are scoped through their project's owner (``project__user``), never by
their own ``user_id``: the original application left ``project_task.user_id``
and ``project_task_log.user_id`` NULL in rows older than its 20251215
migration, and such a row is its project owner's all the same.

Task statuses
-------------
The model's choices are ``open``, ``in_progress``, ``completed``, ``blocked``
and ``archived``; the original application stored free text. A task is
*done* when its status is ``completed`` (or the legacy ``done``) and
*cancelled* when it is ``archived`` (or the legacy ``cancelled``/``canceled``):
a task set aside that will not be done. Any other value, known or not, is
pending. ``CLOSED_STATUSES`` (done or cancelled) never count as overdue or due.

Progress of a project: ``done`` tasks out of ``total``, cancelled tasks
excluded from both; ``percent`` is ``100 * done / total`` rounded to one
decimal place, and null when the project has no task left to count (0 of 0 is
no progress, not 0 %). ``overdue_tasks``: tasks due before the user's local
today (``lifeos.dates.user_today``) that are not closed.
"""

from dataclasses import dataclass
from functools import partial

from django.db.models import Count, F, Q

from lifeos import inputs
from lifeos.dates import user_today
from lifeos.inputs import FieldError
from projects.models import Project, ProjectStatus, Task, TaskStatus

__all__ = [
    "CANCELLED_STATUSES",
    "CLOSED_STATUSES",
    "DONE_STATUSES",
    "TODAY_TASKS_LIMIT",
    "ProjectsValidationError",
    "is_overdue",
    "parse_date",
    "parse_id",
    "parse_statuses",
    "progress",
    "project_get",
    "project_list",
    "project_progress",
    "task_get",
    "task_list",
    "task_log_data",
    "tasks_of",
    "today_view",
]

DONE_STATUSES = (TaskStatus.COMPLETED.value, "done")
CANCELLED_STATUSES = (TaskStatus.ARCHIVED.value, "cancelled", "canceled")
CLOSED_STATUSES = DONE_STATUSES + CANCELLED_STATUSES
# Tasks the morning view lists at most (the most overdue first).
TODAY_TASKS_LIMIT = 50

PROJECT_FIELDS = (
    "id",
    "name",
    "description",
    "status",
    "target_date",
    "created_at",
    "updated_at",
)
TASK_FIELDS = (
    "id",
    "project_id",
    "title",
    "status",
    "due_date",
    "priority",
    "notes",
    "completed_at",
    "created_at",
    "updated_at",
)


class ProjectsValidationError(FieldError):
    """Bad input; ``message_dict`` maps each field (the API's name) to its messages."""


# Parsing shared with the services -------------------------------------------------


parse_date = partial(inputs.parse_date, error=ProjectsValidationError)
parse_id = partial(inputs.parse_id, error=ProjectsValidationError)


def _path_id(value):
    """A path id as an int; ids that cannot exist become 0, which matches nothing."""
    try:
        return parse_id(value, field_name="id", noun="Row")
    except ProjectsValidationError:
        return 0


def parse_statuses(value, *, field_name, choices):
    """A comma-separated list of statuses, each one of ``choices``; empty is None."""
    if value is None or not value.strip():
        return None
    statuses = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [status for status in statuses if status not in choices]
    if unknown:
        raise ProjectsValidationError(
            field_name, f"Unknown status {unknown[0]!r}; use one of: {', '.join(choices)}."
        )
    return statuses


# Progress -------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self):
        if not self.total:
            return None
        return round(100 * self.done / self.total, 1)

    def as_dict(self):
        return {"done": self.done, "total": self.total, "percent": self.percent}


def progress(done, total):
    """``{"done", "total", "percent"}`` (percent rounded to 0.1, None for 0 tasks)."""
    return Progress(done, total).as_dict()


def _open_q():
    return ~Q(status__in=CLOSED_STATUSES)


def project_progress(*, project_ids, today):
    """{project id: (progress dict, overdue task count)}: one aggregate query for them all."""
    counts = {
        row["project_id"]: row
        for row in Task.objects.filter(project_id__in=project_ids)
        .order_by()
        .values("project_id")
        .annotate(
            total=Count("id", filter=~Q(status__in=CANCELLED_STATUSES)),
            done=Count("id", filter=Q(status__in=DONE_STATUSES)),
            overdue=Count("id", filter=Q(due_date__lt=today) & _open_q()),
        )
    }
    result = {}
    for project_id in project_ids:
        row = counts.get(project_id, {"done": 0, "total": 0, "overdue": 0})
        result[project_id] = (progress(row["done"], row["total"]), row["overdue"])
    return result


# Projects -------------------------------------------------------------------------


def _with_figures(rows, user):
    figures = project_progress(project_ids=[row["id"] for row in rows], today=user_today(user))
    for row in rows:
        row["progress"], row["overdue_tasks"] = figures[row["id"]]
    return rows


def project_list(*, user, status=""):
    """``user``'s projects by name, each with ``progress`` and ``overdue_tasks`` (2 queries).

    ``status`` narrows to one or more statuses (comma-separated).
    """
    statuses = parse_statuses(status, field_name="status", choices=ProjectStatus.values)
    projects = Project.objects.for_user(user).order_by("name", "id")
    if statuses:
        projects = projects.filter(status__in=statuses)
    return _with_figures(list(projects.values(*PROJECT_FIELDS)), user)


def project_get(*, user, project_id):
    """One of ``user``'s projects with its figures; DoesNotExist for a missing or foreign id."""
    row = Project.objects.for_user(user).filter(pk=_path_id(project_id)).values(*PROJECT_FIELDS)
    row = row.first()
    if row is None:
        raise Project.DoesNotExist("No such project.")
    return _with_figures([row], user)[0]


# Tasks ----------------------------------------------------------------------------


def tasks_of(user):
    """Every task of ``user``'s projects, whatever the task's own (possibly NULL) ``user_id``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    return Task.objects.filter(project__user_id=user.pk)


def _task_order():
    """Due first (no due date last), then by priority (1 first, none last), then by id."""
    return (F("due_date").asc(nulls_last=True), F("priority").asc(nulls_last=True), "id")


def _task_rows(queryset, today):
    rows = list(queryset.values(*TASK_FIELDS))
    for row in rows:
        row["overdue"] = is_overdue(row["status"], row["due_date"], today)
    return rows


def is_overdue(status, due_date, today):
    """Whether a task is due before ``today`` and neither done nor cancelled."""
    return due_date is not None and due_date < today and status not in CLOSED_STATUSES


def task_list(*, user, project_id, status="", due_before=""):
    """The tasks of one of ``user``'s projects (2 queries); DoesNotExist for a foreign project.

    ``status``: one or more statuses, comma-separated (the model's choices);
    ``due_before``: a date, tasks due strictly before it (tasks without a due
    date are left out). Ordered by due date, priority, id.
    """
    statuses = parse_statuses(status, field_name="status", choices=TaskStatus.values)
    before = parse_date(due_before, field_name="due_before", required=False)
    project = Project.objects.for_user(user).filter(pk=_path_id(project_id)).only("id").first()
    if project is None:
        raise Project.DoesNotExist("No such project.")
    tasks = Task.objects.filter(project_id=project.pk)
    if statuses:
        tasks = tasks.filter(status__in=statuses)
    if before is not None:
        tasks = tasks.filter(due_date__lt=before)
    return _task_rows(tasks.order_by(*_task_order()), user_today(user))


def task_get(*, user, task_id):
    """One task of ``user``'s projects as a dict; DoesNotExist for a missing or foreign id."""
    rows = _task_rows(tasks_of(user).filter(pk=_path_id(task_id)), user_today(user))
    if not rows:
        raise Task.DoesNotExist("No such task.")
    return rows[0]


def task_log_data(log):
    return {
        "id": log.pk,
        "task_id": log.task_id,
        "logged_at": log.logged_at,
        "minutes_spent": log.minutes_spent,
        "note": log.note,
        "status_snapshot": log.status_snapshot,
    }


# The morning view -----------------------------------------------------------------


def today_view(*, user, today=None):
    """``{"tasks_due": [...]}``: tasks not done or cancelled, due ``today`` or earlier.

    ``today`` defaults to the user's local date. Ordered by due date, then
    priority (1 first, none last), then id; at most TODAY_TASKS_LIMIT. One query.
    """
    today = today or user_today(user)
    rows = (
        tasks_of(user)
        .filter(due_date__lte=today)
        .filter(_open_q())
        .order_by(*_task_order())
        .values("id", "project_id", "project__name", "title", "status", "due_date")[
            :TODAY_TASKS_LIMIT
        ]
    )
    return {
        "tasks_due": [
            {
                "id": row["id"],
                "project_id": row["project_id"],
                "project_name": row["project__name"],
                "title": row["title"],
                "status": row["status"],
                "due_date": row["due_date"],
                "overdue": row["due_date"] < today,
            }
            for row in rows
        ]
    }
