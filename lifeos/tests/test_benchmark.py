"""``manage.py benchmark`` completes at a tiny scale; its three versions of each read agree."""

import io
import json
import os
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from finance.models import Account, JournalEntry, JournalLine
from habits.models import HabitLog
from lifeos.benchmarks.data import END_DATE, USERNAME_PREFIX, DatasetSize, ensure_dataset
from lifeos.benchmarks.database import benchmark_database
from lifeos.benchmarks.queries import (
    FORECAST_FROM,
    FORECAST_TO,
    HABIT_WINDOWS,
    TRIAL_BALANCE_AS_OF,
    TRIAL_BALANCE_PERIOD,
    TRIAL_BALANCE_YEAR,
    TYPEAHEAD_PREFIXES,
)
from lifeos.benchmarks.report import TARGETS
from lifeos.normalization import normalize_account_name
from lifeos.testing.databases import admin_connection

NEW_TARGETS = ("forecast p95", "receivable statement p95", "today view p95")
TIMING_KEYS = {"runs", "p50_ms", "p95_ms", "p99_ms", "mean_ms", "min_ms", "max_ms"}
QUERY_KEYS = {
    "query",
    "user",
    "parameter",
    "rows",
    "ours_queries",
    "peer_differs_by_design",
    "same_result_as_floor",
    "same_result_as_naive",
    "same_result_as_peer",
    "ours",
    "floor",
    "naive",
    "peer",
    "ratio_ours_to_floor_p95",
    "ratio_naive_to_ours_p95",
    "ratio_ours_to_peer_p95",
    "ratio_ours_to_floor_p50",
    "ratio_naive_to_ours_p50",
    "ratio_ours_to_peer_p50",
}
MIGRATE_KEYS = {"runs", "median_s", "min_s", "max_s", "all_s"}
LEGACY_KEYS = {
    "rows",
    "non_ascii_share",
    "seconds",
    "backfill_seconds",
    "backfill_rows",
    "backfill_rows_per_second",
    "rows_left_unnormalized",
}


def configured_database_rows():
    """Rows of the tables the benchmark writes, in the configured (test) database."""
    return [
        model.objects.count()
        for model in (get_user_model(), Account, JournalEntry, JournalLine, HabitLog)
    ]


def benchmark_database_exists(location):
    if connection.vendor == "sqlite":
        return os.path.exists(location)
    admin = admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [location])
            return cursor.fetchone() is not None
    finally:
        admin.close()


def expected_reads():
    reads = set()
    for user in ("heavy", "typical"):
        reads |= {("typeahead", user, prefix) for prefix in TYPEAHEAD_PREFIXES}
        reads |= {("trial_balance", user, "")}
        reads |= {("trial_balance_as_of", user, TRIAL_BALANCE_AS_OF.isoformat())}
        period = "..".join(day.isoformat() for day in TRIAL_BALANCE_PERIOD)
        reads |= {("trial_balance_period", user, period)}
        reads |= {("trial_balance_monthly", user, str(TRIAL_BALANCE_YEAR))}
        reads |= {(f"habit_logs_{days}d", user, "") for days in HABIT_WINDOWS}
        window = f"{FORECAST_FROM.isoformat()}..{FORECAST_TO.isoformat()}"
        reads |= {("forecast_365", user, window)}
        reads |= {("receivable_statement", user, END_DATE.isoformat())}
        reads |= {("today", user, END_DATE.isoformat())}
    return reads


# Reads whose peer (the original application's query) answers another question.
PEER_DIFFERS = {"forecast_365", "receivable_statement"}
# Reads measured in ours only (no floor, naive or peer version).
OURS_ONLY = {"today"}


@pytest.mark.django_db(transaction=True)
def test_benchmark_at_tiny_scale_agrees_with_floor_and_naive_and_reports_every_figure(tmp_path):
    path = tmp_path / "figures.json"
    before = configured_database_rows()
    out = io.StringIO()

    call_command(
        "benchmark",
        "--scale=0.001",
        "--runs=2",
        "--warmup=1",
        "--migrate-runs=1",
        f"--json={path}",
        stdout=out,
    )

    # The data set was generated in a scratch database, dropped after the run.
    assert configured_database_rows() == before
    location = re.search(r"Benchmark database \(scratch\): (\S+)", out.getvalue())[1]
    assert not benchmark_database_exists(location)
    assert "Generating the data set at scale 0.001" in out.getvalue()

    figures = json.loads(path.read_text())
    reads = figures["queries"]
    assert {(r["query"], r["user"], r["parameter"]) for r in reads} == expected_reads()
    assert len(reads) == len(expected_reads())
    for read in reads:
        assert set(read) == QUERY_KEYS
        assert read["rows"] > 0, read
        assert read["ours_queries"] > 0, read
        assert set(read["ours"]) == TIMING_KEYS
        assert read["ours"]["runs"] == 2
        if read["query"] in OURS_ONLY:
            # The morning view: ours alone, with its query count.
            for version in ("floor", "naive", "peer"):
                assert (read[version], read[f"same_result_as_{version}"]) == (None, None)
            assert read["ratio_ours_to_floor_p95"] is None
            assert read["ratio_naive_to_ours_p95"] is None
            continue
        assert read["same_result_as_floor"] is True, read
        assert read["same_result_as_naive"] is True, read
        for version in ("floor", "naive"):
            assert set(read[version]) == TIMING_KEYS
            assert read[version]["runs"] == 2
        # The original application's query: every trial balance has one and agrees; the
        # forecast and the receivable have one that answers another question.
        if read["query"].startswith("trial_balance"):
            assert read["same_result_as_peer"] is True, read
            assert read["peer_differs_by_design"] is None
            assert set(read["peer"]) == TIMING_KEYS
            assert read["ratio_ours_to_peer_p95"] > 0
        elif read["query"] in PEER_DIFFERS:
            assert read["same_result_as_peer"] is False, read
            assert read["peer_differs_by_design"], read
            assert set(read["peer"]) == TIMING_KEYS
        else:
            assert (read["peer"], read["same_result_as_peer"]) == (None, None)
            assert read["ratio_ours_to_peer_p95"] is None
    report = out.getvalue()
    assert "peer p95" in report and "ours/peer" in report
    table = report[report.index("Queries (milliseconds") : report.index("Migrations (seconds)")]
    for query in ("forecast_365", "receivable_statement", "today"):
        for user in ("heavy", "typical"):
            assert re.search(rf"^{query}\s+{user}\s", table, re.MULTILINE), (query, user)
    assert "yes; peer differs (expected)" in table and "NO" not in table
    targets = report[report.index("\nTargets") :]
    for what in ("forecast p95, 365 days", "receivable statement p95", "today view p95"):
        assert what in targets
    for name in ("empty", "nothing_to_apply", "history_forgotten"):
        assert set(figures["migrate"][name]) == MIGRATE_KEYS
        assert figures["migrate"][name]["runs"] == 1
    legacy = figures["migrate"]["legacy_adoption"]
    assert set(legacy) == LEGACY_KEYS
    assert legacy["rows"] == 1_000
    assert legacy["backfill_rows"] == 1_000
    assert legacy["rows_left_unnormalized"] == 0
    assert [t["what"] for t in figures["targets"]] == [t.what for t in TARGETS]
    assert all(t["measured"] is not None for t in figures["targets"])
    new_targets = {t["what"]: t for t in figures["targets"] if t["what"].startswith(NEW_TARGETS)}
    assert [t["target"] for t in new_targets.values()] == [10.0, 2.0, 20.0]
    assert figures["meta"]["dataset"]["counts"] == DatasetSize.for_scale(0.001).counts()
    assert figures["meta"]["backend"] in {"sqlite", "postgresql"}


@pytest.mark.django_db(transaction=True)
def test_dataset_is_reused_at_same_scale_and_normalizes_every_name():
    size = DatasetSize.for_scale(0.001)

    first = ensure_dataset(0.001)
    second = ensure_dataset(0.001)

    assert (first.reused, second.reused) == (False, True)
    users = get_user_model().objects.filter(email__startswith=USERNAME_PREFIX)
    assert users.count() == size.users
    assert Account.objects.filter(user__in=users).count() == size.accounts
    assert Account.objects.filter(user=first.heavy_user).count() == size.heavy_accounts
    assert JournalLine.objects.filter(user__in=users).count() == size.journal_lines
    assert HabitLog.objects.filter(user__in=users).count() == size.habit_logs
    names = list(Account.objects.filter(user__in=users).values_list("name", "normalized_name"))
    assert all(normalized == normalize_account_name(name) for name, normalized in names)
    assert any(not name.isascii() for name, _ in names)


@pytest.mark.django_db(transaction=True)
def test_dataset_of_another_scale_is_replaced():
    ensure_dataset(0.001)

    replaced = ensure_dataset(0.003)

    assert replaced.reused is False
    users = get_user_model().objects.filter(email__startswith=USERNAME_PREFIX)
    assert users.count() == DatasetSize.for_scale(0.003).users
    assert Account.objects.filter(user__in=users).count() == DatasetSize.for_scale(0.003).accounts


def test_benchmark_rejects_a_scale_of_zero():
    with pytest.raises(CommandError, match="--scale must be above 0"):
        call_command("benchmark", "--scale=0")


@pytest.mark.django_db(transaction=True)
def test_named_benchmark_database_is_kept_and_its_data_set_reused(tmp_path):
    name = (
        str(tmp_path / "bench.sqlite3")
        if connection.vendor == "sqlite"
        else (f"lifeos_bench_test_{uuid.uuid4().hex[:10]}")
    )
    before = configured_database_rows()
    try:
        with benchmark_database(name) as location:
            first = ensure_dataset(0.001)
        with benchmark_database(name) as again:
            second = ensure_dataset(0.001)
            assert JournalLine.objects.count() == DatasetSize.for_scale(0.001).journal_lines

        assert again == location
        assert (first.reused, second.reused) == (False, True)
        assert benchmark_database_exists(location)
        assert configured_database_rows() == before
    finally:
        if connection.vendor == "postgresql":
            admin = admin_connection()
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def test_benchmark_refuses_the_configured_database_as_its_own(monkeypatch, tmp_path):
    if connection.vendor == "sqlite":
        # The test database is in memory: stand in a file for the configured one.
        monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "db.sqlite3"))
    configured = connection.settings_dict["NAME"]
    with pytest.raises(CommandError, match="is the configured database"):
        call_command("benchmark", f"--benchmark-database={configured}", "--scale=0.001")


@pytest.mark.django_db(transaction=True)
def test_only_measures_the_named_reads_and_skips_migrate(tmp_path):
    path = tmp_path / "figures.json"
    out = io.StringIO()

    call_command(
        "benchmark",
        "--scale=0.001",
        "--runs=2",
        "--warmup=0",
        "--only=forecast_365,receivable_statement,today",
        f"--json={path}",
        "--markdown=" + str(tmp_path / "figures.md"),
        stdout=out,
    )

    figures = json.loads(path.read_text())
    assert {r["query"] for r in figures["queries"]} == {
        "forecast_365",
        "receivable_statement",
        "today",
    }
    assert figures["migrate"] is None
    measured = {t["what"] for t in figures["targets"] if t["measured"] is not None}
    assert len(measured) == 3
    assert all(what.startswith(NEW_TARGETS) for what in measured)
    assert "not timed in this run" in out.getvalue()
    markdown = (tmp_path / "figures.md").read_text()
    assert f"| today `{END_DATE.isoformat()}` | heavy |" in markdown
    assert "| queries |" in markdown and "migrate not timed" in markdown


def test_only_rejects_an_unknown_read():
    with pytest.raises(CommandError, match="--only: unknown forecast"):
        call_command("benchmark", "--scale=0.001", "--only=forecast")


@pytest.mark.django_db(transaction=True)
def test_dataset_plans_schedule_rows_and_a_receivable_that_never_overpays():
    from finance.models import (
        AccountType,
        MoneyScheduleRow,
        ReceivableManualEntry,
        ReceivableTracker,
    )
    from finance.selectors import receivable_statement

    dataset = ensure_dataset(0.001)
    heavy, typical = dataset.heavy_user, dataset.typical_user

    rows = MoneyScheduleRow.objects.filter(user=heavy)
    assert rows.count() == 500
    recurring = rows.exclude(recurrence="none")
    assert recurring.count() == 100
    assert set(recurring.values_list("recurrence", flat=True)) == {"weekly", "monthly", "yearly"}
    assert recurring.filter(recurrence_until__isnull=False).exists()
    assert set(rows.values_list("account__account_type", flat=True)) == {AccountType.ASSET}
    assert not rows.exclude(account__user=heavy).exists()
    assert MoneyScheduleRow.objects.filter(user=typical).count() == 5

    (tracker,) = ReceivableTracker.objects.filter(user=heavy)
    assert ReceivableManualEntry.objects.filter(tracker=tracker, user=heavy).count() == 120
    statement = receivable_statement(user=heavy, tracker=tracker.pk, as_of=END_DATE)
    assert len(statement.entries) == 120
    assert all(line.payoff_after > 0 for line in statement.entries)
    assert statement.status != "closed"
    assert ReceivableManualEntry.objects.filter(user=typical).count() == 4
