"""The migration lock: one ``migrate`` at a time per database.

Django has no migration lock, and ``django_migrations`` has no unique key, so two
deploy jobs running ``migrate`` together both apply (and both record) the same
migration. ``migrate`` therefore holds this lock from before it plans until it
is done; a second one waits for it, then plans from what the first one applied.

- PostgreSQL: a session-level advisory lock keyed to the database name, held on
  a connection of its own whose ``application_name`` says who holds it. The
  server releases it when that session ends, even if the process is killed.
- SQLite: an exclusive ``flock`` on ``<database file>.migrate.lock``, into which
  the holder writes its pid and host. The kernel releases it when the process
  dies. An in-memory database belongs to one process: it needs no lock.
"""

import fcntl
import hashlib
import os
import socket
import time
from contextlib import contextmanager

from django.db import connections
from django.utils import timezone

POLL_SECONDS = 0.2


class MigrationLockTimeout(Exception):
    """The migration lock was still held by someone else when the wait ran out."""


def holder_label():
    """Who this process is, as other waiters see it."""
    return f"lifeos migrate pid={os.getpid()} host={socket.gethostname()}"


def advisory_key(database_name):
    """The signed 64-bit advisory-lock key of a database name."""
    digest = hashlib.sha256(f"lifeos migrate {database_name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PostgresMigrationLock:
    """A session-level advisory lock, on a connection of its own."""

    def __init__(self, connection):
        self.database = connection.settings_dict["NAME"]
        self.key = advisory_key(self.database)
        self.connection = type(connection)(dict(connection.settings_dict), connection.alias)

    def try_acquire(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('application_name', %s, false)", [holder_label()])
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
            return cursor.fetchone()[0]

    def holder(self):
        """The session holding the lock, from pg_locks and pg_stat_activity."""
        unsigned = self.key & 0xFFFFFFFFFFFFFFFF
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT l.pid, a.application_name, a.client_addr, a.backend_start "
                "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND l.classid = CAST(%s AS bigint)::oid AND l.objid = CAST(%s AS bigint)::oid",
                [unsigned >> 32, unsigned & 0xFFFFFFFF],
            )
            row = cursor.fetchone()
        if row is None:
            return "another session (gone since)"
        pid, application, address, started = row
        where = f" from {address}" if address else ""
        since = f", since {started:%Y-%m-%d %H:%M:%S %Z}" if started else ""
        return (
            f"PostgreSQL backend pid {pid} ({application or 'no application_name'}{where}{since})"
        )

    def release(self):
        # Closing the session releases its advisory locks.
        self.connection.close()


class SqliteMigrationLock:
    """An exclusive flock on a file beside the database file."""

    def __init__(self, connection):
        self.path = f"{connection.settings_dict['NAME']}.migrate.lock"
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)

    def try_acquire(self):
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        os.ftruncate(self.fd, 0)
        os.pwrite(
            self.fd, f"{holder_label()} since={timezone.now():%Y-%m-%d %H:%M:%S}Z\n".encode(), 0
        )
        return True

    def holder(self):
        with open(self.path, encoding="utf-8", errors="replace") as lock_file:
            written = lock_file.read().strip()
        return f"{written or 'a process that has not said who it is'} (lock file {self.path})"

    def release(self):
        os.close(self.fd)


def _lock_for(connection):
    if connection.vendor == "postgresql":
        return PostgresMigrationLock(connection)
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return SqliteMigrationLock(connection)
    return None


@contextmanager
def migration_lock(connection, *, timeout=None, on_wait=None):
    """Hold the migration lock of ``connection``'s database for the block.

    When another process holds it, ``on_wait(holder)`` is called with a
    description of the holder (again if the holder changes) and the lock is
    polled until it is free; after ``timeout`` seconds (None: no limit)
    MigrationLockTimeout is raised.
    """
    lock = _lock_for(connections[connection.alias])  # not django.db.connection, a proxy
    if lock is None:
        yield
        return
    try:
        _acquire(lock, timeout, on_wait)
    except BaseException:
        lock.release()
        raise
    try:
        yield
    finally:
        lock.release()


def _acquire(lock, timeout, on_wait):
    started = time.monotonic()
    reported = None
    while not lock.try_acquire():
        holder = lock.holder()
        waited = time.monotonic() - started
        if timeout is not None and waited >= timeout:
            raise MigrationLockTimeout(
                f"Another migrate holds the migration lock: {holder}. Gave up after waiting "
                f"{waited:.1f}s (--lock-timeout {timeout:g}); nothing was applied."
            )
        if on_wait and holder != reported:
            on_wait(holder)
            reported = holder
        pause = POLL_SECONDS if timeout is None else min(POLL_SECONDS, timeout - waited)
        time.sleep(max(pause, 0.01))
