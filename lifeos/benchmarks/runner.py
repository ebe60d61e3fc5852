"""One benchmark run: data set, reads, migrations, targets."""

import datetime
import os
import platform
import sqlite3

import django
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings

from lifeos.benchmarks.data import ensure_dataset
from lifeos.benchmarks.migrations import measure_legacy_adoption, measure_migrate
from lifeos.benchmarks.queries import build_cases, read_names, run_case
from lifeos.benchmarks.report import evaluate_targets


class BenchmarkError(Exception):
    """The benchmark cannot run; the message says why and what to do."""


def database_version():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return f"SQLite {sqlite3.sqlite_version}"


def machine():
    """What the figures were measured on."""
    memory_gb = None
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def check_database():
    """Fail unless the default database has every migration applied."""
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise BenchmarkError(
            f"The database has {len(pending)} unapplied migrations; "
            "run `python manage.py migrate` first."
        )


def run_benchmark(*, scale, runs, warmup, migrate_runs, only=None, log=lambda message: None):
    """Measure everything at ``scale``; return the figures as JSON-ready data.

    ``only``: the names of the reads to measure (``forecast_365``, ``today``...,
    and ``migrate`` for the migrations); None measures everything. Without
    ``migrate`` among them, ``figures["migrate"]`` is None.

    Runs with DEBUG off, as production does: with DEBUG on, Django logs every
    ORM query (not the raw-cursor floor's), which would tax ours and the naive
    version only.
    """
    with override_settings(DEBUG=False):
        return _run_benchmark(
            scale=scale, runs=runs, warmup=warmup, migrate_runs=migrate_runs, only=only, log=log
        )


MIGRATE = "migrate"


def check_arguments(*, scale, runs, warmup, migrate_runs, only=None):
    """Fail on arguments no run can use, before any database work."""
    unknown = sorted(set(only or ()) - set(read_names()) - {MIGRATE})
    if unknown:
        known = ", ".join([*read_names(), MIGRATE])
        raise BenchmarkError(f"--only: unknown {', '.join(unknown)} (known: {known}).")
    if not scale > 0:
        raise BenchmarkError(f"--scale must be above 0 (got {scale:g}).")
    if runs < 1 or warmup < 0 or migrate_runs < 1:
        raise BenchmarkError("--runs and --migrate-runs must be at least 1, --warmup at least 0.")


def _run_benchmark(*, scale, runs, warmup, migrate_runs, only, log):
    check_arguments(scale=scale, runs=runs, warmup=warmup, migrate_runs=migrate_runs, only=only)
    check_database()
    started_at = datetime.datetime.now(datetime.UTC)
    meta = {
        "backend": connection.vendor,
        "database_version": database_version(),
        "scale": scale,
        "runs": runs,
        "warmup": warmup,
        "migrate_runs": migrate_runs,
        "only": None if only is None else sorted(only),
        "debug": False,
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": machine(),
    }
    dataset = ensure_dataset(scale, log=log)
    meta["dataset"] = {
        "counts": dataset.counts,
        "reused": dataset.reused,
        "seconds": dataset.seconds,
    }
    log(f"Data set {'reused' if dataset.reused else 'generated'} ({dataset.seconds:.1f} s).")

    queries = []
    for case in build_cases(dataset):
        if only is not None and case.query not in only:
            continue
        figures = run_case(case, runs=runs, warmup=warmup)
        versions = [
            f"{name} {figures[name]['p95_ms']:.3f} ms"
            for name in ("floor", "naive", "peer")
            if figures[name]
        ]
        log(
            f"  {case.key}: ours p95 {figures['ours']['p95_ms']:.3f} ms "
            f"({figures['ours_queries']} queries)" + "".join(f", {v}" for v in versions)
        )
        queries.append(figures)

    migrate = None
    if only is None or MIGRATE in only:
        log("Timing migrate on scratch databases…")
        migrate = measure_migrate(runs=migrate_runs, log=log)
        migrate["legacy_adoption"] = measure_legacy_adoption(scale, log=log)
    figures = {"meta": meta, "queries": queries, "migrate": migrate}
    figures["targets"] = evaluate_targets(figures)
    meta["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return figures
