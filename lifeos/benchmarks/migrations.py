"""``migrate`` timed on throwaway databases of the configured backend.

Each measurement runs ``call_command("migrate")`` in this process on a scratch
database alias (``lifeos.testing.databases``), so the figures are the
migration work itself, not Python's and Django's start-up.
"""

import contextlib
import random
import tempfile
import time
import uuid
from unittest import mock

from django.core.management import call_command
from django.db import connections, transaction

from lifeos.benchmarks.data import ACCOUNT_WORDS, BulkWriter
from lifeos.benchmarks.harness import time_once
from lifeos.schema import operations
from lifeos.schema.verification import LIFEOS_APPS
from lifeos.testing.databases import create_scratch_database, drop_scratch_database

LEGACY_ROWS_AT_SCALE_1 = 1_000_000
LEGACY_USERS_AT_SCALE_1 = 1_000
# Share of legacy names with non-ASCII characters (normalized in Python on PostgreSQL).
LEGACY_NON_ASCII_SHARE = 0.05
ASCII_WORDS = [word for word in ACCOUNT_WORDS if word.isascii()]
NON_ASCII_WORDS = [word for word in ACCOUNT_WORDS if not word.isascii()]


@contextlib.contextmanager
def scratch_database():
    """A throwaway empty database of the configured backend, as a connection alias."""
    alias = f"lifeos_benchmark_{uuid.uuid4().hex[:10]}"
    with tempfile.TemporaryDirectory() as directory:
        create_scratch_database(alias, directory)
        try:
            yield alias
        finally:
            drop_scratch_database(alias)


def migrate(alias, *targets):
    call_command("migrate", *targets, database=alias, verbosity=0, interactive=False)


def forget_lifeos_migrations(alias):
    """Delete the seven LifeOS apps' rows of django_migrations."""
    placeholders = ", ".join(["%s"] * len(LIFEOS_APPS))
    with connections[alias].cursor() as cursor:
        cursor.execute(f"DELETE FROM django_migrations WHERE app IN ({placeholders})", LIFEOS_APPS)


def _summary(seconds):
    ordered = sorted(seconds)
    return {
        "runs": len(ordered),
        "median_s": ordered[len(ordered) // 2],
        "min_s": ordered[0],
        "max_s": ordered[-1],
        "all_s": seconds,
    }


def measure_migrate(*, runs, log):
    """``migrate`` on an empty database, with nothing to apply, and with its history forgotten."""
    seconds = {"empty": [], "nothing_to_apply": [], "history_forgotten": []}
    for run in range(runs):
        with scratch_database() as alias:
            seconds["empty"].append(time_once(lambda alias=alias: migrate(alias))[0])
            seconds["nothing_to_apply"].append(time_once(lambda alias=alias: migrate(alias))[0])
            forget_lifeos_migrations(alias)
            seconds["history_forgotten"].append(time_once(lambda alias=alias: migrate(alias))[0])
        log(
            f"  migrate run {run + 1}/{runs}: "
            + ", ".join(f"{name} {values[-1]:.2f} s" for name, values in seconds.items())
        )
    return {name: _summary(values) for name, values in seconds.items()}


def legacy_size(scale):
    return (
        max(1_000, round(LEGACY_ROWS_AT_SCALE_1 * scale)),
        max(1, round(LEGACY_USERS_AT_SCALE_1 * scale)),
    )


def legacy_names(count, seed=7):
    """Account names of a legacy table; a few with non-ASCII characters."""
    rng = random.Random(seed)
    return [
        f"{rng.choice(NON_ASCII_WORDS if rng.random() < LEGACY_NON_ASCII_SHARE else ASCII_WORDS)}"
        f" {number}"
        for number in range(1, count + 1)
    ]


def create_legacy_account_table(alias):
    """finance_account as revision 20251216 left it (id, user_id, name, is_active)."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        pk = "id bigserial PRIMARY KEY"
    else:
        pk = "id integer PRIMARY KEY AUTOINCREMENT"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE finance_account ({pk}, "
            "user_id integer NOT NULL REFERENCES auth_user (id), "
            "name varchar(255) NOT NULL, is_active boolean NOT NULL DEFAULT true)"
        )


class _TimedBackfill:
    """Times the migration's backfill operation (BackfillNormalizedColumn) as it runs."""

    def __init__(self):
        self.seconds = 0.0
        self.original = operations.BackfillNormalizedColumn.database_forwards

    def wrapper(self):
        timer = self

        def database_forwards(operation, *args, **kwargs):
            started = time.perf_counter()
            try:
                return timer.original(operation, *args, **kwargs)
            finally:
                timer.seconds += time.perf_counter() - started

        return database_forwards


def measure_legacy_adoption(scale, *, log):
    """``migrate`` over a legacy finance_account of 1,000,000 rows at scale 1 (adds, backfills,
    indexes); returns its time and the backfill's rows per second."""
    rows, users = legacy_size(scale)
    with scratch_database() as alias:
        migrate(alias, "auth")
        create_legacy_account_table(alias)
        connection = connections[alias]
        writer = BulkWriter(connection)
        names = legacy_names(rows)
        with transaction.atomic(using=alias):
            writer.write(
                "auth_user",
                [
                    "id",
                    "password",
                    "is_superuser",
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "is_staff",
                    "is_active",
                    "date_joined",
                ],
                (
                    (pk, "!", False, f"legacy-{pk}", "", "", "", False, True, "2025-12-16")
                    for pk in range(1, users + 1)
                ),
            )
            writer.write(
                "finance_account",
                ["id", "user_id", "name", "is_active"],
                ((pk, pk % users + 1, name, True) for pk, name in enumerate(names, start=1)),
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
        log(f"  legacy finance_account of {rows} rows loaded; migrating…")
        timed = _TimedBackfill()
        with mock.patch.object(
            operations.BackfillNormalizedColumn, "database_forwards", timed.wrapper()
        ):
            seconds, _ = time_once(lambda: migrate(alias))
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM finance_account WHERE normalized_name = ''")
            left_empty = cursor.fetchone()[0]
    # Every legacy row lacks normalized_name, so the backfill fills every row.
    return {
        "rows": rows,
        "non_ascii_share": LEGACY_NON_ASCII_SHARE,
        "seconds": seconds,
        "backfill_seconds": timed.seconds,
        "backfill_rows": rows,
        "backfill_rows_per_second": rows / timed.seconds if timed.seconds else 0.0,
        "rows_left_unnormalized": left_empty,
    }
