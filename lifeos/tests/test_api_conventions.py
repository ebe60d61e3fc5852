"""The conventions every endpoint keeps, checked on every operation the API serves."""

import re

import pytest
from django.test import Client

from lifeos.api import api
from lifeos.testing.builders import make_user

pytestmark = pytest.mark.django_db

# Operations anyone may call: logging in.
PUBLIC = {("POST", "/api/auth/login")}
OPERATIONS = sorted(api.operations() - PUBLIC)
UNSAFE = [(method, path) for method, path in OPERATIONS if method not in ("GET", "HEAD")]
READS = [(method, path) for method, path in OPERATIONS if method == "GET"]


def concrete(path):
    """``path`` with each ``{param}`` filled in with an id no row has."""
    return re.sub(r"{\w+}", "2147483000", path)


def call(client, method, path, **extra):
    return client.generic(method, concrete(path), "{}", content_type="application/json", **extra)


def test_there_are_operations_to_check():
    assert len(OPERATIONS) >= 30
    assert len(UNSAFE) >= 12


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_anonymous_request_is_401_json(method, path):
    response = call(Client(enforce_csrf_checks=True), method, path)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Log in to use this endpoint."}


@pytest.mark.parametrize(("method", "path"), UNSAFE)
def test_unsafe_request_without_csrf_token_is_403_json(method, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("ada"))

    response = call(client, method, path)

    assert response.status_code == 403
    assert response.json()["error"].startswith("CSRF check failed")


@pytest.mark.parametrize(("method", "path"), READS)
def test_head_answers_like_get_without_a_body(method, path):
    client = Client()
    client.force_login(make_user("ada"))

    get, head = call(client, "GET", path), call(client, "HEAD", path)

    assert head.status_code == get.status_code
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
