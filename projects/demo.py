"""Demo data of the projects domain: projects in every status, tasks and time logs."""

import datetime

from django.utils import timezone

from projects.models import Project, Task, TaskLog

BATCH_SIZE = 1000
# (name, status, start offset in days, length in days, tasks)
PROJECTS = [
    (
        "Kitchen renovation",
        "completed",
        20,
        120,
        ["Get quotes", "Choose cabinets", "Remove old kitchen", "Install cabinets", "Paint"],
    ),
    (
        "Spanish trip to Sevilla",
        "active",
        200,
        200,
        ["Book flights", "Book flat", "Plan day trips", "Learn 500 words", "Pack"],
    ),
    (
        "LifeOS side project",
        "active",
        90,
        330,
        ["Design schema", "Write migrations", "Admin pages", "Demo data", "Deploy", "Docs"],
    ),
    ("Garden shed", "planned", 330, 90, ["Measure the garden", "Buy kit", "Build base"]),
    ("Marathon training", "on_hold", 60, 240, ["Pick a race", "Base mileage", "Long runs"]),
    ("Old blog migration", "cancelled", 10, 60, ["Export posts", "Pick a generator"]),
]


def is_seeded(user):
    """Whether ``user`` already has the demo projects."""
    return Project.objects.for_user(user).filter(name="Kitchen renovation").exists()


def seed(user, *, rng, start, end, scale):
    """Task statuses follow their project's; time is logged before a task is completed."""
    logs = []
    for name, status, begins, length, titles in PROJECTS:
        first = start + datetime.timedelta(days=begins)
        target = first + datetime.timedelta(days=length)
        project = Project.objects.create(
            user=user, name=name, status=status, target_date=target, description=f"{name}."
        )
        step = length // len(titles)
        for index, title in enumerate(titles):
            due = first + datetime.timedelta(days=step * (index + 1))
            task_status = _task_status(status, due, end, rng)
            completed = _at(min(due, end), 18) if task_status == "done" else None
            task = Task.objects.create(
                user=user,
                project=project,
                title=title,
                status=task_status,
                due_date=due,
                completed_at=completed,
            )
            if task_status in ("done", "in_progress", "blocked"):
                last = min(due, end) if completed is None else completed.date()
                work_start = max(first, last - datetime.timedelta(days=step))
                span = max((last - work_start).days, 1)
                for _ in range(max(1, round(rng.randint(2, 6) * scale))):
                    day = work_start + datetime.timedelta(days=rng.randint(0, span - 1))
                    logs.append(
                        TaskLog(
                            user=user,
                            task=task,
                            logged_at=_at(day, rng.randint(9, 17)),
                            minutes_spent=rng.choice([15, 30, 45, 60, 90, 120]),
                            note=rng.choice(["", "Progress.", "Waiting on others."]),
                        )
                    )
    TaskLog.objects.bulk_create(logs, batch_size=BATCH_SIZE)


def _task_status(project_status, due, today, rng):
    if project_status == "completed":
        return "done"
    if project_status in ("planned", "cancelled"):
        return "todo"
    if due < today:
        return "done"
    if project_status == "on_hold":
        return "blocked"
    return rng.choice(["todo", "in_progress"])


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
