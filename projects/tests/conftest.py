"""Fixtures of the projects tests: two users, a JSON client with CSRF, a frozen clock."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from lifeos.testing.builders import make_user
from projects.models import Project, Task

# 12:00 UTC on 18 December 2025: already 19 December (01:00) in Auckland.
NOW = datetime.datetime(2025, 12, 18, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def user(db):
    return make_user("ada", timezone="Europe/London")


@pytest.fixture
def other_user(db):
    return make_user("bob", timezone="Europe/London")


@pytest.fixture
def frozen(monkeypatch):
    """``timezone.now()`` is NOW (so every user's "today" is computed from it)."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def json_client(user):
    """A logged-in client that sends JSON with the CSRF token, as a front end does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/me")  # any GET sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    def send(method, url, body=None):
        return getattr(client, method)(
            url, json.dumps(body or {}), "application/json", headers={"X-CSRFToken": token}
        )

    client.send = send
    return client


@pytest.fixture
def api(user):
    return json_client(user)


def make_project(user, name="Shed", **extra):
    return Project.objects.create(user=user, name=name, **extra)


def make_task(project, title="Task", **extra):
    return Task.objects.create(project=project, title=title, **extra)


def orphan(*rows):
    """Give rows NULL ``user_id``, as the original application wrote them before 20251215."""
    for row in rows:
        type(row).objects.filter(pk=row.pk).update(user_id=None)
        row.refresh_from_db()
    return rows
