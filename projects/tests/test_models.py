"""Tasks and task logs belong to their parent's user, with the legacy defaults."""

import datetime

import pytest

from lifeos.testing.builders import make_user
from projects.models import Project, Task, TaskLog


@pytest.mark.django_db
def test_tasks_and_logs_take_the_projects_user_and_defaults():
    ada = make_user("ada@example.com")
    project = Project.objects.create(user=ada, name="LifeOS")
    task = Task.objects.create(project=project, title="Migrate", priority=1)
    log = TaskLog.objects.create(task=task, note="Started.", status_snapshot="in_progress")

    project.refresh_from_db()
    task.refresh_from_db()
    log.refresh_from_db()
    assert project.status == "active"
    assert (task.user_id, task.status, task.priority, task.completed_at) == (
        ada.pk,
        "open",
        1,
        None,
    )
    assert (log.user_id, log.minutes_spent, log.note, log.status_snapshot) == (
        ada.pk,
        0,
        "Started.",
        "in_progress",
    )
    assert log.logged_at.tzinfo == datetime.UTC
