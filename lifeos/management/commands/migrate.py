"""``migrate`` with a migration lock: one at a time per database.

Everything of Django's ``migrate`` is kept (options, output); before planning it
takes the database's migration lock (``lifeos.schema.locking``), so a second
``migrate`` waits, then plans from what the first one applied.

Output for logs: when stdout is not a terminal (a deploy script, a container),
each line is written whole once complete ("Applying x... OK" is one event, and
a warning logged meanwhile lands on a line of its own); with
LIFEOS_LOG_FORMAT=json each line is a JSON event of the ``lifeos.migrate``
logger instead.
"""

import io
import logging
import sys

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import connections

from lifeos.checks import schema_checks_suppressed
from lifeos.schema.bounded_ddl import DDLLockTimeout
from lifeos.schema.locking import MigrationLockTimeout, migration_lock

logger = logging.getLogger("lifeos.migrate")


class LineEvents(io.TextIOBase):
    """A text stream that hands each complete, non-blank line to ``emit``."""

    def __init__(self, emit):
        self.emit = emit
        self.pending = ""

    def write(self, text):
        *lines, self.pending = (self.pending + text).split("\n")
        for line in lines:
            if line.strip():
                self.emit(line.rstrip())
        return len(text)

    def isatty(self):
        return False

    def finish(self):
        """Emit the last, unterminated line, if any."""
        if self.pending.strip():
            self.emit(self.pending.rstrip())
        self.pending = ""


def log_line(line):
    logger.info(line.strip())


def write_line(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Command(migrate.Command):
    help = (
        migrate.Command.help
        + " Takes the database's migration lock first: a concurrent migrate waits for it."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=None,
            metavar="SECONDS",
            help=(
                "Wait at most this many seconds for the migration lock held by another "
                "migrate, then fail (default: wait as long as it takes)."
            ),
        )

    def execute(self, *args, **options):
        """Django's execute, with stdout as whole lines or JSON events when not a terminal."""
        if options.get("stdout") or sys.stdout.isatty():
            return super().execute(*args, **options)
        json_events = settings.LIFEOS_LOG_FORMAT == "json"
        stream = LineEvents(log_line if json_events else write_line)
        try:
            return super().execute(*args, **{**options, "stdout": stream})
        finally:
            stream.finish()

    def handle(self, *args, **options):
        timeout = options["lock_timeout"]
        if timeout is not None and timeout < 0:
            raise CommandError("--lock-timeout must be zero or more seconds.")
        if options["plan"] or options["check_unapplied"]:
            # Read-only: they apply nothing, so they need no lock.
            return super().handle(*args, **options)
        connection = connections[options["database"]]
        self.verbosity = options["verbosity"]
        try:
            with migration_lock(connection, timeout=timeout, on_wait=self.report_wait):
                return super().handle(*args, **options)
        except (MigrationLockTimeout, DDLLockTimeout) as error:
            raise CommandError(str(error)) from error

    def check(self, *args, **kwargs):
        """Django's checks without LifeOS's schema ones: the drift they report is what
        migrate repairs, so they must not stop it."""
        with schema_checks_suppressed():
            return super().check(*args, **kwargs)

    def report_wait(self, holder):
        """Say who holds the lock this migrate is waiting for."""
        if self.verbosity >= 1:
            self.stdout.write(f"Waiting for the migration lock, held by {holder}...")
            self.stdout.flush()
