"""Fixtures of the journal tests: two users and JSON clients that send the CSRF token."""

import json

import pytest
from django.test import Client

from lifeos.testing.builders import make_user


@pytest.fixture
def user(db):
    return make_user("ada")


@pytest.fixture
def other_user(db):
    return make_user("bob")


@pytest.fixture
def api_for(db):
    """A logged-in client that sends JSON with the CSRF token, as a front end does."""

    def build(user):
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

    return build


@pytest.fixture
def api(user, api_for):
    return api_for(user)
