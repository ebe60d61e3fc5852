"""Drift made by hand on a migrated database, for verify_schema's tests."""

import contextlib
import re

from django.db import connections


def run_sql(alias, *statements):
    with connections[alias].cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def fetch(alias, sql, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rewrite_sqlite_table(alias, table, edit):
    """Re-create a SQLite table from ``edit(its CREATE TABLE sql)``, keeping rows and indexes."""
    (create_sql,) = fetch(alias, "SELECT sql FROM sqlite_master WHERE name = %s", [table])[0]
    indexes = fetch(
        alias,
        "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND type = 'index' AND sql IS NOT NULL",
        [table],
    )
    new_sql = edit(create_sql)
    assert new_sql != create_sql, "the edit changed nothing"
    new_sql = new_sql.replace(f'"{table}"', f'"{table}__drift"', 1)
    run_sql(
        alias,
        "PRAGMA foreign_keys = OFF",
        new_sql,
        f'INSERT INTO "{table}__drift" SELECT * FROM "{table}"',
        f'DROP TABLE "{table}"',
        f'ALTER TABLE "{table}__drift" RENAME TO "{table}"',
        *(sql for (sql,) in indexes),
        "PRAGMA foreign_keys = ON",
    )


def allow_null(alias, table, column):
    """Drop NOT NULL from ``table.column``."""
    if connections[alias].vendor == "postgresql":
        run_sql(alias, f'ALTER TABLE "{table}" ALTER COLUMN "{column}" DROP NOT NULL')
        return
    rewrite_sqlite_table(
        alias, table, lambda sql: re.sub(rf'("{column}" [^,]*?) NOT NULL', r"\1 NULL", sql, count=1)
    )


def make_integer(alias, table, column):
    """Turn ``table.column`` (empty table) into an integer column."""
    if connections[alias].vendor == "postgresql":
        run_sql(alias, f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE integer USING 0')
        return
    rewrite_sqlite_table(
        alias, table, lambda sql: re.sub(rf'"{column}" \w+(\(\d+\))?', f'"{column}" integer', sql)
    )


def drop_check(alias, table, name):
    """Remove the CHECK constraint ``name`` from ``table``."""
    if connections[alias].vendor == "postgresql":
        run_sql(alias, f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        return

    def without_check(sql):
        start = sql.index(f'CONSTRAINT "{name}" CHECK')
        depth, position = 0, sql.index("(", start)
        while True:
            depth += {"(": 1, ")": -1}.get(sql[position], 0)
            if depth == 0:
                break
            position += 1
        return sql[:start].rstrip().rstrip(",") + sql[position + 1 :]

    rewrite_sqlite_table(alias, table, without_check)


def drop_index(alias, name):
    run_sql(alias, f'DROP INDEX "{name}"')


def index_on_wrong_columns(alias, name, table, columns):
    run_sql(alias, f'DROP INDEX "{name}"', f'CREATE INDEX "{name}" ON "{table}" ({columns})')


def drop_table(alias, table):
    run_sql(alias, f'DROP TABLE "{table}"')


@contextlib.contextmanager
def without_ledger_trigger(alias):
    """Write journal lines as data that predates PostgreSQL's balanced-ledger trigger."""
    if connections[alias].vendor != "postgresql":
        yield
        return
    run_sql(
        alias, "ALTER TABLE finance_journal_line DISABLE TRIGGER tr_finance_journal_entry_balanced"
    )
    try:
        yield
    finally:
        run_sql(
            alias,
            "ALTER TABLE finance_journal_line ENABLE TRIGGER tr_finance_journal_entry_balanced",
        )
