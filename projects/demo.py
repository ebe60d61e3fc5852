"""Demo data of the projects domain: projects in every status, tasks and time logs."""

import datetime

from django.utils import timezone

from projects.models import Project, ProjectStatus, Task, TaskLog, TaskStatus

BATCH_SIZE = 1000
# (name, status, start offset in days, length in days, status of tasks not yet due, tasks)
PROJECTS = [
    (
        "Kitchen renovation",
        ProjectStatus.COMPLETED,
        20,
        120,
        None,
        ["Get quotes", "Choose cabinets", "Remove old kitchen", "Install cabinets", "Paint"],
    ),
    (
        "Spanish trip to Sevilla",
        ProjectStatus.ACTIVE,
        200,
        200,
        None,
        ["Book flights", "Book flat", "Plan day trips", "Learn 500 words", "Pack"],
    ),
    (
        "LifeOS side project",
        ProjectStatus.ACTIVE,
        90,
        330,
        None,
        ["Design schema", "Write migrations", "Admin pages", "Demo data", "Deploy", "Docs"],
    ),
    (
        "Garden shed",
        ProjectStatus.ACTIVE,
        330,
        90,
        TaskStatus.OPEN,
        ["Measure the garden", "Buy kit", "Build base"],
    ),
    (
        "Marathon training",
        ProjectStatus.ACTIVE,
        60,
        400,
        TaskStatus.BLOCKED,
        ["Pick a race", "Base mileage", "Long runs"],
    ),
    (
        "Old blog migration",
        ProjectStatus.ARCHIVED,
        10,
        60,
        None,
        ["Export posts", "Pick a generator"],
    ),
]
# Tasks that make the morning view and the overdue counts non-empty:
# (project, title, due this many days before the seeding day, status, priority).
DUE_TASKS = [
    ("Spanish trip to Sevilla", "Renew passport", 3, TaskStatus.OPEN, 1),
    ("Spanish trip to Sevilla", "Buy travel insurance", 0, TaskStatus.IN_PROGRESS, 2),
    ("LifeOS side project", "Answer issue reports", 1, TaskStatus.BLOCKED, 2),
]
NOTES = {
    TaskStatus.COMPLETED: [None, "Done.", "Took longer than planned."],
    TaskStatus.IN_PROGRESS: [None, "Progress.", "Halfway there."],
    TaskStatus.BLOCKED: ["Waiting on others.", "Blocked: knee injury."],
}


def is_seeded(user):
    """Whether ``user`` already has the demo projects."""
    return Project.objects.for_user(user).filter(name="Kitchen renovation").exists()


def seed(user, *, rng, start, end, scale):
    """Task statuses follow their project's; time is logged before a task is completed.

    A few tasks (``DUE_TASKS``) are due by ``end`` and not done: overdue or due today.
    """
    logs = []
    projects = {}
    for name, status, begins, length, pending, titles in PROJECTS:
        first = start + datetime.timedelta(days=begins)
        target = first + datetime.timedelta(days=length)
        project = Project.objects.create(
            user=user, name=name, status=status, target_date=target, description=f"{name}."
        )
        projects[name] = project
        step = length // len(titles)
        for index, title in enumerate(titles):
            due = first + datetime.timedelta(days=step * (index + 1))
            task_status = _task_status(status, pending, due, end, rng)
            completed = _at(min(due, end), 18) if task_status == TaskStatus.COMPLETED else None
            task = Task.objects.create(
                user=user,
                project=project,
                title=title,
                status=task_status,
                due_date=due,
                priority=rng.randint(1, 3),
                notes=rng.choice(NOTES.get(task_status, [None])),
                completed_at=completed,
            )
            if task_status in NOTES:
                # Time logged while the task was being worked on.
                snapshot = (
                    TaskStatus.IN_PROGRESS if task_status == TaskStatus.COMPLETED else task_status
                )
                last = min(due, end) if completed is None else completed.date()
                work_start = max(first, last - datetime.timedelta(days=step))
                span = max((last - work_start).days, 1)
                for _ in range(max(1, round(rng.randint(2, 6) * scale))):
                    day = work_start + datetime.timedelta(days=rng.randint(0, span - 1))
                    # bulk_create skips save(): the owner is written here, as save() would.
                    logs.append(
                        TaskLog(
                            user=user,
                            task=task,
                            logged_at=_at(day, rng.randint(9, 17)),
                            minutes_spent=rng.choice([15, 30, 45, 60, 90, 120]),
                            status_snapshot=snapshot,
                            note=rng.choice(NOTES[snapshot]),
                        )
                    )
    for name, title, days_late, task_status, priority in DUE_TASKS:
        Task.objects.create(
            user=user,
            project=projects[name],
            title=title,
            status=task_status,
            due_date=end - datetime.timedelta(days=days_late),
            priority=priority,
        )
    TaskLog.objects.bulk_create(logs, batch_size=BATCH_SIZE)


def _task_status(project_status, pending, due, today, rng):
    """A task's status: done by its due date, unless its project was archived first."""
    if project_status == ProjectStatus.COMPLETED:
        return TaskStatus.COMPLETED
    if project_status == ProjectStatus.ARCHIVED:
        return TaskStatus.ARCHIVED
    if due < today:
        return TaskStatus.COMPLETED
    return pending or rng.choice([TaskStatus.OPEN, TaskStatus.IN_PROGRESS])


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
