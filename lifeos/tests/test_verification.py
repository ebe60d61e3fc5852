"""verify(): the live database against the models, structure and data, read only."""

from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone

from finance.models import Account, JournalEntry, JournalLine
from lifeos.schema.verification import check_id, counted_index_names, expected_counts, verify
from lifeos.testing.builders import make_user, populate_every_table
from lifeos.testing.drift import (
    allow_null,
    drop_index,
    drop_table,
    index_on_wrong_columns,
    make_integer,
    run_sql,
    without_ledger_trigger,
)
from lifeos.tests.test_migrations import SPEC_INDEXES, drop_account_columns


def found(alias):
    return {(p.kind, p.table, p.name) for p in verify(connections[alias]).problems}


@pytest.fixture
def migrated(migrated_scratch_db):
    return migrated_scratch_db


def test_counts_come_from_the_models():
    counts = expected_counts()

    assert counts == {
        # The 27 domain tables, finance_account_category, finance_account_month_balance,
        # user, lifeos_onboarding_milestone.
        "tables": 31,
        "indexes": 40,
        # Legacy columns get no CHECK (SCHEMA.md v2); no unique rule is over foreign keys only.
        "unique_constraints": 0,
        "check_constraints": 0,
    }
    # The 35 binding named indexes, the trial balance's covering index, the
    # monthly balances' two, the legacy ix_user_email and the onboarding
    # milestones' unique index.
    assert set(counted_index_names()) == set(SPEC_INDEXES) | {
        "ix_finance_journal_line_user_account_amounts",
        "ix_finance_account_month_balance_user_account",
        "ux_finance_account_month_balance_account_month",
        "ix_user_email",
        "ux_lifeos_onboarding_milestone_user_key",
    }


def summary_line(problems=0):
    """The summary of a database with ``problems`` problems, with the models' counts."""
    counts = expected_counts()
    return (
        f"{counts['tables']} tables, {counts['indexes']} indexes, "
        "0 constraints (0 unique, 0 check), "
        f"{problems} problem{'' if problems == 1 else 's'}"
    )


def test_migrated_database_with_rows_verifies_clean(migrated):
    populate_every_table(make_user(using=migrated), using=migrated)

    report = verify(connections[migrated])

    assert report.problems == []
    assert report.summary() == summary_line(0)


def test_dropped_index_is_named(migrated):
    drop_index(migrated, "ix_health_workout_user_date")

    assert found(migrated) == {("missing_index", "health_workout", "ix_health_workout_user_date")}


def test_index_on_wrong_columns_is_named(migrated):
    index_on_wrong_columns(migrated, "ix_skill_user_category", "skill", "category, user_id")

    problems = verify(connections[migrated]).problems
    assert [(p.kind, p.table, p.name) for p in problems] == [
        ("wrong_index", "skill", "ix_skill_user_category")
    ]
    assert "covers (category, user_id); the model wants (user_id, category)" in problems[0].message


def test_missing_column_is_named(migrated):
    drop_account_columns(migrated, ["account_subtype"])

    assert ("missing_column", "finance_account", "account_subtype") in found(migrated)


def test_missing_table_is_named(migrated):
    drop_table(migrated, "relationships_interaction")

    assert found(migrated) == {("missing_table", "relationships_interaction", "")}


def test_column_allowing_null_is_named(migrated):
    allow_null(migrated, "health_workout", "duration_minutes")

    assert found(migrated) == {("column_not_null", "health_workout", "duration_minutes")}


def test_integer_column_where_model_wants_varchar_is_named(migrated):
    make_integer(migrated, "health_workout", "workout_type")

    problems = [p for p in verify(connections[migrated]).problems if p.kind == "column_type"]
    assert [(p.table, p.name) for p in problems] == [("health_workout", "workout_type")]
    assert "the model wants CharField (varchar(64))" in problems[0].message


def test_native_types_of_each_backend_are_compatible(migrated):
    kinds = {p.kind for p in verify(connections[migrated]).problems}

    assert "column_type" not in kinds


def accounts(alias, *rows):
    """Create accounts, then set normalized_name by hand where given (None keeps it)."""
    user = make_user(using=alias)
    created = []
    for name, normalized in rows:
        account = Account.objects.using(alias).create(user=user, name=name)
        if normalized is not None:
            run_sql(
                alias,
                f"UPDATE finance_account SET normalized_name = '{normalized}' "
                f"WHERE id = {account.pk}",
            )
        created.append(account.pk)
    return created


def test_empty_and_stale_normalized_names_are_named_with_their_ids(migrated):
    _ok, empty, stale, unicode_stale, _blank = accounts(
        migrated,
        ("Cash", None),
        ("Rent", ""),
        ("Bank", "old bank"),
        ("ÉPARGNE", "ÉPARGNE"),
        ("   ", ""),
    )

    problems = {p.kind: p for p in verify(connections[migrated]).problems}

    assert set(problems) == {"empty_normalized_name", "stale_normalized_name"}
    assert problems["empty_normalized_name"].rows == 1
    assert problems["empty_normalized_name"].sample_ids == (empty,)
    assert problems["stale_normalized_name"].rows == 2
    assert set(problems["stale_normalized_name"].sample_ids) == {stale, unicode_stale}
    assert problems["stale_normalized_name"].repair == (
        "python manage.py verify_schema --fix-backfill"
    )


def test_unbalanced_journal_entry_is_named(migrated):
    user = make_user(using=migrated)
    cash, income = (
        Account.objects.using(migrated).create(user=user, name=name) for name in ("Cash", "Pay")
    )
    entries = JournalEntry.objects.using(migrated)
    balanced = entries.create(user=user, posted_at=timezone.now())
    unbalanced = entries.create(user=user, posted_at=timezone.now())
    lines = JournalLine.objects.using(migrated)
    with without_ledger_trigger(migrated):
        for entry, credit in [(balanced, "100.00"), (unbalanced, "90.00")]:
            lines.create(user=user, entry=entry, account=cash, debit=Decimal("100.00"))
            lines.create(user=user, entry=entry, account=income, credit=Decimal(credit))

    problems = verify(connections[migrated]).problems

    assert [(p.kind, p.table, p.rows, p.sample_ids) for p in problems] == [
        ("unbalanced_journal_entry", "finance_journal_entry", 1, (unbalanced.pk,))
    ]


def test_verify_only_reads(migrated):
    accounts(migrated, ("Rent", ""))
    drop_index(migrated, "ix_health_workout_user_date")
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql.lstrip().split(None, 1)[0].upper())
        return execute(sql, params, many, context)

    # Django detects some SQLite features lazily, in a transaction of their own;
    # detect them first so that only verify's own statements are recorded.
    assert connections[migrated].features.supports_json_field is not None
    with connections[migrated].execute_wrapper(record):
        verify(connections[migrated])

    assert statements
    assert set(statements) <= {"SELECT", "PRAGMA", "WITH"}


def test_problem_ids_are_stable():
    assert check_id("missing_table") == "lifeos.E001"
    assert check_id("unbalanced_journal_entry") == "lifeos.E015"
