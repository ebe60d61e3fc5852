"""The normalized_name backfill commits batch by batch, so an interrupted one resumes."""

import io
import signal
import time

import pytest
from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader

from lifeos.normalization import normalize_account_name
from lifeos.schema import backfill
from lifeos.schema.backfill import BackfillProgress, TerminalProgress, backfill_in_committed_batches
from lifeos.testing.legacy import load_legacy_schema
from lifeos.testing.processes import start_manage
from lifeos.tests.test_migrations import fetch, legacy_user_and_category, migrate, run_sql

LEGACY_ROWS = 200_000
ACCOUNT_OPTIONS = {
    "table": "finance_account",
    "pk": "id",
    "source": "name",
    "target": "normalized_name",
}


def legacy_name(number):
    """The name the bulk insert gives row ``number``: mostly ASCII, every 1000th not."""
    return f"Épargne {number}" if number % 1000 == 0 else f"  Account {number} "


def insert_legacy_accounts(alias, rows):
    """A 20251216 database with ``rows`` accounts named ``legacy_name(id)`` and no
    ``normalized_name`` (as rows not created through the original's service)."""
    load_legacy_schema(alias)
    user_id, category_id = legacy_user_and_category(alias)
    if connections[alias].vendor == "postgresql":
        numbers = f"SELECT generate_series(1, {rows}) AS n"
    else:
        numbers = (
            f"WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers "
            f"WHERE n < {rows}) SELECT n FROM numbers"
        )
    run_sql(
        alias,
        "INSERT INTO finance_account (id, user_id, category_id, name) "
        f"SELECT n, {user_id}, {category_id}, CASE WHEN n % 1000 = 0 THEN 'Épargne ' || n "
        f"ELSE '  Account ' || n || ' ' END FROM ({numbers}) AS numbers",
    )


def backfilled_count(alias):
    """Rows whose normalized_name is filled; None while the column does not exist yet."""
    try:
        return fetch(alias, "SELECT COUNT(*) FROM finance_account WHERE normalized_name <> ''")[0][
            0
        ]
    except DatabaseError:
        return None


def test_migrate_killed_during_backfill_loses_nothing_and_next_migrate_finishes(scratch_db):
    insert_legacy_accounts(scratch_db, LEGACY_ROWS)
    # Small batches: 2,000 commits, so the kill lands mid-backfill even when this
    # process's polling is slowed down by the other tests running beside it.
    process = start_manage(
        scratch_db, "migrate", "--noinput", env={"LIFEOS_BACKFILL_BATCH_SIZE": 100}
    )
    try:
        while not (done := backfilled_count(scratch_db)) and process.poll() is None:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)

    assert process.returncode == -signal.SIGKILL
    kept = backfilled_count(scratch_db)
    assert 0 < done <= kept < LEGACY_ROWS
    migrate(scratch_db)

    rows = fetch(scratch_db, "SELECT id, name, normalized_name FROM finance_account ORDER BY id")
    assert [(pk, name) for pk, name, _ in rows] == [
        (number, legacy_name(number)) for number in range(1, LEGACY_ROWS + 1)
    ]
    assert all(normalized == normalize_account_name(name) for _, name, normalized in rows)
    recorded = fetch(
        scratch_db,
        "SELECT name, COUNT(*) FROM django_migrations WHERE app = 'finance' GROUP BY name",
    )
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    assert sorted(recorded) == sorted((name, 1) for app, name in on_disk if app == "finance")


def test_failed_backfill_keeps_the_batches_it_committed(scratch_db, monkeypatch):
    insert_legacy_accounts(scratch_db, 6)
    run_batch = backfill.NormalizedColumnBackfill.run_batch
    batches = []

    def fail_third_batch(self, after, until):
        batches.append(until)
        if len(batches) == 3:
            raise RuntimeError("killed")
        return run_batch(self, after, until)

    monkeypatch.setattr(backfill.NormalizedColumnBackfill, "run_batch", fail_third_batch)

    with pytest.raises(RuntimeError, match="killed"):
        backfill_in_committed_batches(connections[scratch_db], batch_size=2, **ACCOUNT_OPTIONS)

    assert connections[scratch_db].get_autocommit()
    assert fetch(scratch_db, "SELECT id, normalized_name FROM finance_account ORDER BY id") == [
        (1, "account 1"),
        (2, "account 2"),
        (3, "account 3"),
        (4, "account 4"),
        (5, ""),
        (6, ""),
    ]


def test_terminal_progress_shows_rows_rate_and_time_left():
    stream = io.StringIO()
    progress = TerminalProgress("Backfilling finance_account.normalized_name", stream=stream)

    progress(BackfillProgress(rows_done=5_000, rows_total=20_000, seconds=2.0))
    progress(BackfillProgress(rows_done=10_000, rows_total=20_000, seconds=2.1))
    progress(BackfillProgress(rows_done=20_000, rows_total=20_000, seconds=4.0))
    progress.finish()

    assert stream.getvalue() == (
        "\n  Backfilling finance_account.normalized_name: 5,000 of 20,000 rows, "
        "2,500 rows/s, 6s left\x1b[K"
        "\r  Backfilling finance_account.normalized_name: 20,000 of 20,000 rows, "
        "5,000 rows/s, 0s left\x1b[K\n"
    )
