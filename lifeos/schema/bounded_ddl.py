"""Bounded DDL on a busy PostgreSQL database.

An ``ALTER TABLE`` that queues behind a long transaction holding a lock on its
table also blocks every query that arrives after it: one stuck migration stops
the application. So every statement of a LifeOS operation runs under
``SET LOCAL lock_timeout`` (``LIFEOS_MIGRATION_LOCK_TIMEOUT`` seconds), inside a
savepoint, and is retried with back-off up to ``LIFEOS_MIGRATION_LOCK_RETRIES``
times when the timeout fires (SQLSTATE 55P03). When the retries run out,
DDLLockTimeout names the table and the pid holding it; the migration's
transaction rolls back, so its schema changes are never half-applied.
"""

import re
import time

from django.conf import settings
from django.db import OperationalError, transaction

LOCK_NOT_AVAILABLE = "55P03"


class DDLLockTimeout(Exception):
    """A DDL statement could not get its table lock within the configured retries."""


def backoff_seconds(attempt, timeout):
    """Pause before retry ``attempt`` (1, 2, ...): half the timeout, doubling, at most 5s."""
    return min(5.0, timeout / 2 * 2 ** (attempt - 1))


def bound_ddl(schema_editor):
    """Run every later statement of ``schema_editor`` with a bounded, retried lock wait.

    Idempotent, and it stays on for the schema editor's life, so the SQL Django
    defers to the end of the migration (foreign keys, their indexes) is bounded
    too. Nothing changes on SQLite or while ``sqlmigrate`` collects SQL.
    """
    connection = schema_editor.connection
    if (
        connection.vendor != "postgresql"
        or schema_editor.collect_sql
        or getattr(schema_editor, "lifeos_bounded_ddl", False)
    ):
        return
    execute = schema_editor.execute

    def bounded_execute(sql, params=()):
        return run_bounded(connection, str(sql), lambda: execute(sql, params))

    schema_editor.execute = bounded_execute
    schema_editor.lifeos_bounded_ddl = True


def run_bounded(connection, sql, run):
    """Call ``run`` (which executes ``sql``) under lock_timeout, retrying on lock timeouts."""
    timeout = float(settings.LIFEOS_MIGRATION_LOCK_TIMEOUT)
    retries = int(settings.LIFEOS_MIGRATION_LOCK_RETRIES)
    attempt = 0
    while True:
        try:
            with transaction.atomic(using=connection.alias):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('lock_timeout', %s, true)",
                        [f"{round(timeout * 1000)}ms"],
                    )
                return run()
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) != LOCK_NOT_AVAILABLE:
                raise
            if attempt >= retries:
                message = lock_timeout_message(connection, sql, timeout, attempt + 1)
                raise DDLLockTimeout(message) from error
        attempt += 1
        time.sleep(backoff_seconds(attempt, timeout))


def lock_holders(connection, names):
    """(relation, pid, state, application, query) of other sessions locking ``names``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname, l.pid, a.state, a.application_name, "
            "left(regexp_replace(a.query, '\\s+', ' ', 'g'), 120) "
            "FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.granted AND l.pid <> pg_backend_pid() AND c.relname = ANY(%s) "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "ORDER BY c.relname, l.pid",
            [list(names)],
        )
        return cursor.fetchall()


def lock_timeout_message(connection, sql, timeout, attempts):
    """Which table the statement waited for and who holds it."""
    names = list(dict.fromkeys(re.findall(r'"([^"]+)"', sql)))
    holders = lock_holders(connection, names) if names else []
    table = holders[0][0] if holders else (names[0] if names else "?")
    if holders:
        blockers = "; ".join(
            f"pid {pid} on {relation} ({state or 'unknown state'}"
            f"{f', {application}' if application else ''}: {query})"
            for relation, pid, state, application, query in holders
        )
    else:
        blockers = "the blocking session had finished when the lock holders were listed"
    return (
        f'Table "{table}" stayed locked by other sessions: {attempts} attempts, each waiting '
        f"{timeout:g}s (LIFEOS_MIGRATION_LOCK_TIMEOUT), failed. Blocking: {blockers}. "
        "This migration's changes were rolled back; end or wait for the blocking "
        f"transaction and run migrate again. Statement: {sql[:200]}"
    )
