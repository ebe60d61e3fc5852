"""Signing in from a front end: /api/auth/login, /api/auth/logout and /api/me."""

import json

import bcrypt
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from lifeos import login_throttle
from lifeos.testing.builders import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login"
LOGOUT = "/api/auth/logout"
ME = "/api/me"
WRONG = {"error": "Wrong e-mail address or password."}


@pytest.fixture(autouse=True)
def _empty_throttle():
    cache.clear()
    yield
    cache.clear()


def insert_legacy_user(email, password, **columns):
    """A user as the original application registers one (Flask-Bcrypt hash, cost 4 here)."""
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "user" (email, password_hash, full_name, timezone)'
            " VALUES (%s, %s, %s, %s)",
            [email, hashed, columns.get("full_name"), columns.get("timezone")],
        )
        cursor.execute('SELECT id FROM "user" WHERE email = %s', [email])
        return cursor.fetchone()[0]


def log_in(client, email, password, **extra):
    return client.post(
        LOGIN, json.dumps({"email": email, "password": password}), "application/json", **extra
    )


def test_legacy_user_logs_in_and_gets_session_and_csrf_token():
    user_id = insert_legacy_user(
        "ana@example.com", "ñandú 42", full_name="Ana", timezone="Asia/Seoul"
    )
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, " Ana@Example.com ", "ñandú 42")

    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {
        "id": user_id,
        "email": "ana@example.com",
        "full_name": "Ana",
        "timezone": "Asia/Seoul",
    }
    # The token is what the next write needs: no other request to fetch one first.
    renamed = client.patch(
        ME,
        json.dumps({"full_name": "Ana L."}),
        "application/json",
        headers={"X-CSRFToken": body["csrf_token"]},
    )
    assert (renamed.status_code, renamed.json()["full_name"]) == (200, "Ana L.")


def test_unknown_email_and_wrong_password_get_the_same_401():
    insert_legacy_user("ana@example.com", "right")
    client = Client(enforce_csrf_checks=True)

    unknown = log_in(client, "nobody@example.com", "right")
    wrong = log_in(client, "ana@example.com", "wrong")

    assert (unknown.status_code, unknown.json()) == (401, WRONG)
    assert (wrong.status_code, wrong.json()) == (401, WRONG)
    assert "sessionid" not in client.cookies


def test_an_inactive_user_cannot_log_in():
    user = make_user("ana", is_active=False)
    user.set_password("right")
    user.save()

    response = log_in(Client(), "ana@example.com", "right")

    assert (response.status_code, response.json()) == (401, WRONG)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": "x"}, "email"),
        ({"email": "a@example.com"}, "password"),
        ({"email": 5, "password": "x"}, "email"),
    ],
)
def test_login_without_email_or_password_is_400_naming_it(body, field):
    response = Client().post(LOGIN, json.dumps(body), "application/json")

    assert response.status_code == 400
    assert response.json() == {
        "error": f"{field} is required.",
        "errors": {field: ["This field is required."]},
    }


def test_login_refuses_a_form_body_so_no_other_site_can_post_one():
    insert_legacy_user("ana@example.com", "right")

    response = Client().post(LOGIN, {"email": "ana@example.com", "password": "right"})

    assert (response.status_code, response.json()) == (
        400,
        {"error": "Send the body as application/json."},
    )


def test_repeated_failures_for_one_email_are_slowed_then_refused(monkeypatch):
    insert_legacy_user("ana@example.com", "right")
    now = [1_000_000.0]
    monkeypatch.setattr(login_throttle.time, "time", lambda: now[0])
    client = Client()

    statuses = [log_in(client, "ana@example.com", "wrong").status_code for _ in range(3)]
    slowed = log_in(client, "ana@example.com", "right")
    now[0] += 1  # the delay after 3 failures: 1 second
    allowed = log_in(Client(), "ana@example.com", "wrong")

    assert statuses == [401, 401, 401]
    assert slowed.status_code == 429
    assert slowed["Retry-After"] == "1"
    assert slowed.json() == {"error": "Too many failed log-ins: try again in 1 seconds."}
    assert allowed.status_code == 401


def test_ten_failures_lock_the_email_for_the_window_even_with_the_right_password(monkeypatch):
    insert_legacy_user("ana@example.com", "right")
    now = [1_000_000.0]
    monkeypatch.setattr(login_throttle.time, "time", lambda: now[0])
    for _ in range(login_throttle.LOCK_AFTER):
        now[0] += login_throttle.MAX_DELAY_SECONDS
        assert (
            log_in(Client(REMOTE_ADDR=f"10.0.0.{_}"), "ana@example.com", "wrong").status_code == 401
        )

    locked = log_in(Client(REMOTE_ADDR="10.0.1.1"), "ana@example.com", "right")
    now[0] += login_throttle.WINDOW_SECONDS
    unlocked = log_in(Client(REMOTE_ADDR="10.0.1.1"), "ana@example.com", "right")

    assert locked.status_code == 429
    assert locked["Retry-After"] == str(login_throttle.WINDOW_SECONDS)
    assert unlocked.status_code == 200


def test_failures_from_one_client_across_emails_are_slowed(monkeypatch):
    monkeypatch.setattr(login_throttle.time, "time", lambda: 1_000_000.0)
    client = Client(REMOTE_ADDR="192.0.2.7")
    for index in range(3):
        assert log_in(client, f"guess{index}@example.com", "x").status_code == 401

    assert log_in(client, "another@example.com", "x").status_code == 429
    assert log_in(Client(REMOTE_ADDR="192.0.2.8"), "another@example.com", "x").status_code == 401


def test_logout_ends_the_session_and_needs_csrf():
    insert_legacy_user("ana@example.com", "right")
    client = Client(enforce_csrf_checks=True)
    token = log_in(client, "ana@example.com", "right").json()["csrf_token"]

    refused = client.post(LOGOUT)
    done = client.post(LOGOUT, headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert refused.json()["error"].startswith("CSRF check failed")
    assert done.status_code == 204
    assert client.get(ME).status_code == 401


def test_me_anonymous_is_401_json():
    response = Client().get(ME)

    assert (response.status_code, response.json()) == (
        401,
        {"error": "Log in to use this endpoint."},
    )


@pytest.fixture
def me_client():
    user = make_user("ana", full_name="Ana", timezone="UTC")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    token = client.get(ME) and client.cookies["csrftoken"].value

    def patch(body):
        return client.patch(
            ME, json.dumps(body), "application/json", headers={"X-CSRFToken": token}
        )

    client.patch_me = patch
    client.user = user
    return client


def test_me_patch_changes_the_profile(me_client):
    response = me_client.patch_me(
        {
            "email": " Ana.Lima@Example.com ",
            "full_name": "Ana Lima",
            "timezone": "America/Sao_Paulo",
        }
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": me_client.user.pk,
        "email": "ana.lima@example.com",
        "full_name": "Ana Lima",
        "timezone": "America/Sao_Paulo",
    }
    me_client.user.refresh_from_db()
    assert (me_client.user.email, me_client.user.timezone) == (
        "ana.lima@example.com",
        "America/Sao_Paulo",
    )


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"timezone": "Mars/Olympus"},
            "timezone",
            "Unknown time zone 'Mars/Olympus': give an IANA name such as 'Europe/Paris'.",
        ),
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address."),
        ({"email": "bob@example.com"}, "email", "Another user has this e-mail address."),
        ({"full_name": "x" * 256}, "full_name", "A name has at most 255 characters."),
    ],
)
def test_me_patch_bad_field_is_400_naming_it_and_changes_nothing(me_client, body, field, message):
    make_user("bob")

    response = me_client.patch_me(
        {"full_name": "Changed", **body} if field != "full_name" else body
    )

    assert response.status_code == 400
    assert response.json() == {"error": message, "errors": {field: [message]}}
    me_client.user.refresh_from_db()
    assert (me_client.user.email, me_client.user.full_name, me_client.user.timezone) == (
        "ana@example.com",
        "Ana",
        "UTC",
    )
