"""Pytest fixtures shared by every app's tests (loaded with ``-p lifeos.testing.fixtures``)."""

import os
import tempfile
import uuid

import pytest
from django.conf import settings
from django.db import connections

from lifeos.testing.databases import create_scratch_database, drop_scratch_database


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"LifeOS database backend: {engine}"


def pytest_configure(config):
    """Fail at once, rather than skip, when DATABASE_URL names an unreachable PostgreSQL.

    Passwords are hashed at bcrypt's lowest cost in tests (a test that checks the
    production cost sets it back); hashes stay bare ``$2b$`` as in production.
    """
    settings.LIFEOS_BCRYPT_ROUNDS = 4
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    import psycopg2

    db = settings.DATABASES["default"]
    try:
        psycopg2.connect(
            dbname="postgres",
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            connect_timeout=5,
        ).close()
    except psycopg2.OperationalError as error:
        pytest.exit(
            f"DATABASE_URL points at PostgreSQL, but it cannot be reached: {error}".strip(),
            returncode=3,
        )


@pytest.fixture
def scratch_db(django_db_blocker):
    """A throwaway, empty database of the configured backend, as a connection alias."""
    alias = f"scratch_{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock(), tempfile.TemporaryDirectory() as directory:
        create_scratch_database(alias, directory)
        try:
            yield alias
        finally:
            drop_scratch_database(alias)


@pytest.fixture
def scratch_connection(scratch_db):
    """The connection of ``scratch_db``."""
    return connections[scratch_db]


@pytest.fixture
def demo_data(db):
    """One demo user's year of data, at a small scale."""
    from lifeos.testing.demo import seed_small

    return seed_small()


@pytest.fixture
def superuser_client(client, demo_data):
    """A test client logged in as the demo superuser."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email=demo_data.superuser))
    return client
