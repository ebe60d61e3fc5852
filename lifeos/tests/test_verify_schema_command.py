"""manage.py verify_schema: report, JSON, exit codes, --fix-backfill, and repair by migrate."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from lifeos.management.commands.verify_schema import (
    EXIT_PROBLEMS,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
)
from lifeos.schema.verification import verify
from lifeos.testing.builders import make_user
from lifeos.testing.drift import (
    allow_null,
    drop_index,
    drop_table,
    fetch,
    index_on_wrong_columns,
    run_sql,
)
from lifeos.testing.processes import MANAGE_PY
from lifeos.tests.test_migrations import drop_account_columns
from lifeos.tests.test_verification import accounts, summary_line


def verify_schema(alias, *args):
    """Run the command; return (exit status, stdout)."""
    out = io.StringIO()
    try:
        call_command("verify_schema", *args, database=alias, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def migrated(migrated_scratch_db):
    return migrated_scratch_db


def test_clean_database_exits_0_with_summary(migrated):
    status, out = verify_schema(migrated)

    assert status == 0
    assert "finance: 15 tables, ok" in out
    assert out.rstrip().endswith(summary_line(0))


def test_drift_exits_1_naming_the_index_and_the_repair(migrated):
    drop_index(migrated, "ix_health_workout_user_date")

    status, out = verify_schema(migrated)

    assert status == 1
    assert "health: 3 tables, 1 problem" in out
    assert (
        "[lifeos.E008 missing_index] index ix_health_workout_user_date on "
        "health_workout(user_id, date) is missing"
    ) in out
    assert "repair: python manage.py migrate" in out
    assert "1 problem(s) found" in out


def test_json_carries_the_same_problems(migrated):
    drop_table(migrated, "skill_metric")
    accounts(migrated, ("Rent", ""))

    status, out = verify_schema(migrated, "--format", "json")

    assert status == 1
    data = json.loads(out[: out.rindex("}") + 1])
    expected = [p.as_dict() for p in verify(connections[migrated]).problems]
    assert data["problems"] == expected
    assert [p["id"] for p in data["problems"]] == ["lifeos.E001", "lifeos.E013"]
    assert data["ok"] is False
    assert data["counts"]["problems"] == 2


@pytest.fixture
def unreachable(django_db_blocker):
    alias = "unreachable"
    db = dict(connections.settings["default"])
    if db["ENGINE"].endswith("sqlite3"):
        db["NAME"] = "/nonexistent-directory/lifeos.sqlite3"
    else:
        db.update(PORT="1", HOST="127.0.0.1")
    connections.settings[alias] = db
    with django_db_blocker.unblock():
        yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_unreachable_database_exits_2_with_a_clear_message(unreachable):
    status, out = verify_schema(unreachable)

    assert status == 2
    assert "database 'unreachable' cannot be reached or read" in out


def test_fix_backfill_repairs_what_it_reports_and_nothing_else(migrated):
    ok, empty, stale, unicode_stale, blank = accounts(
        migrated,
        ("  Cash ", None),
        ("Rent", ""),
        ("Bank", "old bank"),
        ("ÉPARGNE Logement", "ÉPARGNE logement"),
        ("   ", ""),
    )
    before = dict(fetch(migrated, "SELECT id, normalized_name FROM finance_account"))

    status, out = verify_schema(migrated, "--fix-backfill")

    assert status == 0
    assert "--fix-backfill changed 3 account row(s)." in out
    after = dict(fetch(migrated, "SELECT id, normalized_name FROM finance_account"))
    assert after == {
        **before,
        empty: "rent",
        stale: "bank",
        unicode_stale: "épargne logement",
    }
    assert after[ok] == "cash" and after[blank] == ""


def test_fix_backfill_in_json_reports_rows_changed(migrated):
    accounts(migrated, ("Rent", ""))

    status, out = verify_schema(migrated, "--fix-backfill", "--format", "json")

    assert status == 0
    assert json.loads(out)["fixed_rows"] == 1


def test_each_drift_is_named_then_migrate_and_fix_backfill_repair_it(migrated):
    """Done means: exit 1 naming each drift; migrate, --fix-backfill; exit 0."""
    user = make_user("grace", using=migrated)
    accounts(migrated, ("Rent", ""), ("Bank", "old bank"))
    run_sql(
        migrated,
        f"INSERT INTO skill (user_id, name, category, description) "
        f"VALUES ({user.pk}, 'Chess', 'games', '')",
    )
    drop_account_columns(migrated, ["account_subtype"])
    drop_index(migrated, "ix_health_workout_user_date")
    index_on_wrong_columns(migrated, "ix_skill_user_category", "skill", "category, user_id")
    drop_table(migrated, "relationships_interaction")
    allow_null(migrated, "project_task_log", "minutes_spent")

    status, out = verify_schema(migrated)

    assert status == 1
    for named in [
        "column finance_account.account_subtype is missing",
        "index ix_health_workout_user_date on health_workout(user_id, date) is missing",
        "ix_skill_user_category on skill covers (category, user_id)",
        "table relationships_interaction is missing",
        "column project_task_log.minutes_spent should have NOT NULL",
        "1 account(s) in finance_account have an empty or NULL normalized_name",
        "1 account(s) in finance_account have a normalized_name that is not the normalization",
    ]:
        assert named in out, named

    call_command("migrate", database=migrated, verbosity=0, skip_checks=False)
    status, out = verify_schema(migrated)
    assert status == 1
    assert {p.kind for p in verify(connections[migrated]).problems} == {
        "empty_normalized_name",
        "stale_normalized_name",
    }

    status, out = verify_schema(migrated, "--fix-backfill")
    assert status == 0, out
    assert fetch(migrated, "SELECT name, category FROM skill") == [("Chess", "games")]


def test_dropped_onboarding_table_is_named_and_migrate_recreates_it(migrated):
    drop_table(migrated, "lifeos_onboarding_milestone")

    status, out = verify_schema(migrated)

    assert status == 1
    assert "lifeos: 2 tables, 1 problem" in out
    assert "table lifeos_onboarding_milestone is missing" in out

    call_command("migrate", database=migrated, verbosity=0)

    assert verify_schema(migrated)[0] == 0
    assert [p.kind for p in verify(connections[migrated]).problems] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--formt", "json"], "unrecognized arguments: --formt json"),
        (["--format", "xml"], "argument --format: invalid choice: 'xml'"),
    ],
)
def test_usage_error_exits_64_not_the_unreachable_status(args, message):
    result = subprocess.run(
        [sys.executable, str(MANAGE_PY), "verify_schema", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == EXIT_USAGE == 64
    assert EXIT_USAGE not in (EXIT_PROBLEMS, EXIT_UNREACHABLE)
    assert message in result.stderr
    assert result.stderr.startswith("usage: manage.py verify_schema")


def post_raw(alias, user_id, debit_account, credit_account, amount, posted_at):
    """One balanced entry written with plain SQL, as the original application writes it."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO finance_journal_entry (user_id, description, posted_at) "
            "VALUES (%s, 'raw', %s)",
            [user_id, posted_at],
        )
        cursor.execute("SELECT MAX(id) FROM finance_journal_entry")
        (entry_id,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO finance_journal_line (entry_id, account_id, debit, credit) "
            "VALUES (%s, %s, %s, 0), (%s, %s, 0, %s)",
            [entry_id, debit_account, amount, entry_id, credit_account, amount],
        )


def month_rows(alias):
    return fetch(
        alias,
        "SELECT account_id, debit_cents, credit_cents FROM finance_account_month_balance "
        "WHERE debit_cents <> 0 OR credit_cents <> 0 ORDER BY account_id",
    )


def test_a_dropped_trigger_and_stale_balances_are_named_then_repaired(migrated):
    cash, salary = accounts(migrated, ("Cash", None), ("Salary", None))
    user_id = fetch(migrated, f"SELECT user_id FROM finance_account WHERE id = {cash}")[0][0]
    post_raw(migrated, user_id, cash, salary, "10.00", "2025-11-03 12:00:00")
    on = "" if connections[migrated].vendor == "sqlite" else " ON finance_journal_line"
    run_sql(migrated, f"DROP TRIGGER tg_finance_account_month_balance_line_insert{on}")
    # Written while the trigger is gone: not counted.
    post_raw(migrated, user_id, cash, salary, "5.00", "2025-11-04 12:00:00")

    status, out = verify_schema(migrated)

    assert status == EXIT_PROBLEMS
    assert (
        "trigger tg_finance_account_month_balance_line_insert on finance_journal_line is "
        "missing: writes to finance_journal_line no longer update finance_account_month_balance"
    ) in out
    assert (
        "2 row(s) of finance_account_month_balance differ from what finance_journal_line, "
        f"finance_journal_entry, finance_account sum to (accounts {cash}, {salary})"
    ) in out
    assert month_rows(migrated) == [(cash, 1000, 0), (salary, 0, 1000)]

    call_command("migrate", database=migrated, verbosity=0, skip_checks=False)

    assert verify_schema(migrated)[0] == 0
    assert month_rows(migrated) == [(cash, 1500, 0), (salary, 0, 1500)]
    post_raw(migrated, user_id, cash, salary, "0.25", "2025-11-05 12:00:00")
    assert month_rows(migrated) == [(cash, 1525, 0), (salary, 0, 1525)]

    run_sql(migrated, "UPDATE finance_account_month_balance SET debit_cents = 7")
    status, out = verify_schema(migrated)
    assert status == EXIT_PROBLEMS
    assert "[lifeos.E019 stale_maintained_rows]" in out

    status, out = verify_schema(migrated, "--fix-backfill")
    assert status == 0, out
    assert "--fix-backfill recomputed tables with 2 stale row(s)." in out
    assert month_rows(migrated) == [(cash, 1525, 0), (salary, 0, 1525)]


def test_a_dropped_monthly_balance_table_is_recreated_and_refilled_by_migrate(migrated):
    cash, salary = accounts(migrated, ("Cash", None), ("Salary", None))
    user_id = fetch(migrated, f"SELECT user_id FROM finance_account WHERE id = {cash}")[0][0]
    post_raw(migrated, user_id, cash, salary, "42.00", "2025-11-03 12:00:00")
    drop_table(migrated, "finance_account_month_balance")

    status, out = verify_schema(migrated)
    assert status == EXIT_PROBLEMS
    assert "table finance_account_month_balance is missing" in out

    call_command("migrate", database=migrated, verbosity=0, skip_checks=False)

    assert verify_schema(migrated)[0] == 0
    assert month_rows(migrated) == [(cash, 4200, 0), (salary, 0, 4200)]
