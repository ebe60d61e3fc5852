"""Bounded DDL: a LifeOS migration never queues forever behind a table lock (PostgreSQL)."""

import threading
import time

import psycopg2
import pytest
from django.core.management.base import CommandError
from django.db import connections

from lifeos.schema.bounded_ddl import backoff_seconds
from lifeos.testing.builders import make_user
from lifeos.tests.test_migrations import assert_target_schema, fetch, migrate, table_names

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "postgresql",
    reason="lock_timeout and transactional DDL on a busy table are PostgreSQL's",
)

LEGACY_COLUMNS = {"id", "user_id", "name", "is_active"}


def open_blocker(alias, lock_sql):
    """A session of its own that runs ``lock_sql`` and keeps its transaction open."""
    db = connections.settings[alias]
    blocker = psycopg2.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    with blocker.cursor() as cursor:
        cursor.execute(lock_sql)
    return blocker


def account_columns(alias):
    connection = connections[alias]
    with connection.cursor() as cursor:
        return {
            column.name
            for column in connection.introspection.get_table_description(cursor, "finance_account")
        }


def legacy_accounts(alias):
    migrate(alias, "auth")
    migrate(alias, "finance", "0001")
    user = make_user(using=alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "INSERT INTO finance_account (user_id, name) VALUES (%s, ' Cash '), (%s, 'Bank')",
            [user.pk, user.pk],
        )
    return fetch(alias, "SELECT * FROM finance_account ORDER BY id")


def recorded(alias, app):
    return [
        row[0] for row in fetch(alias, "SELECT name FROM django_migrations WHERE app = %s", [app])
    ]


def test_migrate_gives_up_on_a_locked_table_and_leaves_it_unchanged(scratch_db, settings):
    settings.LIFEOS_MIGRATION_LOCK_TIMEOUT = 0.2
    settings.LIFEOS_MIGRATION_LOCK_RETRIES = 2
    rows = legacy_accounts(scratch_db)
    blocker = open_blocker(scratch_db, "SELECT COUNT(*) FROM finance_account")
    bound = 3 * 0.2 + backoff_seconds(1, 0.2) + backoff_seconds(2, 0.2)
    started = time.monotonic()
    try:
        with pytest.raises(CommandError) as failure:
            migrate(scratch_db, "finance")
        elapsed = time.monotonic() - started
        message = str(failure.value)
        assert message.startswith('Table "finance_account" stayed locked by other sessions: ')
        assert "3 attempts, each waiting 0.2s (LIFEOS_MIGRATION_LOCK_TIMEOUT), failed." in message
        assert f"pid {blocker.get_backend_pid()} on finance_account (idle in transaction" in message
        assert "This migration's changes were rolled back" in message
        assert bound <= elapsed < bound + 5
    finally:
        blocker.rollback()
        blocker.close()

    assert account_columns(scratch_db) == LEGACY_COLUMNS
    assert fetch(scratch_db, "SELECT * FROM finance_account ORDER BY id") == rows
    assert recorded(scratch_db, "finance") == ["0001_initial"]


def test_lock_timeout_late_in_the_migration_rolls_back_its_earlier_changes(scratch_db, settings):
    settings.LIFEOS_MIGRATION_LOCK_TIMEOUT = 0.2
    settings.LIFEOS_MIGRATION_LOCK_RETRIES = 1
    rows = legacy_accounts(scratch_db)
    tables = table_names(scratch_db)
    # Live traffic writing users: the finance tables' foreign keys to auth_user
    # need a lock that conflicts with it; finance_account's columns do not.
    blocker = open_blocker(scratch_db, "LOCK TABLE auth_user IN ROW EXCLUSIVE MODE")
    try:
        with pytest.raises(CommandError, match=r'^Table "auth_user" stayed locked'):
            migrate(scratch_db, "finance")
    finally:
        blocker.rollback()
        blocker.close()

    assert account_columns(scratch_db) == LEGACY_COLUMNS
    assert table_names(scratch_db) == tables
    assert fetch(scratch_db, "SELECT * FROM finance_account ORDER BY id") == rows
    assert recorded(scratch_db, "finance") == ["0001_initial"]


def test_migrate_retries_until_the_blocker_commits(scratch_db, settings):
    settings.LIFEOS_MIGRATION_LOCK_TIMEOUT = 0.3
    settings.LIFEOS_MIGRATION_LOCK_RETRIES = 5
    legacy_accounts(scratch_db)
    blocker = open_blocker(scratch_db, "SELECT COUNT(*) FROM finance_account")
    finish = threading.Timer(0.5, blocker.commit)
    finish.start()
    try:
        migrate(scratch_db)
    finally:
        finish.join()
        blocker.close()

    assert_target_schema(scratch_db)
    assert fetch(scratch_db, "SELECT name, normalized_name FROM finance_account ORDER BY id") == [
        (" Cash ", "cash"),
        ("Bank", "bank"),
    ]
