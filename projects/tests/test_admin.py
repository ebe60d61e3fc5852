"""Every projects admin page renders on demo data, in queries that do not grow with rows."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone

from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries
from lifeos.testing.builders import make_user
from projects.admin import apply_form_completion
from projects.models import Project, Task
from projects.tests.conftest import NOW


def test_every_projects_admin_page_renders_in_queries_that_do_not_grow(superuser_client):
    assert_admin_pages_render_in_bounded_queries(superuser_client, "projects")


def _staff_demo_client(client, demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])
    client.force_login(user)
    return client, user


def test_project_change_page_shows_progress_and_overdue_tasks(client, demo_data, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client, user = _staff_demo_client(client, demo_data)
    project = Project.objects.create(user=user, name="Worked example")
    for status in ("completed", "archived", "open", "open"):
        Task.objects.create(project=project, title=status, status=status)
    Task.objects.create(project=project, title="late", due_date=datetime.date(2025, 12, 1))

    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))

    assert page.status_code == 200
    # Done 1 of 4 (the archived task left out): 25.0 %; one task due before 18 December.
    text = page.content.decode()
    assert "1 of 4 tasks done (25.0%)" in text
    overdue = re.search(r"Overdue tasks:</label>\s*<div class=\"readonly\">(\d+)</div>", text)
    assert overdue is not None
    assert overdue.group(1) == "1"


def test_staff_task_list_filters_by_their_projects_and_shows_legacy_tasks(client, demo_data):
    client, user = _staff_demo_client(client, demo_data)
    stranger = make_user("stranger")
    Project.objects.create(user=stranger, name="Stranger's secret project")
    shed = Project.objects.get(user=user, name="Garden shed")
    legacy = Task.objects.create(project=shed, title="Legacy task without owner")
    Task.objects.filter(pk=legacy.pk).update(user_id=None)

    changelist = client.get(reverse("admin:projects_task_changelist"))
    url = reverse("admin:projects_task_changelist")
    filtered = client.get(url, {"project__id__exact": shed.pk})
    change = client.get(reverse("admin:projects_task_change", args=[legacy.pk]))

    project_filter = next(
        spec for spec in changelist.context_data["cl"].filter_specs if spec.title == "project"
    )
    offered = {label for _, label in project_filter.lookup_choices}
    assert "Garden shed" in offered
    assert "Stranger's secret project" not in offered
    titles = [task.title for task in filtered.context_data["cl"].result_list]
    assert "Legacy task without owner" in titles
    assert all(task.project_id == shed.pk for task in filtered.context_data["cl"].result_list)
    assert change.status_code == 200


def test_admin_forms_apply_the_completion_time_rule(db, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    user = make_user("ada")
    project = Project.objects.create(user=user, name="P")
    task = Task.objects.create(project=project, title="T")
    Form = modelform_factory(Task, fields=("title", "status", "completed_at"))

    def save(data):
        form = Form(data, instance=Task.objects.get(pk=task.pk))
        assert form.is_valid(), form.errors
        apply_form_completion(form, form.instance)
        form.instance.save()
        return Task.objects.get(pk=task.pk).completed_at

    typed = datetime.datetime(2025, 12, 1, 9, 0, tzinfo=datetime.UTC)
    assert save({"title": "T", "status": "completed"}) == NOW
    assert save({"title": "T", "status": "open", "completed_at": "2025-12-01 09:00"}) is None
    assert save({"title": "T", "status": "completed", "completed_at": "2025-12-01 09:00"}) == typed
