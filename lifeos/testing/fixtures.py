"""Pytest fixtures shared by every app's tests (loaded with ``-p lifeos.testing.fixtures``)."""

import functools
import os
import tempfile
import types
import uuid

import pytest
from django.conf import settings
from django.db import connections

from lifeos.testing.databases import (
    clone_scratch_database,
    create_scratch_database,
    drop_scratch_database,
)


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"LifeOS database backend: {engine}"


def pytest_configure(config):
    """Quick password hashing; on PostgreSQL a test database of the run's own, and fail at
    once, rather than skip, when DATABASE_URL names an unreachable server.

    Passwords are hashed at bcrypt's lowest cost in tests (a test that checks the
    production cost sets it back); hashes stay bare ``$2b$`` as in production.
    """
    settings.LIFEOS_BCRYPT_ROUNDS = 4
    _memoize_sqlite_introspection_parsing()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    import psycopg2

    db = settings.DATABASES["default"]
    # A test database of this run's own (test_lifeos_<run>, then _gw0, _gw1... per
    # xdist worker), so concurrent runs against one server never collide.
    test = db.setdefault("TEST", {})
    if not test.get("NAME"):  # Django may have set it to None already
        test["NAME"] = f"test_{db['NAME']}_{run_suffix(config)}"
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


def _memoize_sqlite_introspection_parsing():
    """Parse each CREATE statement once in Django's SQLite introspection.

    Django reads a SQLite table's columns, collations and constraints by parsing its
    ``CREATE TABLE`` text with sqlparse, again for every table every time; the schema
    checks run by ``migrate`` and the tests introspect thousands of times, and parsing
    was most of the SQLite suite's time. ``sqlparse.parse`` is a pure function of the
    text and the introspection only reads the tree, so a parse kept by text answers
    exactly as a fresh one. Only the introspection module's view of sqlparse changes.
    """
    import sqlparse
    from django.db.backends.sqlite3 import introspection

    if getattr(introspection.sqlparse, "_lifeos_memoized", False):
        return
    memoized = types.ModuleType("sqlparse")
    memoized.__getattr__ = lambda name: getattr(sqlparse, name)
    memoized.parse = functools.lru_cache(maxsize=1024)(sqlparse.parse)
    memoized._lifeos_memoized = True
    introspection.sqlparse = memoized


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that never touch the test database first, in collection order.

    pytest-django puts them last (after the tests of the test database, themselves in
    the order it gives them, which is kept). They are the suite's long ones: migrations,
    subprocesses and servers on scratch databases of their own. First, they start on
    a fresh worker and the short tests fill the end of the run, where pytest-xdist's
    work stealing evens the workers out; last, a long one could run alone at the end.
    """
    from django.test import TransactionTestCase

    def uses_test_database(item):
        cls = getattr(item, "cls", None)
        return (
            (cls is not None and issubclass(cls, TransactionTestCase))
            or item.get_closest_marker("django_db") is not None
            or not {"db", "transactional_db", "live_server"}.isdisjoint(item.fixturenames)
        )

    items[:] = [item for item in items if not uses_test_database(item)] + [
        item for item in items if uses_test_database(item)
    ]


def run_suffix(config):
    """A short id shared by the controller and the xdist workers of one pytest run."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        return workerinput["testrunuid"][:8]
    if not hasattr(config, "_lifeos_run_id"):
        config._lifeos_run_id = uuid.uuid4().hex[:8]
    return config._lifeos_run_id


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


def template_database(django_db_blocker, tmp_path_factory, build, *, source=None):
    """Build a scratch database once, for copies; yield (alias, what ``build`` returned).

    The database starts empty, or as a copy of template ``source``; ``build(alias)``
    fills it. Used by session-scoped fixtures (once per xdist worker); tests get copies
    of it from ``database_copy``, never the template itself.
    """
    alias = f"scratch_template_{uuid.uuid4().hex[:10]}"
    directory = tmp_path_factory.mktemp("template")
    with django_db_blocker.unblock():
        if source is None:
            create_scratch_database(alias, directory)
        else:
            clone_scratch_database(alias, directory, source)
        try:
            built = build(alias)
            connections[alias].close()
            yield alias, built
        finally:
            drop_scratch_database(alias)


def database_copy(django_db_blocker, template_alias):
    """Yield a fresh scratch database (an alias) copied from template ``template_alias``."""
    alias = f"scratch_{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock(), tempfile.TemporaryDirectory() as directory:
        clone_scratch_database(alias, directory, template_alias)
        try:
            yield alias
        finally:
            drop_scratch_database(alias)


def _migrate(alias):
    from django.core.management import call_command

    call_command("migrate", database=alias, verbosity=0, interactive=False)


@pytest.fixture(scope="session")
def _migrated_template_db(django_db_blocker, tmp_path_factory):
    """A scratch database migrated once per test process, the template of migrated_scratch_db."""
    for alias, _ in template_database(django_db_blocker, tmp_path_factory, _migrate):
        yield alias


@pytest.fixture
def migrated_scratch_db(django_db_blocker, _migrated_template_db):
    """Like ``scratch_db``, but fully migrated (a copy of a database ``migrate`` built)."""
    yield from database_copy(django_db_blocker, _migrated_template_db)


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
