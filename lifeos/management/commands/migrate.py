"""``migrate`` with a migration lock: one at a time per database.

Everything of Django's ``migrate`` is kept (options, output); before planning it
takes the database's migration lock (``lifeos.schema.locking``), so a second
``migrate`` waits, then plans from what the first one applied.
"""

from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import connections

from lifeos.checks import schema_checks_suppressed
from lifeos.schema.bounded_ddl import DDLLockTimeout
from lifeos.schema.locking import MigrationLockTimeout, migration_lock


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
