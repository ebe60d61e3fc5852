"""The migration lock: concurrent ``migrate`` runs apply each migration once."""

import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.migrations.loader import MigrationLoader

from lifeos.schema import locking
from lifeos.testing.processes import read_until, start_manage
from lifeos.tests.test_migrations import assert_target_schema, fetch, table_names

HOLD_LOCK = (
    "import sys\n"
    "from django.db import connection\n"
    "from lifeos.schema.locking import migration_lock\n"
    "with migration_lock(connection):\n"
    "    print('HOLDING', flush=True)\n"
    "    sys.stdin.readline()\n"
)


def start_lock_holder(alias):
    """A process holding ``alias``'s migration lock until a line is written to its stdin."""
    holder = start_manage(alias, "shell", "-c", HOLD_LOCK, stdin=subprocess.PIPE)
    read_until(holder, "HOLDING")
    return holder


def release(holder):
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.wait(timeout=60) == 0


def recorded_migrations(alias):
    return fetch(alias, "SELECT app, name, COUNT(*) FROM django_migrations GROUP BY app, name")


def test_four_concurrent_migrates_apply_each_migration_once(scratch_db):
    processes = [start_manage(scratch_db, "migrate", "--noinput") for _ in range(4)]
    outputs = [process.communicate(timeout=300)[0] for process in processes]

    assert [process.returncode for process in processes] == [0, 0, 0, 0], outputs
    assert_target_schema(scratch_db)
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    recorded = recorded_migrations(scratch_db)
    assert {(app, name) for app, name, _ in recorded} == on_disk
    assert {count for _, _, count in recorded} == {1}
    applied = re.findall(r"Applying (\S+)\.\.\.", "".join(outputs))
    assert sorted(applied) == sorted(f"{app}.{name}" for app, name in on_disk)


def test_lock_timeout_fails_naming_the_holder_and_applies_nothing(scratch_db):
    holder = start_lock_holder(scratch_db)
    out = io.StringIO()
    try:
        with pytest.raises(CommandError) as failure:
            call_command(
                "migrate", database=scratch_db, lock_timeout=0.5, interactive=False, stdout=out
            )
    finally:
        release(holder)

    message = str(failure.value)
    assert message.startswith("Another migrate holds the migration lock: ")
    assert f"lifeos migrate pid={holder.pid} " in message
    assert "--lock-timeout 0.5); nothing was applied." in message
    holder_description = message.split(": ", 1)[1].split(". Gave up")[0]
    assert f"Waiting for the migration lock, held by {holder_description}..." in out.getvalue()
    assert "django_migrations" not in table_names(scratch_db)


def test_waiting_migrate_applies_once_the_holder_releases(scratch_db):
    holder = start_lock_holder(scratch_db)
    try:
        waiting = start_manage(scratch_db, "migrate", "--noinput")
        said = read_until(waiting, "Waiting for the migration lock")
        assert f"pid={holder.pid} " in said
        assert "django_migrations" not in table_names(scratch_db)
    finally:
        release(holder)

    rest = waiting.communicate(timeout=300)[0]
    assert waiting.returncode == 0, rest
    assert "Applying finance.0002_backend_updates_validation... OK" in rest
    assert_target_schema(scratch_db)


def test_only_migrate_takes_the_lock(scratch_db, monkeypatch):
    call_command("migrate", database=scratch_db, verbosity=0, interactive=False)

    def refuse(*args, **kwargs):
        raise AssertionError("took the migration lock")

    monkeypatch.setattr(locking, "_acquire", refuse)
    quiet = {"database": scratch_db, "stdout": io.StringIO()}
    call_command("sqlmigrate", "finance", "0002", **quiet)
    call_command("showmigrations", **quiet)
    call_command("migrate", plan=True, **quiet)
    call_command("migrate", check_unapplied=True, **quiet)
    with pytest.raises(AssertionError, match="took the migration lock"):
        call_command("migrate", interactive=False, **quiet)
