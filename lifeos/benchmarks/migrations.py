"""``migrate`` timed on throwaway databases of the configured backend.

Each measurement creates a scratch database (``lifeos.testing.databases``) and
runs in a child process whose default database it is
(``main`` below): the child times
``call_command("migrate")`` itself, so the figures are the migration work, not
Python's and Django's start-up, and no cache of this process helps them.
"""

import contextlib
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from unittest import mock
from urllib.parse import quote

from django.core.management import call_command
from django.db import connections, transaction

from lifeos.benchmarks.data import ACCOUNT_WORDS, AUTH_USER_COLUMNS, BulkWriter
from lifeos.benchmarks.harness import time_once
from lifeos.schema import operations
from lifeos.schema.verification import LIFEOS_APPS
from lifeos.testing.databases import create_scratch_database, drop_scratch_database
from lifeos.testing.legacy import load_legacy_schema

# The child: Django set up on the scratch database, then ``main``.
CHILD_PROGRAM = (
    "import sys, django; django.setup(); "
    "from lifeos.benchmarks.migrations import main; main(sys.argv[1:])"
)
LEGACY_ROWS_AT_SCALE_1 = 1_000_000
LEGACY_USERS_AT_SCALE_1 = 1_000
# Share of legacy names with non-ASCII characters (normalized in Python on PostgreSQL).
LEGACY_NON_ASCII_SHARE = 0.05
ASCII_WORDS = [word for word in ACCOUNT_WORDS if word.isascii()]
NON_ASCII_WORDS = [word for word in ACCOUNT_WORDS if not word.isascii()]


@contextlib.contextmanager
def scratch_database():
    """A throwaway empty database of the configured backend, as a DATABASE_URL."""
    alias = f"lifeos_benchmark_{uuid.uuid4().hex[:10]}"
    with tempfile.TemporaryDirectory() as directory:
        name = create_scratch_database(alias, directory)
        try:
            yield database_url(connections.settings[alias], name)
        finally:
            drop_scratch_database(alias)


def database_url(settings_dict, name):
    """A DATABASE_URL for database ``name`` on the server of ``settings_dict``."""
    if "sqlite" in settings_dict["ENGINE"]:
        return f"sqlite:///{os.path.abspath(name)}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD")
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}"


def in_child_process(url, *arguments):
    """Run this module's ``main`` with ``arguments`` on database ``url``; return its JSON."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "lifeos.settings",
        "DJANGO_DEBUG": "0",
        # Debug off (no query log) is the production profile, which needs a real key;
        # a throwaway one serves this child, which signs nothing that outlives it.
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    completed = subprocess.run(
        [sys.executable, "-c", CHILD_PROGRAM, *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"The migrate benchmark ({' '.join(arguments)}) failed:\n{completed.stderr[-4000:]}"
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


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


def migrate_cycle(alias):
    """Seconds of migrate on an empty database, then with nothing to apply, then forgotten."""
    seconds = {"empty": time_once(lambda: migrate(alias))[0]}
    seconds["nothing_to_apply"] = time_once(lambda: migrate(alias))[0]
    forget_lifeos_migrations(alias)
    seconds["history_forgotten"] = time_once(lambda: migrate(alias))[0]
    return seconds


def measure_migrate(*, runs, log):
    """``migrate`` on an empty database, with nothing to apply, and with its history forgotten."""
    seconds = {"empty": [], "nothing_to_apply": [], "history_forgotten": []}
    for run in range(runs):
        with scratch_database() as url:
            cycle = in_child_process(url, "cycle")
        for name, value in cycle.items():
            seconds[name].append(value)
        log(
            f"  migrate run {run + 1}/{runs}: "
            + ", ".join(f"{name} {value:.2f} s" for name, value in cycle.items())
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
    """``migrate`` over a 20251216 database with 1,000,000 accounts at scale 1 (owners filled,
    names backfilled); its time and the backfill's rows per second."""
    rows, _ = legacy_size(scale)
    log(f"  legacy adoption of a {rows}-row finance_account…")
    with scratch_database() as url:
        return in_child_process(url, "legacy", repr(scale))


def legacy_adoption(alias, scale):
    """Load a filled 20251216 database (the original's own DDL) into ``alias``, then time migrate.

    Its accounts have an empty ``normalized_name`` (as rows the original did not
    create through its service have), so the backfill fills every row.
    """
    rows, users = legacy_size(scale)
    load_legacy_schema(alias)
    connection = connections[alias]
    writer = BulkWriter(connection)
    names = legacy_names(rows)
    with transaction.atomic(using=alias):
        writer.write(
            '"user"',
            AUTH_USER_COLUMNS,
            (
                (pk, "$2b$12$" + "x" * 53, f"legacy-{pk}@example.com", None, True)
                for pk in range(1, users + 1)
            ),
        )
        writer.write(
            "finance_account_category",
            ["id", "code", "name", "normal_balance"],
            [(1, "ASSET", "Assets", "debit")],
        )
        writer.write(
            "finance_account",
            ["id", "user_id", "category_id", "name", "is_active"],
            ((pk, pk % users + 1, 1, name, True) for pk, name in enumerate(names, start=1)),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
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


def main(arguments):
    """The child process: one measurement on the database DATABASE_URL names; JSON on stdout."""
    if arguments[0] == "cycle":
        result = migrate_cycle("default")
    else:
        result = legacy_adoption("default", float(arguments[1]))
    sys.stdout.write(json.dumps(result) + "\n")
