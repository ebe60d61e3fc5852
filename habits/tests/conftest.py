"""Fixtures of the habits tests: users, logged-in JSON clients, a fixed "now"."""

import datetime
import json

import pytest
from django.test import Client

from lifeos.testing.builders import make_user

# Thursday 18 December 2025 at 16:30 UTC: already Friday 19 December in Seoul.
NOW = datetime.datetime(2025, 12, 18, 16, 30, tzinfo=datetime.UTC)
TODAY = datetime.date(2025, 12, 18)


@pytest.fixture
def now(monkeypatch):
    """Freeze the current instant at NOW (lifeos.dates reads django.utils.timezone.now)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    return NOW


@pytest.fixture
def user(db):
    return make_user("ada", timezone="UTC")


@pytest.fixture
def other_user(db):
    return make_user("bob", timezone="UTC")


def json_client(user):
    """A client logged in as ``user`` that sends JSON with the CSRF token."""
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
def api(user, now):
    return json_client(user)
