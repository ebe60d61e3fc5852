"""Bounded DDL: a LifeOS migration never queues forever behind a table lock (PostgreSQL)."""

import threading
import time

import psycopg2
import pytest
from django.core.management.base import CommandError
from django.db import connections

from lifeos.schema.bounded_ddl import backoff_seconds
from lifeos.testing.legacy import load_legacy_schema
from lifeos.tests.test_migrations import (
    assert_target_schema,
    fetch,
    legacy_user_and_category,
    migrate,
    table_names,
)

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "postgresql",
    reason="lock_timeout and transactional DDL on a busy table are PostgreSQL's",
)

# finance_account's columns in a 20251216 database of the original application.
LEGACY_COLUMNS = {
    "id",
    "user_id",
    "category_id",
    "name",
    "code",
    "description",
    "is_active",
    "account_type",
    "account_subtype",
    "normalized_name",
    "created_at",
}


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
    """A 20251216 database of the original application with two accounts; their rows."""
    load_legacy_schema(alias)
    user_id, category_id = legacy_user_and_category(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "INSERT INTO finance_account (user_id, category_id, name) "
            "VALUES (%s, %s, ' Cash '), (%s, %s, 'Bank')",
            [user_id, category_id, user_id, category_id],
        )
    return fetch(alias, "SELECT * FROM finance_account ORDER BY id")


def normalized_name_collation(alias):
    """The collation finance.0001 gives finance_account.normalized_name ("C")."""
    return fetch(
        alias,
        "SELECT collation_name FROM information_schema.columns "
        "WHERE table_name = 'finance_account' AND column_name = 'normalized_name'",
    )[0][0]


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
    assert recorded(scratch_db, "finance") == []


def test_lock_timeout_late_in_the_migration_rolls_back_its_earlier_changes(scratch_db, settings):
    settings.LIFEOS_MIGRATION_LOCK_TIMEOUT = 0.2
    settings.LIFEOS_MIGRATION_LOCK_RETRIES = 1
    rows = legacy_accounts(scratch_db)
    migrate(scratch_db, "lifeos")
    tables = table_names(scratch_db)
    collation = normalized_name_collation(scratch_db)
    # Live traffic writing users: the foreign key finance.0001 adds to "user" (on
    # journal lines, after its change to finance_account) needs a lock that
    # conflicts with it; finance_account's own change does not.
    blocker = open_blocker(scratch_db, 'LOCK TABLE "user" IN ROW EXCLUSIVE MODE')
    try:
        with pytest.raises(CommandError, match=r'^Table "user" stayed locked'):
            migrate(scratch_db, "finance")
    finally:
        blocker.rollback()
        blocker.close()

    assert account_columns(scratch_db) == LEGACY_COLUMNS
    assert normalized_name_collation(scratch_db) == collation != "C"
    assert table_names(scratch_db) == tables
    assert fetch(scratch_db, "SELECT * FROM finance_account ORDER BY id") == rows
    assert recorded(scratch_db, "finance") == []


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
