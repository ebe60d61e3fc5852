"""manage.py verify_schema: compare the live database with the LifeOS models."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from lifeos.schema.repair import fix_backfill, fix_maintained
from lifeos.schema.verification import render_text, verify

# Exit statuses, documented in docs/verify_schema.md. argparse would exit 2 on a
# mistyped option, the status of an unreachable database: usage errors get
# EX_USAGE (64, sysexits.h) instead, so a pipeline can tell them apart.
EXIT_PROBLEMS = 1
EXIT_UNREACHABLE = 2
EXIT_USAGE = 64


class Command(BaseCommand):
    help = (
        "Verify the database against the LifeOS models: tables, columns (type, nullability, "
        "defaults), named indexes and constraints, and data invariants (normalized account "
        "names, balanced journal entries, rows breaking a CHECK the database lacks). Reads "
        "only, unless --fix-backfill. Exit status: 0 clean, 1 problems found, 2 database "
        "unreachable, 64 usage error (an unknown option or a bad value)."
    )
    requires_system_checks = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def usage_error(message):
            if parser.called_from_command_line:
                parser.print_usage(sys.stderr)
                parser.exit(EXIT_USAGE, f"{parser.prog}: error: {message}\n")
            raise CommandError(f"Error: {message}", returncode=EXIT_USAGE)

        parser.error = usage_error
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help='Database alias to verify (default: "default").',
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="text: a report grouped by domain and a summary line (default); json: the "
            "same report for machines.",
        )
        parser.add_argument(
            "--fix-backfill",
            action="store_true",
            help="Before verifying, re-normalize every account whose normalized_name is empty "
            "or differs from its normalized name (in batches of LIFEOS_BACKFILL_BATCH_SIZE) "
            "and report how many rows changed; then recompute every table kept by triggers "
            "(finance_account_month_balance) whose rows differ from their source. Other rows "
            "are left as they are.",
        )

    def handle(self, *args, database, format, fix_backfill, **options):
        connection = connections[database]
        try:
            connection.ensure_connection()
            fixed = None
            if fix_backfill:
                # The progress line is for people; JSON output stays parseable.
                show = format == "text" and self.stdout.isatty()
                fixed = self.fix(connection, show_progress=show)
                recomputed = fix_maintained(connection)
                if format == "text":
                    self.stdout.write(
                        self.style.SUCCESS(f"--fix-backfill changed {fixed} account row(s).")
                    )
                    if recomputed:
                        self.stdout.write(
                            self.style.SUCCESS(
                                f"--fix-backfill recomputed tables with {recomputed} stale row(s)."
                            )
                        )
            report = verify(connection)
        except DatabaseError as error:
            raise CommandError(
                f"database {database!r} cannot be reached or read: {str(error).strip()}",
                returncode=EXIT_UNREACHABLE,
            ) from error
        if format == "json":
            data = report.as_dict()
            if fixed is not None:
                data["fixed_rows"] = fixed
                data["recomputed_rows"] = recomputed
            self.stdout.write(json.dumps(data, indent=2))
        else:
            style = self.style.SUCCESS if report.ok else self.style.ERROR
            text = render_text(report)
            body, summary = text.rsplit("\n", 1)
            self.stdout.write(body)
            self.stdout.write(style(summary))
        if not report.ok:
            raise CommandError(
                f"{len(report.problems)} problem(s) found in database {database!r}",
                returncode=EXIT_PROBLEMS,
            )

    def fix(self, connection, *, show_progress):
        """Run the stale-inclusive backfill, with a progress line when asked."""

        def progress(state):
            self.stdout.write(
                f"\r  normalized_name: {state.rows_done}/{state.rows_total} rows "
                f"({state.rows_per_second:.0f} rows/s)",
                ending="",
            )
            self.stdout.flush()

        changed = fix_backfill(connection, progress=progress if show_progress else None)
        if show_progress:
            self.stdout.write("")
        return changed
