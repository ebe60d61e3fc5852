"""The statements of the trial balances, on the database cursor.

Hand-written grouped SQL, no model instances: the sums per account come from
the month rows (``finance_account_month_balance``) plus, for a bound inside a
month, the lines of the shorter side of that month (``MonthCut``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, router

from finance.balances import cents_sql
from finance.models import Account, JournalEntry
from finance.selectors.trial_balances.dates import end_of_day, month_cut, start_of_day
from finance.selectors.trial_balances.figures import CENT, ZERO
from lifeos.money import money_sum_sql

# Up to this many accounts with lines are fetched by primary key (bound parameters);
# beyond it (or with zero balances wanted) every account of the user is read.
ACCOUNT_LOOKUP_LIMIT = 5000

_LINES = "finance_journal_line"
_ENTRIES = "finance_journal_entry"
_JOINED = f"{_LINES} l JOIN {_ENTRIES} e ON e.id = l.entry_id"
# The names of the sums of sums_query: debits and credits before the period, and in it.
_OPENING_SUMS = ("od", "oc")
_PERIOD_SUMS = ("pd", "pc")


@dataclass(frozen=True)
class Context:
    """The user's trial-balance setting, and whether they have many accounts."""

    group_by_subtype: bool
    include_zero_balances: bool
    # Whether the user has more than ACCOUNT_LOOKUP_LIMIT accounts.
    many_accounts: bool


class Sql:
    """The statements of one call, on the database that serves the finance tables."""

    def __init__(self):
        self.connection = connections[router.db_for_read(Account)]
        self.vendor = self.connection.vendor
        self.posted_at = JournalEntry._meta.get_field("posted_at")
        # Whether sums come back as whole cents (an int; SQLite) or as Decimals of
        # two places (PostgreSQL): see lifeos.money.money_sum_sql.
        self.cents = self.vendor == "sqlite"
        # PostgreSQL: a literal of scale 2, so every sum keeps two decimal places.
        self.zero = "0" if self.cents else "0.00"
        # Accounts are listed by normalized name, then id. SQLite sorts a typical
        # user's 836 rows in the statement for 0.03 ms; PostgreSQL's sort of them
        # costs 0.26 ms, Python's 0.16 ms, so there they are sorted in _by_type,
        # on the normalized name the statement returns (NULL when it sorts).
        self.by_name = " ORDER BY a.normalized_name, a.id" if self.cents else ""
        self.account_columns = (
            f"a.id, a.name, {'NULL' if self.by_name else 'a.normalized_name'}, "
            "a.account_type, a.account_subtype, a.is_active"
        )

    def money_sum(self, expression):
        return money_sum_sql(self.vendor, expression)

    def money(self, value):
        """A sum as returned by ``money_sum`` or ``sums_query``, as a Decimal of two places."""
        if value is None:
            return ZERO
        if self.vendor == "sqlite":
            # Integer cents (money_sum_sql): exact, whatever the magnitude.
            return Decimal(int(value)) * CENT
        # numeric sums of scale 2 (cents times 0.01, and the 0.00 literals).
        return value

    def instant(self, moment):
        """An aware datetime as the posted_at column stores it (naive UTC)."""
        return self.posted_at.get_db_prep_value(moment, self.connection)

    def day(self, value):
        """A date as a DateField stores it."""
        return self.connection.ops.adapt_datefield_value(value)

    def rows(self, sql, params, *, serial=False):
        """The rows of one statement; ``serial``: never a parallel plan on PostgreSQL.

        A parallel worker starts in about 1 ms in a fresh session but in up to
        20 ms in one that ran a large query before (measured on the heavy
        user's dated sums, 12 ms serial against 24 ms parallel), which is every
        long-lived connection; the sums are small enough to run serially. The
        setting is ``SET LOCAL``, sent in the same round trip: it ends with the
        statement's transaction.
        """
        if serial and self.vendor == "postgresql":
            sql = f"SET LOCAL max_parallel_workers_per_gather = 0; {sql}"
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def context(self, user_id):
        """The user's setting and size, in one statement.

        The setting is ``trial_balance_setting``'s row (the first; the defaults
        when none). The size counts at most ACCOUNT_LOOKUP_LIMIT + 1 of the
        user's accounts in an index.
        """
        (group_by_subtype, include_zero, accounts), *_ = self.rows(
            f"SELECT {_setting('group_by_subtype')}, {_setting('include_zero_balances')}, "
            f"{_ACCOUNT_COUNT}",
            [user_id, user_id, user_id],
        )
        return Context(bool(group_by_subtype), bool(include_zero), accounts > ACCOUNT_LOOKUP_LIMIT)


def _setting(column):
    """SQL of one column of the user's trial-balance setting (its first row; NULL: none)."""
    return (
        f"(SELECT {column} FROM finance_trial_balance_setting WHERE user_id = %s "
        "ORDER BY id LIMIT 1)"
    )


# SQL of the number of the user's accounts, counted up to ACCOUNT_LOOKUP_LIMIT + 1 in an index.
_ACCOUNT_COUNT = (
    "(SELECT COUNT(*) FROM (SELECT 1 FROM finance_account WHERE user_id = %s "
    f"LIMIT {ACCOUNT_LOOKUP_LIMIT + 1}) AS n)"
)


def sums_query(sql, user_id, *, start, end, keep=None):
    """SQL, parameters and sum names of the user's sums per account.

    The columns are ``account_id`` then the sums: ``od``/``oc``, the debits
    and credits posted before ``start`` (left out when ``start`` is None), and
    ``pd``/``pc``, those posted from ``start`` to before ``end`` (None: no
    end). ``keep``: an SQL condition on the sums' names (in cents); only the
    accounts it accepts are returned. One scan of the user's month rows
    (``ix_..._user_account``, up to ``end``'s month), and for each of
    ``start`` and ``end`` that is not on a month's first instant, the lines of
    the shorter side of its month (their entries found through
    ``ix_finance_journal_entry_user_posted_at``). A line counts for its
    account's owner. Sums are whole cents on SQLite and numerics of scale 2 on
    PostgreSQL (``Sql.money`` reads both).
    """
    start_cut, end_cut = month_cut(start), month_cut(end)
    names = _PERIOD_SUMS if start_cut is None else _OPENING_SUMS + _PERIOD_SUMS
    # The month rows: those before start's month open the period, the others fall in it.
    if start_cut is None:
        columns = ["SUM(debit_cents)", "SUM(credit_cents)"]
        params = []
    else:
        before = "SUM(CASE WHEN month < %s THEN {} ELSE 0 END)"
        within = "SUM(CASE WHEN month >= %s THEN {} ELSE 0 END)"
        columns = [
            before.format("debit_cents"),
            before.format("credit_cents"),
            within.format("debit_cents"),
            within.format("credit_cents"),
        ]
        params = [sql.day(start_cut.month)] * 4
    upper = "" if end_cut is None else " AND month < %s"
    parts = [
        f"SELECT account_id, {_as_sums(columns, names)} FROM finance_account_month_balance "
        f"WHERE user_id = %s{upper} GROUP BY account_id"
    ]
    params += [user_id] + ([] if end_cut is None else [sql.day(end_cut.month)])
    # The lines that correct a bound inside a month: (cut, sign on opening, sign on period).
    corrections = []
    if start_cut is not None and start_cut.sign:
        corrections.append((start_cut, start_cut.sign, -start_cut.sign))
    if end_cut is not None and end_cut.sign:
        corrections.append((end_cut, 0, end_cut.sign))
    debit, credit = cents_sql(sql.vendor, "l.debit"), cents_sql(sql.vendor, "l.credit")
    for cut, on_opening, on_period in corrections:
        columns = [_signed_sum(on_period, debit), _signed_sum(on_period, credit)]
        if start_cut is not None:
            columns[:0] = [_signed_sum(on_opening, debit), _signed_sum(on_opening, credit)]
        parts.append(
            f"SELECT l.account_id, {_as_sums(columns, names)} "
            "FROM finance_journal_entry e JOIN finance_journal_line l ON l.entry_id = e.id "
            "WHERE e.user_id = %s AND e.posted_at >= %s AND e.posted_at < %s "
            "GROUP BY l.account_id"
        )
        params += [user_id, sql.instant(cut.lines_from), sql.instant(cut.lines_to)]
    if len(parts) == 1:
        query = parts[0]
    else:
        sums = ", ".join(f"SUM({name}) AS {name}" for name in names)
        query = (
            f"SELECT account_id, {sums} FROM ({' UNION ALL '.join(parts)}) x GROUP BY account_id"
        )
    where = "" if keep is None else f" WHERE {keep}"
    if sql.vendor != "sqlite":
        # Cents to units: numeric times 0.01 is exact and of scale 2.
        units = ", ".join(f"{name} * 0.01 AS {name}" for name in names)
        query = f"SELECT account_id, {units} FROM ({query}) c{where}"
    elif where:
        query = f"SELECT * FROM ({query}) c{where}"
    return query, params, names


def _as_sums(columns, names):
    return ", ".join(f"{column} AS {name}" for column, name in zip(columns, names, strict=True))


def _signed_sum(sign, column):
    if not sign:
        return "0"
    return f"SUM({column})" if sign > 0 else f"-SUM({column})"


def account_figures(sql, user_id, *, start, end, keep):
    """The user's ``Context`` and the rows of their accounts with sums.

    A row is ``(id, name, normalized_name, type, subtype, is_active, *sums,
    _)``: the sums of ``sums_query`` (``pd, pc``, preceded by ``od, oc``
    when ``start`` is set) as the database returns them (``Sql.cents``), and
    last the setting's ``group_by_subtype``. The rows come sorted by
    normalized name and id when ``Sql.by_name`` (the normalized name is then
    None: nothing needs it). Only the accounts the SQL condition ``keep``
    accepts, or every account of the user when the setting includes zero
    balances.

    The common case takes one statement: a user with few accounts who leaves
    zero balances out. It joins the accounts to the grouped sums, guarded by
    that case's conditions (uncorrelated: evaluated once, before any row is
    read), and brings the setting along. When it returns nothing, the context
    is read on its own and, unless the guard had held, the other case runs.
    For a user with many accounts the planner cannot know how few the lines
    touch and would read all of them, so the sums come first and then those
    accounts by primary key (one bound list, ``= ANY(array)`` on PostgreSQL).
    """
    query, params, names = sums_query(sql, user_id, start=start, end=end, keep=keep)
    columns = sql.account_columns
    sums = ", ".join(f"s.{name}" for name in names)
    rows = sql.rows(
        f"SELECT {columns}, {sums}, {_setting('group_by_subtype')} FROM finance_account a "
        f"JOIN ({query}) s ON s.account_id = a.id WHERE a.user_id = %s "
        f"AND {_ACCOUNT_COUNT} <= {ACCOUNT_LOOKUP_LIMIT} "
        f"AND {_setting('include_zero_balances')} IS NOT TRUE{sql.by_name}",
        [user_id, *params, user_id, user_id, user_id],
        serial=True,
    )
    if rows:
        return Context(bool(rows[0][-1]), False, False), rows
    context = sql.context(user_id)
    everything = context.include_zero_balances
    if not (context.many_accounts or everything):
        return context, rows  # the guard held: the user has no such account
    if everything:
        query, params, names = sums_query(sql, user_id, start=start, end=end)
    flag = context.group_by_subtype
    if not context.many_accounts:
        sums = ", ".join(f"COALESCE(s.{name}, {sql.zero})" for name in names)
        rows = sql.rows(
            f"SELECT {columns}, {sums}, %s FROM finance_account a "
            f"LEFT JOIN ({query}) s ON s.account_id = a.id WHERE a.user_id = %s{sql.by_name}",
            [flag, *params, user_id],
            serial=True,
        )
        return context, rows
    sums = {row[0]: row[1:] for row in sql.rows(query, params, serial=True)}
    accounts = accounts_by_id(sql, user_id, None if everything else list(sums), columns)
    nothing = (0 if sql.cents else ZERO,) * len(names)
    return context, [(*account, *sums.get(account[0], nothing), flag) for account in accounts]


def accounts_by_id(sql, user_id, ids, columns):
    """``columns`` of the user's accounts among ``ids`` (None: all of them), by name and id.

    Up to ACCOUNT_LOOKUP_LIMIT ids are bound as one list (``= ANY(array)`` on
    PostgreSQL), which the planner serves by primary key; beyond that every
    account of the user is read and the others dropped here.
    """
    base = f"SELECT {columns} FROM finance_account a WHERE a.user_id = %s"
    order = sql.by_name
    if ids is None or len(ids) > ACCOUNT_LOOKUP_LIMIT:
        accounts = sql.rows(base + order, [user_id])
        if ids is None:
            return accounts
        wanted = set(ids)
        return [account for account in accounts if account[0] in wanted]
    if not ids:
        return []
    if sql.vendor == "postgresql":
        return sql.rows(base + " AND a.id = ANY(%s)" + order, [user_id, list(ids)])
    marks = ", ".join(["%s"] * len(ids))
    # "+a.user_id" is no index key: SQLite then looks the ids up by primary key
    # (0.8 ms for 1,000) instead of reading all the user's accounts (7.9 ms for 100,000).
    return sql.rows(
        f"SELECT {columns} FROM finance_account a WHERE +a.user_id = %s AND a.id IN ({marks})"
        + order,
        [user_id, *ids],
    )


def month_bounds(year):
    """The first instant of each month of ``year`` and of the next year (None: unbounded)."""
    starts = [start_of_day(datetime.date(year, month, 1)) for month in range(1, 13)]
    return starts, end_of_day(datetime.date(year, 12, 31))


def monthly_sums(sql, user_id, starts, end):
    """Rows ``(account_type, bucket, debit, credit)``: bucket 0 before the year, then 1..12.

    One grouped statement joining the accounts, which give the type. When
    every month of the year starts on a UTC month's first instant (the current
    time zone is UTC, the default), from the month rows alone; otherwise from
    the lines, joined to their entries. The accounts are looked up by primary
    key for each row: "+a.user_id" is no index key on SQLite (the heavy user:
    6.6 ms, against 27 ms reading its 100,000 accounts through the user index).
    """
    owner = "+a.user_id" if sql.vendor == "sqlite" else "a.user_id"
    bounds = [*starts, end]
    if all(bound is not None and month_cut(bound).sign == 0 for bound in bounds):
        cases = " ".join(f"WHEN m.month < %s THEN {month}" for month in range(12))
        scale = "" if sql.cents else " * 0.01"
        return sql.rows(
            f"SELECT a.account_type, CASE {cases} ELSE 12 END AS bucket, "
            f"SUM(m.debit_cents){scale}, SUM(m.credit_cents){scale} "
            "FROM finance_account_month_balance m JOIN finance_account a ON a.id = m.account_id "
            f"WHERE m.user_id = %s AND {owner} = %s AND m.month < %s GROUP BY 1, 2",
            [sql.day(month_cut(start).month) for start in starts]
            + [user_id, user_id, sql.day(month_cut(end).month)],
            serial=True,
        )
    # Month buckets: 0 before the year, then 1..12; each bound once as a parameter.
    cases, params = [], []
    for month, start in enumerate(starts):
        if start is not None:
            cases.append(f"WHEN e.posted_at < %s THEN {month}")
            params.append(sql.instant(start))
    bucket = f"CASE {' '.join(cases)} ELSE 12 END" if cases else "12"
    s = sql.money_sum
    query = (
        f"SELECT a.account_type, {bucket} AS bucket, {s('l.debit')}, {s('l.credit')} "
        f"FROM {_JOINED} JOIN finance_account a ON a.id = l.account_id "
        f"WHERE l.user_id = %s AND e.user_id = %s AND {owner} = %s"
        + ("" if end is None else " AND e.posted_at < %s")
        + " GROUP BY 1, 2"
    )
    params += [user_id, user_id, user_id] + ([] if end is None else [sql.instant(end)])
    return sql.rows(query, params, serial=True)
