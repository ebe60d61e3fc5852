"""Writes of the projects domain: projects, tasks and time logged on tasks.

Each function is keyword-only, runs in a transaction and checks its input
first: ``ProjectsValidationError`` keyed by the API's field names for bad input
(nothing is written), the model's ``DoesNotExist`` for a path id that is
missing or another user's (the same for both). A project id given as an input
field (``project_id`` of a task) that is another user's is refused exactly like
a missing one.

Completion time: a task whose status becomes ``completed`` gets
``completed_at`` (now) unless it already has one; a task whose status becomes
anything else loses it, so ``completed_at`` always dates the current
completion (``apply_completion``, used by the admin too).
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from lifeos import inputs
from lifeos.inputs import FieldErrors
from projects.models import Project, ProjectStatus, Task, TaskLog, TaskStatus
from projects.selectors import (
    DONE_STATUSES,
    ProjectsValidationError,
    _path_id,
    parse_date,
    parse_id,
    tasks_of,
)

__all__ = [
    "apply_completion",
    "project_create",
    "project_delete",
    "project_update",
    "task_create",
    "task_log_create",
    "task_update",
]

NAME_MAX_LENGTH = Project._meta.get_field("name").max_length
TITLE_MAX_LENGTH = Task._meta.get_field("title").max_length
# Application limits on free text, so a typo cannot store megabytes.
TEXT_MAX_LENGTH = 10_000
# Minutes one log may record: a day.
MAX_LOG_MINUTES = 24 * 60
PRIORITY_RANGE = (1, 5)

PROJECT_FIELDS = ("name", "description", "status", "target_date")
TASK_FIELDS = ("project_id", "title", "status", "due_date", "priority", "notes")


def _parse_name(value, *, field_name, max_length):
    """Required text, surrounding space dropped."""
    if not isinstance(value, str) or not value.strip():
        raise ProjectsValidationError(field_name, "This field is required.")
    value = value.strip()
    if len(value) > max_length:
        raise ProjectsValidationError(
            field_name, f"Use at most {max_length:,} characters (it has {len(value):,})."
        )
    return value


_parse_text = partial(
    inputs.parse_optional_text, max_length=TEXT_MAX_LENGTH, error=ProjectsValidationError
)


def _parse_choice(value, *, field_name, choices, default):
    if value is None or value == "":
        return default
    if value not in choices:
        raise ProjectsValidationError(
            field_name, f"Unknown status {value!r}; use one of: {', '.join(choices)}."
        )
    return value


def _parse_int(value, *, field_name, low, high, required=False):
    if value is None or value == "":
        if required:
            raise ProjectsValidationError(field_name, "This field is required.")
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit() and value.isascii():
        number = int(value.strip())
    if number is None:
        raise ProjectsValidationError(field_name, f"{value!r} is not a whole number.")
    if not low <= number <= high:
        raise ProjectsValidationError(field_name, f"Give a number from {low} to {high}.")
    return number


# Projects -------------------------------------------------------------------------


def _clean_project(fields, *, creating):
    errors = FieldErrors(ProjectsValidationError)
    errors.refuse_unknown(fields, PROJECT_FIELDS)
    cleaned = {}
    if creating or "name" in fields:
        cleaned["name"] = errors.check(
            _parse_name, fields.get("name"), "name", max_length=NAME_MAX_LENGTH
        )
    if "description" in fields:
        cleaned["description"] = errors.check(_parse_text, fields["description"], "description")
    if creating or "status" in fields:
        if not creating and fields.get("status") in (None, ""):
            errors.add("status", "This field is required.")
        else:
            cleaned["status"] = errors.check(
                _parse_choice,
                fields.get("status"),
                "status",
                choices=ProjectStatus.values,
                default=ProjectStatus.ACTIVE.value,
            )
    if "target_date" in fields:
        cleaned["target_date"] = errors.check(
            parse_date, fields["target_date"], "target_date", required=False
        )
    errors.raise_any()
    return cleaned


@transaction.atomic
def project_create(*, user, **fields):
    """A project of ``user``: ``name`` required; ``status`` active by default."""
    return Project.objects.create(user=user, **_clean_project(fields, creating=True))


def _own_project(user, project_id, *, lock=False):
    projects = Project.objects.for_user(user)
    if lock:
        projects = projects.select_for_update()
    project = projects.filter(pk=_path_id(project_id)).first()
    if project is None:
        raise Project.DoesNotExist("No such project.")
    return project


@transaction.atomic
def project_update(*, user, project_id, **fields):
    """Change the fields given of one of ``user``'s projects."""
    cleaned = _clean_project(fields, creating=False)
    project = _own_project(user, project_id, lock=True)
    for name, value in cleaned.items():
        setattr(project, name, value)
    project.save()
    return project


@transaction.atomic
def project_delete(*, user, project_id):
    """Delete one of ``user``'s projects with its tasks and their logs."""
    _own_project(user, project_id, lock=True).delete()


# Tasks ----------------------------------------------------------------------------


def apply_completion(task, previous_status, *, now=None):
    """Set or clear ``task.completed_at`` for its new status (see the module docstring).

    ``previous_status`` is None for a new task. A task already done keeps its
    completion time (a legacy done task without one keeps none: it is unknown).
    """
    if task.status not in DONE_STATUSES:
        task.completed_at = None
    elif previous_status not in DONE_STATUSES:
        task.completed_at = now or timezone.now()
    return task


def _clean_task(user, fields, *, creating):
    errors = FieldErrors(ProjectsValidationError)
    errors.refuse_unknown(fields, TASK_FIELDS if not creating else TASK_FIELDS[1:])
    cleaned = {}
    if "project_id" in fields:
        project_id = errors.check(parse_id, fields["project_id"], "project_id", noun="Project")
        if project_id is not None:
            project = Project.objects.for_user(user).filter(pk=project_id).first()
            if project is None:
                errors.add("project_id", f"Project {fields['project_id']!r} does not exist.")
            cleaned["project"] = project
    if creating or "title" in fields:
        cleaned["title"] = errors.check(
            _parse_name, fields.get("title"), "title", max_length=TITLE_MAX_LENGTH
        )
    if creating or "status" in fields:
        if not creating and fields.get("status") in (None, ""):
            errors.add("status", "This field is required.")
        else:
            cleaned["status"] = errors.check(
                _parse_choice,
                fields.get("status"),
                "status",
                choices=TaskStatus.values,
                default=TaskStatus.OPEN.value,
            )
    if "due_date" in fields:
        cleaned["due_date"] = errors.check(
            parse_date, fields["due_date"], "due_date", required=False
        )
    if "priority" in fields:
        low, high = PRIORITY_RANGE
        cleaned["priority"] = errors.check(
            _parse_int, fields["priority"], "priority", low=low, high=high
        )
    if "notes" in fields:
        cleaned["notes"] = errors.check(_parse_text, fields["notes"], "notes")
    errors.raise_any()
    return cleaned


@transaction.atomic
def task_create(*, user, project_id, **fields):
    """A task in one of ``user``'s projects (a path id: DoesNotExist when foreign).

    ``title`` required; ``status`` open by default; created ``completed`` it
    gets its completion time.
    """
    project = _own_project(user, project_id)
    cleaned = _clean_task(user, fields, creating=True)
    task = Task(project=project, user_id=project.user_id, **cleaned)
    apply_completion(task, None)
    task.save()
    return task


def _own_task(user, task_id, *, lock=False):
    tasks = tasks_of(user).select_related("project")
    if lock:
        tasks = tasks.select_for_update(of=("self",))
    task = tasks.filter(pk=_path_id(task_id)).first()
    if task is None:
        raise Task.DoesNotExist("No such task.")
    return task


@transaction.atomic
def task_update(*, user, task_id, **fields):
    """Change the fields given of a task of ``user``'s projects.

    ``project_id`` moves it to another of the user's projects. A legacy task
    without ``user_id`` gets its project owner's on the way.
    """
    cleaned = _clean_task(user, fields, creating=False)
    task = _own_task(user, task_id, lock=True)
    previous = task.status
    for name, value in cleaned.items():
        setattr(task, name, value)
    if task.user_id is None or "project" in cleaned:
        task.user_id = task.project.user_id
    apply_completion(task, previous)
    task.save()
    return task


@transaction.atomic
def task_log_create(*, user, task_id, minutes_spent=None, note=None, **extra):
    """Log time (``minutes_spent``, 0 to a day) and/or a ``note`` on a task of ``user``'s.

    The log records the task's status at the time (``status_snapshot``). A log
    with neither minutes nor a note says nothing and is refused.
    """
    task = _own_task(user, task_id)
    errors = FieldErrors(ProjectsValidationError)
    errors.refuse_unknown(extra, ())
    minutes = errors.check(_parse_int, minutes_spent, "minutes_spent", low=0, high=MAX_LOG_MINUTES)
    text = errors.check(_parse_text, note, "note")
    if not errors.messages and not minutes and text is None:
        errors.add("minutes_spent", "Give the minutes spent, a note, or both.")
    errors.raise_any()
    return TaskLog.objects.create(
        task=task,
        user_id=task.project.user_id,
        minutes_spent=minutes or 0,
        note=text,
        status_snapshot=task.status,
        logged_at=timezone.now(),
    )
