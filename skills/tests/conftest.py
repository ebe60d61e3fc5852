"""Fixtures of the skills tests: two users and a JSON client that sends the CSRF token."""

import datetime
import json

import pytest
from django.test import Client

from lifeos.testing.builders import make_user
from skills.models import PracticeSession


@pytest.fixture
def user(db):
    return make_user("ada", timezone="UTC")


@pytest.fixture
def other_user(db):
    return make_user("bob", timezone="UTC")


@pytest.fixture
def api(user):
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


def utc(text):
    """An aware UTC datetime from "YYYY-MM-DD HH:MM"."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)


def practice(skill, when, minutes=30, **extra):
    """A session of ``skill`` at ``when`` (an aware datetime or "YYYY-MM-DD HH:MM" UTC)."""
    if isinstance(when, str):
        when = utc(when)
    return PracticeSession.objects.create(
        skill=skill, practiced_at=when, duration_minutes=minutes, **extra
    )
