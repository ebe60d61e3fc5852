"""The projects demo: projects in every status; task statuses and time logs follow them."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from projects.models import Project, Task, TaskLog


@pytest.mark.django_db
def test_demo_projects_tasks_and_logs(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])

    projects = dict(Project.objects.for_user(user).values_list("name", "status"))
    assert projects == {
        "Kitchen renovation": "completed",
        "Spanish trip to Sevilla": "active",
        "LifeOS side project": "active",
        "Garden shed": "active",
        "Marathon training": "active",
        "Old blog migration": "archived",
    }

    def statuses(project):
        return list(
            Task.objects.for_user(user)
            .filter(project__name=project)
            .order_by("due_date")
            .values_list("status", flat=True)
        )

    assert set(statuses("Kitchen renovation")) == {"completed"}
    assert statuses("Old blog migration") == ["archived", "archived"]
    assert statuses("Garden shed") == ["completed", "open", "open"]
    assert statuses("Marathon training") == ["completed", "completed", "blocked"]

    tasks = Task.objects.for_user(user)
    assert not tasks.exclude(user_id=user.pk).exists()
    assert not tasks.filter(status="completed", completed_at__isnull=True).exists()
    assert not tasks.exclude(status="completed").filter(completed_at__isnull=False).exists()
    assert set(tasks.values_list("priority", flat=True)) <= {1, 2, 3}

    logs = TaskLog.objects.for_user(user)
    assert logs.exists()
    assert not logs.exclude(task__user=user).exists()
    # Time is logged while a task is worked on: never on an open or archived task.
    assert not logs.filter(task__status__in=["open", "archived"]).exists()
    for status, snapshot in logs.values_list("task__status", "status_snapshot").distinct():
        assert snapshot == ("in_progress" if status == "completed" else status)
    assert set(logs.values_list("minutes_spent", flat=True)) <= {15, 30, 45, 60, 90, 120}


@pytest.mark.django_db
def test_demo_user_sees_every_projects_summary_non_empty(demo_data, monkeypatch):
    from django.utils import timezone

    from lifeos.testing.demo import DEMO_TODAY
    from projects.selectors import project_list, today_view

    # The demo was seeded on DEMO_TODAY: look at it at noon that day.
    noon = datetime.datetime.combine(DEMO_TODAY, datetime.time(12), tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    user = get_user_model().objects.get(email=demo_data.demo_users[0])

    projects = {p["name"]: p for p in project_list(user=user)}
    due = today_view(user=user)["tasks_due"]

    assert projects["Kitchen renovation"]["progress"]["percent"] == 100.0
    assert all(p["progress"]["total"] > 0 for p in projects.values() if p["status"] == "active")
    assert projects["Spanish trip to Sevilla"]["overdue_tasks"] >= 1
    assert ("Renew passport", True) in [(t["title"], t["overdue"]) for t in due]
    assert ("Buy travel insurance", False) in [(t["title"], t["overdue"]) for t in due]
    assert [t["due_date"] for t in due] == sorted(t["due_date"] for t in due)
