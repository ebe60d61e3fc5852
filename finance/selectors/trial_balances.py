"""Reads of the finance app: the trial balance as of a date, for a period and per month.

Every figure comes from hand-written grouped SQL on the database cursor (no
model instances, no per-row ORM work), then a few dataclasses per account
built in one pass. Money stays exact: PostgreSQL sums its ``numeric`` columns,
SQLite sums whole cents as integers (``lifeos.money.money_sum_sql``), and
Python only ever sees ``Decimal``.

The sums come from ``finance_account_month_balance`` (one row per account and
UTC month of posting, kept by database triggers: ``finance.balances``), not
from the lines: a balance before an instant is the account's months before
it, corrected by the lines of the one month the instant falls in, read from
whichever side of the instant is shorter (``MonthCut``). An undated or
month-aligned figure reads no line at all.

Dates follow the as-of rule: a day covers the entries posted from its first
instant to the first instant of the next day in the current time zone
(``end_of_day``).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from django.db import connections, router
from django.utils import timezone

from finance.balances import cents_sql
from finance.models import Account, AccountType, JournalEntry, NormalBalance, TrialBalanceSetting
from lifeos.money import money_sum_sql
from lifeos.validators import is_storable_datetime

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# Up to this many accounts with lines are fetched by primary key (bound parameters);
# beyond it (or with zero balances wanted) every account of the user is read.
ACCOUNT_LOOKUP_LIMIT = 5000
# Assets and expenses grow on the debit side; liabilities, equity and income on the credit side.
DEBIT_NORMAL_TYPES = frozenset({AccountType.ASSET.value, AccountType.EXPENSE.value})
YEAR_MIN, YEAR_MAX = 1, 9999
DEBIT, CREDIT = NormalBalance.DEBIT.value, NormalBalance.CREDIT.value
_TYPE_ORDER = {value: position for position, value in enumerate(AccountType.values)}


class TrialBalanceInputError(ValueError):
    """Bad input to a trial-balance selector; ``field`` names the offending parameter."""

    def __init__(self, field, message):
        self.field = field
        super().__init__(message)


def normal_balance(account_type):
    """``"debit"`` for asset and expense accounts, ``"credit"`` for every other type."""
    return DEBIT if account_type in DEBIT_NORMAL_TYPES else CREDIT


def on_normal_side(balance, normal):
    """``balance`` (debit minus credit) signed so that positive is on the ``normal`` side."""
    # ZERO - balance, not -balance: never a "-0.00".
    return balance if normal == DEBIT else ZERO - balance


# The as-of trial balance -------------------------------------------------------


@dataclass(slots=True)
class Totals:
    """Debit and credit totals; the balance is debit minus credit."""

    debit: Decimal = ZERO
    credit: Decimal = ZERO

    @property
    def balance(self):
        return self.debit - self.credit

    def add(self, other):
        self.debit += other.debit
        self.credit += other.credit


@dataclass(slots=True)
class TrialBalanceRow:
    """One account's line of the trial balance.

    ``balance_on_normal_side`` is the balance signed on the account's normal
    side: debit minus credit for debit-normal accounts, credit minus debit for
    the others (so a salary account that earned 100 shows 100, not -100).
    """

    id: int
    name: str
    account_type: str
    account_subtype: str | None
    is_active: bool
    debit: Decimal
    credit: Decimal
    normal_balance: str = NormalBalance.DEBIT.value
    balance_on_normal_side: Decimal = ZERO

    @property
    def balance(self):
        return self.debit - self.credit

    @property
    def totals(self):
        """The row itself: its ``debit``, ``credit`` and ``balance``, read like a group's totals.

        No second object per row: a report builds hundreds of rows per call.
        """
        return self


@dataclass
class TrialBalanceGroup:
    """Accounts of one type (and subtype, when grouped by subtype), with subtotals."""

    account_type: str
    account_subtype: str | None = None
    rows: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @property
    def normal_balance(self):
        return normal_balance(self.account_type)

    @property
    def balance_on_normal_side(self):
        return on_normal_side(self.totals.balance, self.normal_balance)


@dataclass
class TrialBalance:
    """The whole trial balance; ``totals.debit == totals.credit`` for a sound ledger."""

    as_of: datetime.date | None
    group_by_subtype: bool
    include_zero_balances: bool
    groups: list
    totals: Totals


# The period trial balance ------------------------------------------------------


@dataclass(slots=True)
class PeriodTotals:
    """Opening balance, the period's debits and credits, closing balance (debit minus credit)."""

    opening: Decimal = ZERO
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    closing: Decimal = ZERO

    def add(self, other):
        self.opening += other.opening
        self.debit += other.debit
        self.credit += other.credit
        self.closing += other.closing


@dataclass(slots=True)
class PeriodRow:
    """One account over the period: ``closing == opening + debit - credit``.

    ``opening`` and ``closing`` are debit minus credit; the ``*_on_normal_side``
    figures are the same balances signed on the account's normal side.
    """

    id: int
    name: str
    account_type: str
    account_subtype: str | None
    is_active: bool
    normal_balance: str
    opening: Decimal
    debit: Decimal
    credit: Decimal
    closing: Decimal
    opening_on_normal_side: Decimal
    closing_on_normal_side: Decimal


@dataclass
class PeriodGroup:
    """Accounts of one type (and subtype, when grouped by subtype), with subtotals."""

    account_type: str
    normal_balance: str
    account_subtype: str | None = None
    rows: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    totals: PeriodTotals = field(default_factory=PeriodTotals)

    @property
    def closing_on_normal_side(self):
        return on_normal_side(self.totals.closing, self.normal_balance)


@dataclass
class PeriodTrialBalance:
    """Every account's opening, movements and closing over ``date_from``..``date_to``.

    For a sound ledger ``totals.opening == totals.closing == 0`` and
    ``totals.debit == totals.credit``.
    """

    date_from: datetime.date
    date_to: datetime.date
    group_by_subtype: bool
    include_zero_balances: bool
    groups: list
    totals: PeriodTotals


# The monthly trial balance -----------------------------------------------------


@dataclass(slots=True)
class MonthFigures:
    """One account type in one month: its debits, credits and balance at the month's end."""

    month: int
    debit: Decimal
    credit: Decimal
    closing: Decimal
    closing_on_normal_side: Decimal


@dataclass
class MonthlyTypeRow:
    """One account type over the year; ``opening`` is its balance before the year."""

    account_type: str
    normal_balance: str
    opening: Decimal
    months: list


@dataclass(slots=True)
class MonthTotals:
    """Every type together in one month (closing is 0 for a sound ledger)."""

    month: int
    debit: Decimal
    credit: Decimal
    closing: Decimal


@dataclass
class MonthlyTrialBalance:
    """Per account type and month of ``year``: debit, credit and the cumulative closing."""

    year: int
    types: list
    totals: list


# Dates -------------------------------------------------------------------------


def end_of_day(day):
    """The first aware instant after ``day`` in the current time zone.

    None when that instant is past every storable datetime (``day`` is
    9999-12-31, or its end is in year 10000 in UTC): then every entry is on or
    before ``day``.
    """
    if day >= datetime.date.max:
        return None
    moment = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    return moment if is_storable_datetime(moment) else None


def start_of_day(day):
    """The first aware instant of ``day`` in the current time zone (None: before every entry)."""
    moment = datetime.datetime.combine(day, datetime.time.min)
    if not is_storable_datetime(moment):
        return None
    return timezone.make_aware(moment)


def _check_date(name, value):
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise TrialBalanceInputError(name, f"{name} must be a date (YYYY-MM-DD), not {value!r}.")
    if not is_storable_datetime(datetime.datetime.combine(value, datetime.time.min)):
        raise TrialBalanceInputError(
            name, f"{name} {value.isoformat()} is out of range: no entry can be dated then."
        )


def check_period(*, date_from, date_to):
    """Raise TrialBalanceInputError (naming ``from`` or ``to``) unless the period is valid."""
    _check_date("from", date_from)
    _check_date("to", date_to)
    if date_to < date_from:
        raise TrialBalanceInputError(
            "to",
            f"to ({date_to.isoformat()}) must be on or after from ({date_from.isoformat()}).",
        )


def check_year(year):
    """Raise TrialBalanceInputError naming ``year`` unless it is an integer in 1..9999."""
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise TrialBalanceInputError(
            "year", f"year must be a whole number from {YEAR_MIN} to {YEAR_MAX}, not {year!r}."
        )


# SQL ---------------------------------------------------------------------------

_LINES = "finance_journal_line"
_ENTRIES = "finance_journal_entry"
_JOINED = f"{_LINES} l JOIN {_ENTRIES} e ON e.id = l.entry_id"
# The names of the sums of _sums_query: debits and credits before the period, and in it.
_OPENING_SUMS = ("od", "oc")
_PERIOD_SUMS = ("pd", "pc")


@dataclass(frozen=True)
class _Context:
    """What a call reads before its sums: the user's setting and size."""

    group_by_subtype: bool
    include_zero_balances: bool
    # Whether the user has more than ACCOUNT_LOOKUP_LIMIT accounts.
    many_accounts: bool


class _Sql:
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
        """A sum as returned by ``money_sum`` or ``_sums_query``, as a Decimal of two places."""
        if value is None:
            return ZERO
        if self.vendor == "sqlite":
            # Integer cents (money_sum_sql): exact, whatever the magnitude.
            return Decimal(int(value)).scaleb(-2)
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
        return _Context(bool(group_by_subtype), bool(include_zero), accounts > ACCOUNT_LOOKUP_LIMIT)


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


@dataclass(frozen=True)
class MonthCut:
    """ "Everything posted before ``moment``" as month rows plus a few lines.

    The balance before an instant is the sum of the month rows before
    ``month`` plus ``sign`` times the lines of entries posted in
    ``[lines_from, lines_to)``: either the head of the instant's month (its
    first day to the instant, sign +1, ``month`` that first day) or its tail
    (the instant to the next month, sign -1, ``month`` the next month), the
    shorter of the two. An instant on a month's first midnight needs no line.
    """

    month: datetime.date
    sign: int = 0
    lines_from: datetime.datetime | None = None
    lines_to: datetime.datetime | None = None


def month_cut(moment, side=None):
    """The ``MonthCut`` of an aware instant (None: no bound, everything counts).

    ``side`` forces the ``"head"`` or the ``"tail"`` of the instant's month
    (the tests read every figure both ways); by default the shorter one.
    """
    if moment is None:
        return None
    moment = moment.astimezone(datetime.UTC)
    first = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if moment == first:
        return MonthCut(first.date())
    if first.year == datetime.MAXYEAR and first.month == 12:
        following = None  # no month after December 9999: count from the head
    else:
        year, month = divmod(first.month, 12)
        following = first.replace(year=first.year + year, month=month + 1)
    if side is None:
        side = "head" if following is None or moment - first <= following - moment else "tail"
    if side == "head" or following is None:
        return MonthCut(first.date(), 1, first, moment)
    return MonthCut(following.date(), -1, moment, following)


def _sums_query(sql, user_id, *, start, end, keep=None):
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
    PostgreSQL (``_Sql.money`` reads both).
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


def _account_figures(sql, user_id, *, start, end, keep):
    """The user's ``_Context`` and the rows of their accounts with sums.

    A row is ``(id, name, normalized_name, type, subtype, is_active, *sums,
    _)``: the sums of ``_sums_query`` (``pd, pc``, preceded by ``od, oc``
    when ``start`` is set) as the database returns them (``_Sql.cents``), and
    last the setting's ``group_by_subtype``. The rows come sorted by
    normalized name and id when ``_Sql.by_name`` (the normalized name is then
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
    query, params, names = _sums_query(sql, user_id, start=start, end=end, keep=keep)
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
        return _Context(bool(rows[0][-1]), False, False), rows
    context = sql.context(user_id)
    everything = context.include_zero_balances
    if not (context.many_accounts or everything):
        return context, rows  # the guard held: the user has no such account
    if everything:
        query, params, names = _sums_query(sql, user_id, start=start, end=end)
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
    accounts = _accounts_by_id(sql, user_id, None if everything else list(sums), columns)
    nothing = (0 if sql.cents else ZERO,) * len(names)
    return context, [(*account, *sums.get(account[0], nothing), flag) for account in accounts]


def _accounts_by_id(sql, user_id, ids, columns):
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


def _by_type(sql, figures):
    """``(account_type, figures)`` pairs in AccountType order, each by normalized name, id."""
    by_type = {}
    for figure in figures:
        members = by_type.get(figure[3])
        if members is None:
            members = by_type[figure[3]] = []
        members.append(figure)
    if not sql.by_name:  # not sorted by the statement
        # By id, then by name: the second sort is stable. Twice as fast as one
        # sort on (name, id) keys, and no key tuple for the garbage collector.
        by_id, by_name = itemgetter(0), itemgetter(2)
        for members in by_type.values():
            members.sort(key=by_id)
            members.sort(key=by_name)
    return [
        (kind, by_type[kind])
        for kind in sorted(by_type, key=lambda kind: _TYPE_ORDER.get(kind, len(_TYPE_ORDER)))
    ]


def trial_balance_setting(*, user):
    """``user``'s trial-balance preferences, or the defaults when there is no row."""
    setting = TrialBalanceSetting.objects.for_user(user).first()
    return setting or TrialBalanceSetting(user=user)


def _type_group(account_type, rows, totals, group_by_subtype, make_group, totals_of):
    """The group of one type's ``rows`` and their ``totals`` (split by subtype when asked).

    ``make_group(account_type, subtype, rows, totals)`` builds a group;
    ``totals_of(rows)`` sums a subtype's rows.
    """
    group = make_group(account_type, None, [], totals)
    if not group_by_subtype:
        group.rows = rows
        return group
    by_subtype = {}
    for row in rows:
        by_subtype.setdefault(row.account_subtype, []).append(row)
    # Named subtypes alphabetically, accounts without one last.
    group.groups = [
        make_group(account_type, subtype, members, totals_of(members))
        for subtype, members in sorted(
            by_subtype.items(), key=lambda item: (item[0] is None, item[0] or "")
        )
    ]
    return group


def _totals(rows):
    debit = credit = ZERO
    for row in rows:
        debit += row.debit
        credit += row.credit
    return Totals(debit, credit)


def _trial_balance_group(account_type, subtype, rows, totals):
    return TrialBalanceGroup(account_type, subtype, rows, totals=totals)


def trial_balance(*, user, as_of=None):
    """``user``'s trial balance from journal entries posted on or before ``as_of`` (a date).

    Each account row has its debit and credit totals, its ``normal_balance``
    and its ``balance_on_normal_side``. Accounts whose debits equal their
    credits are left out unless the user's setting includes zero balances.
    One statement for a user with up to ACCOUNT_LOOKUP_LIMIT accounts who
    leaves zero balances out and has some to show (``_account_figures``);
    otherwise two, or three beyond ACCOUNT_LOOKUP_LIMIT accounts.
    """
    sql = _Sql()
    bound = end_of_day(as_of) if as_of is not None else None
    context, figures = _account_figures(sql, user.pk, start=None, end=bound, keep="pd <> pc")
    cents = sql.cents
    groups = []
    grand = Totals()
    for account_type, members in _by_type(sql, figures):
        debit_normal = account_type in DEBIT_NORMAL_TYPES
        normal = DEBIT if debit_normal else CREDIT
        rows = []
        type_debit = type_credit = ZERO
        for account_id, name, _, _, subtype, is_active, debit, credit, _ in members:
            if cents:
                # Whole cents times 0.01: exact (int64 cents have at most 19 digits,
                # the context keeps 28), and faster than scaleb.
                debit, credit = Decimal(debit) * CENT, Decimal(credit) * CENT
            type_debit += debit
            type_credit += credit
            # Positional: TrialBalanceRow's fields in order. x - x is 0.00, never -0.00.
            rows.append(
                TrialBalanceRow(
                    account_id,
                    name,
                    account_type,
                    subtype,
                    bool(is_active),
                    debit,
                    credit,
                    normal,
                    debit - credit if debit_normal else credit - debit,
                )
            )
        group = _type_group(
            account_type,
            rows,
            Totals(type_debit, type_credit),
            context.group_by_subtype,
            _trial_balance_group,
            _totals,
        )
        grand.add(group.totals)
        groups.append(group)
    return TrialBalance(
        as_of=as_of,
        group_by_subtype=context.group_by_subtype,
        include_zero_balances=context.include_zero_balances,
        groups=groups,
        totals=grand,
    )


def _period_totals(rows):
    opening = debit = credit = closing = ZERO
    for row in rows:
        opening += row.opening
        debit += row.debit
        credit += row.credit
        closing += row.closing
    return PeriodTotals(opening, debit, credit, closing)


def trial_balance_period(*, user, date_from, date_to):
    """``user``'s trial balance over ``date_from``..``date_to`` (dates, both included).

    Per account: ``opening`` (debit minus credit of the entries posted before
    ``date_from``), the ``debit`` and ``credit`` posted from ``date_from`` to
    ``date_to``, ``closing`` (opening + debit - credit), its ``normal_balance``
    and both balances signed on that side, grouped like the as-of trial
    balance, with totals. Accounts with nothing before or in the period are
    left out unless the setting includes zero balances. Raises
    TrialBalanceInputError (its ``field`` is ``from`` or ``to``) for an
    invalid period.
    """
    check_period(date_from=date_from, date_to=date_to)
    sql = _Sql()
    start, end = start_of_day(date_from), end_of_day(date_to)
    context, figures = _account_figures(
        sql, user.pk, start=start, end=end, keep="od <> oc OR pd <> 0 OR pc <> 0"
    )
    cents = sql.cents
    groups = []
    grand = PeriodTotals()
    for account_type, members in _by_type(sql, figures):
        debit_normal = account_type in DEBIT_NORMAL_TYPES
        normal = DEBIT if debit_normal else CREDIT

        def make_group(kind, subtype, rows, totals, normal=normal):
            return PeriodGroup(kind, normal, subtype, rows, totals=totals)

        rows = []
        for account_id, name, _, _, subtype, is_active, od, oc, debit, credit, _ in members:
            if cents:
                od, oc = Decimal(od) * CENT, Decimal(oc) * CENT
                debit, credit = Decimal(debit) * CENT, Decimal(credit) * CENT
            opening = od - oc
            closing = opening + debit - credit
            rows.append(
                PeriodRow(
                    account_id,
                    name,
                    account_type,
                    subtype,
                    bool(is_active),
                    normal,
                    opening,
                    debit,
                    credit,
                    closing,
                    opening if debit_normal else ZERO - opening,
                    closing if debit_normal else ZERO - closing,
                )
            )
        group = _type_group(
            account_type,
            rows,
            _period_totals(rows),
            context.group_by_subtype,
            make_group,
            _period_totals,
        )
        grand.add(group.totals)
        groups.append(group)
    return PeriodTrialBalance(
        date_from=date_from,
        date_to=date_to,
        group_by_subtype=context.group_by_subtype,
        include_zero_balances=context.include_zero_balances,
        groups=groups,
        totals=grand,
    )


def _month_bounds(year):
    """The first instant of each month of ``year`` and of the next year (None: unbounded)."""
    starts = [start_of_day(datetime.date(year, month, 1)) for month in range(1, 13)]
    return starts, end_of_day(datetime.date(year, 12, 31))


def _monthly_sums(sql, user_id, starts, end):
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


def trial_balance_monthly(*, user, year):
    """``user``'s debits, credits and closing balance per account type and month of ``year``.

    Every type of AccountType is listed (types without lines show zeros), with
    the twelve months in order; ``closing`` is the type's balance (debit minus
    credit) at the month's end, everything posted before the year included,
    and ``closing_on_normal_side`` the same signed on the type's normal side.
    One grouped statement (``_monthly_sums``): the user's month rows up to the
    year's end, per account type and bucket (0: before the year, then each
    month). Raises TrialBalanceInputError naming ``year`` for a year outside
    1..9999.
    """
    check_year(year)
    sql = _Sql()
    starts, end = _month_bounds(year)
    sums = _monthly_sums(sql, user.pk, starts, end)
    kinds = list(AccountType.values)
    kinds += sorted({row[0] for row in sums if row[0] not in _TYPE_ORDER})
    # per type: [opening, (debit, credit) per month 1..12]
    debit = {kind: [ZERO] * 13 for kind in kinds}
    credit = {kind: [ZERO] * 13 for kind in kinds}
    for kind, month, type_debit, type_credit in sums:
        debit[kind][month] = sql.money(type_debit)
        credit[kind][month] = sql.money(type_credit)
    types = []
    month_debit, month_credit = [ZERO] * 13, [ZERO] * 13
    for kind in kinds:
        normal = normal_balance(kind)
        balance = debit[kind][0] - credit[kind][0]
        row = MonthlyTypeRow(account_type=kind, normal_balance=normal, opening=balance, months=[])
        for month in range(1, 13):
            balance += debit[kind][month] - credit[kind][month]
            row.months.append(
                MonthFigures(
                    month=month,
                    debit=debit[kind][month],
                    credit=credit[kind][month],
                    closing=balance,
                    closing_on_normal_side=on_normal_side(balance, normal),
                )
            )
        for month in range(13):
            month_debit[month] += debit[kind][month]
            month_credit[month] += credit[kind][month]
        types.append(row)
    totals = []
    balance = month_debit[0] - month_credit[0]
    for month in range(1, 13):
        balance += month_debit[month] - month_credit[month]
        totals.append(MonthTotals(month, month_debit[month], month_credit[month], balance))
    return MonthlyTrialBalance(year=year, types=types, totals=totals)
