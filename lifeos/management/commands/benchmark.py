"""``benchmark``: typeahead, trial balance, habit logs and migrate, against the naive ORM and
the raw-driver floor (``lifeos.benchmarks``)."""

from django.core.management.base import BaseCommand, CommandError

from lifeos.benchmarks.database import benchmark_database
from lifeos.benchmarks.queries import results_agree
from lifeos.benchmarks.report import format_markdown, format_report, write_json, write_plot
from lifeos.benchmarks.runner import BenchmarkError, check_arguments, run_benchmark


class Command(BaseCommand):
    help = (
        "Generate the benchmark data set in a scratch database of its own (on the configured "
        "PostgreSQL server, or next to the SQLite file; dropped afterwards: the configured "
        "database's rows are left alone), or reuse a named one (--benchmark-database), then "
        "time the typeahead, the trial balances, habit-log reads, the 365-day forecast, a "
        "receivable statement and the morning view (ours, the naive ORM, the raw driver, and "
        "where it had one the original application's query) and migrate on "
        "scratch databases; print a table of p50/p95/p99 and the targets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=(
                "Size of the data set: 1 is 1,000 users with 1,000 accounts each, a heavy user "
                "with 100,000 accounts and 100,000 lines, 2,000,000 lines in all, a year of habit "
                "logs, and a 1,000,000-row legacy table; 0.01 is a quick run (default: 1)."
            ),
        )
        parser.add_argument(
            "--benchmark-database",
            metavar="NAME",
            help=(
                "Use (and keep) the benchmark database NAME: a database on the configured "
                "PostgreSQL server, or NAME.sqlite3 next to the SQLite file (a path ending in "
                ".sqlite3 is taken as it is); created and migrated when missing, its data set "
                "reused by a later run at the same scale. Default: a scratch database, dropped "
                "after the run."
            ),
        )
        parser.add_argument(
            "--runs",
            type=int,
            default=200,
            help="Timed runs of each read and each variant (default: 200).",
        )
        parser.add_argument(
            "--warmup",
            type=int,
            default=20,
            help="Untimed warm-up runs before the timed ones (default: 20).",
        )
        parser.add_argument(
            "--migrate-runs",
            type=int,
            default=3,
            help="Scratch databases to time migrate on; the median is reported (default: 3).",
        )
        parser.add_argument(
            "--only",
            metavar="NAMES",
            type=lambda value: [name.strip() for name in value.split(",") if name.strip()],
            help=(
                "Measure only these reads, comma-separated (typeahead, trial_balance, "
                "trial_balance_as_of, trial_balance_period, trial_balance_monthly, "
                "habit_logs_30d, habit_logs_365d, forecast_365, receivable_statement, today), "
                "and the migrations only when 'migrate' is among them. Default: everything."
            ),
        )
        parser.add_argument(
            "--json", metavar="FILE", help="Also write every figure to FILE as JSON."
        )
        parser.add_argument(
            "--markdown",
            metavar="FILE",
            help="Also write the tables to FILE as Markdown (for docs/performance.md).",
        )
        parser.add_argument(
            "--plot",
            metavar="FILE",
            help="Also draw the chart to FILE (PNG; needs matplotlib: pip install 'lifeos[plot]').",
        )

    def handle(self, *args, **options):
        if options["plot"]:
            try:
                import matplotlib  # noqa: F401
            except ImportError as error:
                raise CommandError(
                    "--plot needs matplotlib: pip install 'lifeos[plot]'."
                ) from error
        try:
            check_arguments(
                scale=options["scale"],
                runs=options["runs"],
                warmup=options["warmup"],
                migrate_runs=options["migrate_runs"],
                only=options["only"],
            )
            with benchmark_database(options["benchmark_database"], log=self.log):
                figures = run_benchmark(
                    scale=options["scale"],
                    runs=options["runs"],
                    warmup=options["warmup"],
                    migrate_runs=options["migrate_runs"],
                    only=options["only"],
                    log=self.log,
                )
        except (BenchmarkError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(format_report(figures))
        if options["json"]:
            write_json(figures, options["json"])
            self.stdout.write(self.style.SUCCESS(f"Figures written to {options['json']}."))
        if options["markdown"]:
            with open(options["markdown"], "w", encoding="utf-8") as handle:
                handle.write(format_markdown(figures) + "\n")
            self.stdout.write(self.style.SUCCESS(f"Tables written to {options['markdown']}."))
        if options["plot"]:
            write_plot(figures, options["plot"])
            self.stdout.write(self.style.SUCCESS(f"Chart drawn to {options['plot']}."))
        if not all(results_agree(row) for row in figures["queries"]):
            raise CommandError("Some reads did not return the same result in all their versions.")

    def log(self, message):
        self.stdout.write(message)
        self.stdout.flush()
