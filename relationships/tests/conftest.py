"""Fixtures of the relationships tests: users, a JSON client, a frozen "now"."""

import datetime
import json
import types

import pytest
from django.test import Client
from django.utils import timezone

from lifeos import dates
from lifeos.testing.builders import make_user
from relationships.models import Interaction, Person


@pytest.fixture
def user(db):
    return make_user("ada", timezone="Asia/Seoul")


@pytest.fixture
def other_user(db):
    return make_user("bob")


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


@pytest.fixture
def freeze(monkeypatch):
    """``freeze("2025-03-09T16:00:00Z")``: the instant every user's "today" is read at."""

    def set_now(moment):
        instant = datetime.datetime.fromisoformat(moment)
        monkeypatch.setattr(
            dates,
            "timezone",
            types.SimpleNamespace(
                now=lambda: instant, get_default_timezone=timezone.get_default_timezone
            ),
        )
        return instant

    return set_now


def person(user, name, *, importance=None, birthday=None, added="2025-01-01", contacts=()):
    """A person added at noon UTC on ``added``, with interactions on the ``contacts`` dates."""
    created = Person.objects.create(
        user=user,
        name=name,
        importance_level=importance,
        birthday=datetime.date.fromisoformat(birthday) if birthday else None,
    )
    Person.objects.filter(pk=created.pk).update(
        created_at=datetime.datetime.fromisoformat(f"{added}T12:00:00+00:00")
    )
    for day in contacts:
        Interaction.objects.create(
            user=user, person=created, date=datetime.date.fromisoformat(day), method="call"
        )
    return created
