"""Fixtures of the health tests: a user in New York, another user, a JSON client, a clock."""

import datetime
import functools
import json

import pytest
from django.test import Client

from health import selectors, services
from lifeos.dates import user_today
from lifeos.testing.builders import make_user

ZONE = "America/New_York"


@pytest.fixture
def user(db):
    """Ada lives in New York (UTC-5 in winter, UTC-4 in summer)."""
    return make_user("ada", timezone=ZONE)


@pytest.fixture
def other_user(db):
    return make_user("bob", timezone=ZONE)


@pytest.fixture
def api(user):
    """A client logged in as ``user`` that sends JSON with the CSRF token, as a front end does."""
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
def clock(monkeypatch):
    """Sets the instant the health app's "today" is computed at: ``clock("2025-03-14T03:30Z")``."""

    def set_now(text):
        now = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        today = functools.partial(user_today, now=now)
        monkeypatch.setattr(selectors, "user_today", today)
        monkeypatch.setattr(services, "user_today", today)
        return now

    return set_now
