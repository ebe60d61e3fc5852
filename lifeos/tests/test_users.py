"""The legacy ``user`` table as Django's user model: e-mail login, bcrypt passwords, rights."""

import io

import bcrypt
import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from lifeos.testing.builders import make_user

pytestmark = pytest.mark.django_db


def stored_hash(user):
    with connection.cursor() as cursor:
        cursor.execute('SELECT password_hash FROM "user" WHERE id = %s', [user.pk])
        return cursor.fetchone()[0]


def insert_legacy_user(email, password):
    """A user as the original application registers one (Flask-Bcrypt, cost 12)."""
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(12)).decode()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "user" (email, password_hash, full_name) VALUES (%s, %s, %s)',
            [email, hashed, "Legacy Person"],
        )
    return get_user_model().objects.get(email=email)


def test_legacy_user_authenticates_by_email_with_the_original_password():
    user = insert_legacy_user("ana@example.com", "ñandú 42")

    assert authenticate(username=" Ana@Example.COM ", password="ñandú 42") == user
    assert authenticate(username="ana@example.com", password="nandu 42") is None
    assert authenticate(username="nobody@example.com", password="ñandú 42") is None


def test_password_set_through_django_is_a_bare_bcrypt_hash_the_original_verifies(settings):
    settings.LIFEOS_BCRYPT_ROUNDS = 12
    user = get_user_model().objects.create_user("Bo@Example.com", "first password")

    user.set_password("second password")
    user.save()

    stored = stored_hash(user)
    assert user.email == "bo@example.com"
    assert stored.startswith("$2b$12$") and len(stored) == 60
    assert bcrypt.checkpw(b"second password", stored.encode())
    assert not bcrypt.checkpw(b"first password", stored.encode())


def test_only_the_first_72_bytes_of_a_password_count_as_in_the_original():
    user = get_user_model().objects.create_user("long@example.com", "x" * 72 + "tail")

    assert user.check_password("x" * 72 + "another tail")
    assert bcrypt.checkpw(("x" * 72).encode(), stored_hash(user).encode())


def test_create_superuser_makes_a_staff_superuser_with_database_defaults_elsewhere():
    admin = get_user_model().objects.create_superuser("root@example.com", "pw pw pw pw")

    assert (admin.is_staff, admin.is_superuser, admin.is_active) == (True, True, True)
    assert admin.created_at is not None and admin.created_at.tzinfo is not None


def test_grant_admin_lets_a_legacy_user_into_the_admin_keeping_the_password(client):
    user = insert_legacy_user("carla@example.com", "legacy pass")
    before = stored_hash(user)

    out = io.StringIO()
    call_command("grant_admin", "Carla@example.com", "--superuser", stdout=out)

    user.refresh_from_db()
    assert out.getvalue() == "carla@example.com: superuser rights.\n"
    assert (user.is_staff, user.is_superuser) == (True, True)
    assert stored_hash(user) == before
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "carla@example.com", "password": "legacy pass"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_grant_admin_revoke_takes_both_rights_away():
    user = make_user("dev@example.com", is_staff=True, is_superuser=True)

    call_command("grant_admin", "dev@example.com", "--revoke", stdout=io.StringIO())

    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)


def test_grant_admin_names_an_unknown_email_and_changes_nothing():
    user = make_user("known@example.com")

    with pytest.raises(CommandError, match=r"No user has the e-mail address 'ghost@example\.com'"):
        call_command("grant_admin", "ghost@example.com")

    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)
