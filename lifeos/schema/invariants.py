"""Data invariants the database alone does not guarantee, read without writing.

- every account's ``normalized_name`` equals ``normalize_account_name(name)``;
- every journal entry's lines balance (debits equal credits);
- rows satisfy every CHECK constraint the migration had to leave out because
  rows that predate it break it (``convergence.enforceable``).
"""

from django.apps import apps
from django.db import models

from lifeos.money import money_sum_sql
from lifeos.normalization import SQLITE_NORMALIZE_FUNCTION, normalize_account_name
from lifeos.schema.backfill import _pg_whitespace_literal
from lifeos.schema.convergence import constraint_columns
from lifeos.schema.verification import FIX_BACKFILL, Problem

SAMPLE_SIZE = 5


class Tally:
    """Counts rows and keeps the first few ids, so a report names examples."""

    def __init__(self):
        self.rows = 0
        self.ids = []

    def add(self, pk):
        self.rows += 1
        if len(self.ids) < SAMPLE_SIZE:
            self.ids.append(pk)

    def ids_text(self):
        more = ", ..." if self.rows > len(self.ids) else ""
        return ", ".join(str(pk) for pk in self.ids) + more


def _has_columns(states, model, columns):
    state = states.get(model)
    return state is not None and state.exists and set(columns) <= set(state.columns)


def _drifted_account_rows(connection, table, pk, name, normalized):
    """(pk, target empty?) of every account whose normalized name is not its name's."""
    quote = connection.ops.quote_name
    table, pk, name, normalized = map(quote, (table, pk, name, normalized))
    empty = f"({normalized} IS NULL OR {normalized} = '')"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT {pk}, {empty} FROM {table} "
                f"WHERE coalesce({normalized}, '') <> {SQLITE_NORMALIZE_FUNCTION}({name})"
            )
            yield from ((row_pk, bool(is_empty)) for row_pk, is_empty in cursor)
            return
        # PostgreSQL: plain-ASCII names in SQL, where btrim/lower agree with Python.
        cursor.execute(
            f"SELECT {pk}, {empty} FROM {table} "
            f"WHERE octet_length({name}) = char_length({name}) AND coalesce({normalized}, '') "
            f'<> lower(btrim({name}, {_pg_whitespace_literal()}) COLLATE "C")'
        )
        yield from cursor.fetchall()
    # The rest (non-ASCII names) in Python, streamed through a server-side cursor.
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT {pk}, {name}, {normalized} FROM {table} "
            f"WHERE octet_length({name}) <> char_length({name})"
        )
        for row_pk, row_name, row_normalized in cursor:
            if (row_normalized or "") != normalize_account_name(row_name):
                yield row_pk, not row_normalized


def account_name_problems(connection, states):
    """Accounts whose normalized_name is empty or differs from their normalized name."""
    account = apps.get_model("finance", "Account")
    table = account._meta.db_table
    pk = account._meta.pk.column
    name = account._meta.get_field("name").column
    normalized = account._meta.get_field("normalized_name").column
    if not _has_columns(states, account, {pk, name, normalized}):
        return []  # the missing table or column is reported already
    empty, stale = Tally(), Tally()
    for row_pk, is_empty in _drifted_account_rows(connection, table, pk, name, normalized):
        (empty if is_empty else stale).add(row_pk)
    problems = []
    if empty.rows:
        problems.append(
            Problem(
                "finance",
                "empty_normalized_name",
                table,
                normalized,
                f"{empty.rows} account(s) in {table} have an empty or NULL {normalized} "
                f"although their name is not empty (ids {empty.ids_text()})",
                repair=FIX_BACKFILL,
                rows=empty.rows,
                sample_ids=tuple(empty.ids),
            )
        )
    if stale.rows:
        problems.append(
            Problem(
                "finance",
                "stale_normalized_name",
                table,
                normalized,
                f"{stale.rows} account(s) in {table} have a {normalized} that is not the "
                f"normalization of their name (ids {stale.ids_text()})",
                repair=FIX_BACKFILL,
                rows=stale.rows,
                sample_ids=tuple(stale.ids),
            )
        )
    return problems


def journal_balance_problems(connection, states):
    """Journal entries whose lines' debits and credits differ, in one grouped query.

    The sums are exact on both backends (``money_sum_sql``: integer cents on
    SQLite, where a float sum of 0.10 + 0.20 differs from 0.30).
    """
    entry_model = apps.get_model("finance", "JournalEntry")
    line_model = apps.get_model("finance", "JournalLine")
    entry = line_model._meta.get_field("entry").column
    debit = line_model._meta.get_field("debit").column
    credit = line_model._meta.get_field("credit").column
    if not _has_columns(states, line_model, {entry, debit, credit}):
        return []
    quote = connection.ops.quote_name
    tally = Tally()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(entry)} FROM {quote(line_model._meta.db_table)} "
            f"GROUP BY {quote(entry)} "
            f"HAVING {money_sum_sql(connection.vendor, quote(debit))} "
            f"<> {money_sum_sql(connection.vendor, quote(credit))} ORDER BY {quote(entry)}"
        )
        for (entry_pk,) in cursor:
            tally.add(entry_pk)
    if not tally.rows:
        return []
    table = entry_model._meta.db_table
    return [
        Problem(
            "finance",
            "unbalanced_journal_entry",
            table,
            "",
            f"{tally.rows} journal entr{'y' if tally.rows == 1 else 'ies'} in {table} whose "
            f"lines' debits and credits differ (ids {tally.ids_text()})",
            repair="correct the lines of these entries (admin or finance services) so that "
            "debits equal credits",
            rows=tally.rows,
            sample_ids=tuple(tally.ids),
        )
    ]


def check_violation_problems(connection, states):
    """Rows that break a CHECK constraint the database does not have."""
    problems = []
    quote = connection.ops.quote_name
    editor = connection.schema_editor(collect_sql=True)  # only renders SQL; never entered
    connection.ensure_connection()
    for model, state in states.items():
        if not state.exists:
            continue
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue
            if constraint.name in state.constraints:
                continue
            if not constraint_columns(model, constraint) <= set(state.columns):
                continue
            condition = constraint._get_check_sql(model, editor)
            pk = quote(model._meta.pk.column)
            tally = Tally()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {pk} FROM {quote(model._meta.db_table)} "
                    f"WHERE NOT ({condition}) ORDER BY {pk}"
                )
                for (row_pk,) in cursor:
                    tally.add(row_pk)
            if tally.rows:
                table = model._meta.db_table
                problems.append(
                    Problem(
                        model._meta.app_label,
                        "check_violation",
                        table,
                        constraint.name,
                        f"{tally.rows} row(s) of {table} break {constraint.name}, so the "
                        f"database cannot enforce it (ids {tally.ids_text()})",
                        repair="correct these rows, then run python manage.py migrate to add "
                        "the check",
                        rows=tally.rows,
                        sample_ids=tuple(tally.ids),
                    )
                )
    return problems


def data_problems(connection, states):
    """Every data invariant that does not hold; ``states`` maps model -> TableState."""
    return (
        account_name_problems(connection, states)
        + journal_balance_problems(connection, states)
        + check_violation_problems(connection, states)
    )
