"""The database a benchmark run reads and writes: never the configured one's rows.

By default a scratch database of its own, made for the run and dropped after it:
on PostgreSQL a database ``lifeos_benchmark_<id>`` on the configured server, on
SQLite a file ``lifeos_benchmark_<id>.sqlite3`` next to the configured file.
``--benchmark-database NAME`` names one instead, created when missing and kept,
so that a later run at the same scale reuses its data set.
"""

import contextlib
import copy
import os
import tempfile
import uuid
from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

from lifeos.testing.databases import admin_connection

SCRATCH_PREFIX = "lifeos_benchmark_"


def database_location(settings_dict, name):
    """Where benchmark database ``name`` lives: a PostgreSQL name or a SQLite path."""
    if "sqlite" not in settings_dict["ENGINE"]:
        return name
    if name.endswith(".sqlite3") or os.sep in name:
        return str(Path(name).resolve())
    configured = str(settings_dict["NAME"])
    in_memory = configured == ":memory:" or "mode=memory" in configured
    directory = tempfile.gettempdir() if in_memory else Path(configured).resolve().parent
    return str(Path(directory) / f"{name}.sqlite3")


def _postgresql_exists(name):
    admin = admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        admin.close()


def _postgresql_run(sql):
    admin = admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql)
    finally:
        admin.close()


@contextlib.contextmanager
def _default_connection_on(settings_dict):
    """The default connection replaced by one to ``settings_dict`` for the block.

    The configured connection object is set aside, not closed, and put back after
    (an in-memory SQLite database lives only as long as its connection).
    """
    original_settings = connections.settings[DEFAULT_DB_ALIAS]
    original = connections[DEFAULT_DB_ALIAS]
    connections.settings[DEFAULT_DB_ALIAS] = settings_dict
    replacement = connections.create_connection(DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = replacement
    try:
        yield
    finally:
        replacement.close()
        connections.settings[DEFAULT_DB_ALIAS] = original_settings
        connections[DEFAULT_DB_ALIAS] = original


@contextlib.contextmanager
def benchmark_database(name=None, *, log=lambda message: None):
    """Run the block with the default connection on a benchmark database, migrated.

    ``name`` None: a scratch database, dropped afterwards. Otherwise the named
    database, created when missing and kept. Yields its location.
    """
    original = connections.settings[DEFAULT_DB_ALIAS]
    scratch = name is None
    name = name or f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:10]}"
    location = database_location(original, name)
    sqlite = "sqlite" in original["ENGINE"]
    if sqlite and os.path.abspath(str(original["NAME"])) == location:
        raise ValueError(f"{name!r} is the configured database; name another one.")
    if not sqlite and name == original["NAME"]:
        raise ValueError(f"{name!r} is the configured database; name another one.")
    created = False
    if not sqlite and not _postgresql_exists(name):
        _postgresql_run(f'CREATE DATABASE "{name}"')
        created = True
    elif sqlite:
        created = not os.path.exists(location)
    kind = "scratch" if scratch else ("new" if created else "existing")
    log(f"Benchmark database ({kind}): {location}")
    settings_dict = copy.deepcopy(original)
    settings_dict["NAME"] = location
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "NAME": location}
    try:
        with _default_connection_on(settings_dict):
            log("Migrating the benchmark database…")
            call_command("migrate", verbosity=0, interactive=False)
            yield location
    finally:
        if scratch:
            if sqlite:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(location)
            else:
                _postgresql_run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
