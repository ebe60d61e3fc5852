"""Reads of the finance app: the trial balance as of a date, for a period and per month.

Every figure comes from hand-written grouped SQL on the database cursor (no
model instances, no per-row ORM work), then a few dataclasses per account
built in one pass. Money stays exact: PostgreSQL sums its ``numeric`` columns,
SQLite sums whole cents as integers (``lifeos.money.money_sum_sql``), and
Python only ever sees ``Decimal``.

A journal line's date is its entry's ``posted_at``, which is not on the line:
a dated figure has to join the lines to their entries, which costs about three
times what reading the lines alone from the covering index
``ix_finance_journal_line_user_account_amounts`` costs. So a dated sum is
computed from whichever side of the date is cheaper: the lines before the
date (joined), or all the lines (covering index) minus those after it
(joined). Both give the same figures; only the work differs.

Dates follow the as-of rule: a day covers the entries posted from its first
instant to the first instant of the next day in the current time zone
(``end_of_day``).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections, router
from django.utils import timezone

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
# Relative cost of summing a line joined to its entry, against reading it from the covering index.
JOIN_COST = 3.0
YEAR_MIN, YEAR_MAX = 1, 9999
_TYPE_ORDER = {value: position for position, value in enumerate(AccountType.values)}


class TrialBalanceInputError(ValueError):
    """Bad input to a trial-balance selector; ``field`` names the offending parameter."""

    def __init__(self, field, message):
        self.field = field
        super().__init__(message)


def normal_balance(account_type):
    """``"debit"`` for asset and expense accounts, ``"credit"`` for every other type."""
    if account_type in DEBIT_NORMAL_TYPES:
        return NormalBalance.DEBIT.value
    return NormalBalance.CREDIT.value


def on_normal_side(balance, normal):
    """``balance`` (debit minus credit) signed so that positive is on the ``normal`` side."""
    # ZERO - balance, not -balance: never a "-0.00".
    return balance if normal == NormalBalance.DEBIT.value else ZERO - balance


# The as-of trial balance -------------------------------------------------------


@dataclass
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


@dataclass
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
    totals: Totals
    normal_balance: str = NormalBalance.DEBIT.value
    balance_on_normal_side: Decimal = ZERO


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


@dataclass
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


@dataclass
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


@dataclass
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


@dataclass
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


class _Sql:
    """The grouped statements of one call, for the database that serves the lines."""

    def __init__(self):
        self.alias = router.db_for_read(Account)
        self.connection = connections[self.alias]
        self.vendor = self.connection.vendor
        self.posted_at = JournalEntry._meta.get_field("posted_at")

    def money_sum(self, expression):
        return money_sum_sql(self.vendor, expression)

    def money(self, value):
        """A sum as returned by ``money_sum``, as a Decimal of two places."""
        if value is None:
            return ZERO
        if self.vendor == "sqlite":
            # Integer cents (money_sum_sql): exact, whatever the magnitude.
            return Decimal(int(value)).scaleb(-2)
        return Decimal(value).quantize(CENT)

    def instant(self, moment):
        """An aware datetime as the posted_at column stores it (naive UTC)."""
        return self.posted_at.get_db_prep_value(moment, self.connection)

    def rows(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def context(self, user_id, *, dated):
        """The user's setting (group_by_subtype, include_zero_balances) and posting range.

        One statement: the setting's row (``trial_balance_setting``'s: the first,
        defaults when none) and, when ``dated``, the earliest and latest posted_at
        of the user's entries as naive UTC (two look-ups at the ends of
        ix_finance_journal_entry_user_posted_at; separate subqueries, because
        SQLite serves only a lone MIN or MAX from an index), else (None, None).
        """
        entries = "finance_journal_entry WHERE user_id = %s"
        span = (
            f"(SELECT MIN(posted_at) FROM {entries}), (SELECT MAX(posted_at) FROM {entries})"
            if dated
            else "NULL, NULL"
        )
        (group_by_subtype, include_zero, first, last), *_ = self.rows(
            f"SELECT s.group_by_subtype, s.include_zero_balances, {span} "
            "FROM (SELECT 1 AS one) AS d LEFT JOIN ("
            "SELECT group_by_subtype, include_zero_balances FROM finance_trial_balance_setting "
            "WHERE user_id = %s ORDER BY id LIMIT 1) AS s ON 1 = 1",
            [user_id, user_id, user_id] if dated else [user_id],
        )
        return _Context(bool(group_by_subtype), bool(include_zero), _naive(first), _naive(last))


@dataclass(frozen=True)
class _Context:
    group_by_subtype: bool
    include_zero_balances: bool
    first_posted_at: datetime.datetime | None
    last_posted_at: datetime.datetime | None


def _naive(value):
    """A posted_at as read by the raw cursor (datetime, or text on SQLite), as naive UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value


def _share_before(moment, first, last):
    """Roughly which share of the entries is posted before ``moment`` (aware; None: +inf)."""
    if moment is None or first is None:
        return 1.0
    moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    if moment <= first:
        return 0.0
    if moment > last:
        return 1.0
    return (moment - first) / ((last - first) or datetime.timedelta(microseconds=1))


def _from_tail(context, start, end):
    """Whether summing all lines minus those from ``start`` beats summing those before ``end``.

    The choice only changes the work, never the figures: the share of entries
    on each side is estimated from the user's first and last posting dates.
    """
    if start is None:
        return False
    first, last = context.first_posted_at, context.last_posted_at
    head = JOIN_COST * _share_before(end, first, last)
    tail = 1.0 + JOIN_COST * (1.0 - _share_before(start, first, last))
    return tail < head


_LINES = "finance_journal_line"
_ENTRIES = "finance_journal_entry"
_JOINED = f"{_LINES} l JOIN {_ENTRIES} e ON e.id = l.entry_id"


def _account_sums(sql, user_id, *, start, end, from_tail):
    """Per account: (id, opening debit, opening credit, debit, credit) of the user's lines.

    Opening: the lines posted before ``start`` (None: no opening, zeros). Then
    the lines posted from ``start`` to before ``end`` (None: no end).
    ``from_tail`` computes the opening as all the lines minus those from
    ``start`` on (see ``_from_tail``); otherwise only the lines before ``end``
    are read.
    """
    s = sql.money_sum
    before_end = "" if end is None else " AND e.posted_at < %s"
    end_params = [] if end is None else [sql.instant(end)]
    if start is None:
        if end is None:
            # Read from the covering index alone (index-only scan on PostgreSQL).
            query = (
                f"SELECT account_id, 0, 0, {s('debit')}, {s('credit')} FROM {_LINES} "
                "WHERE user_id = %s GROUP BY account_id"
            )
            return sql.rows(query, [user_id])
        query = (
            f"SELECT l.account_id, 0, 0, {s('l.debit')}, {s('l.credit')} FROM {_JOINED} "
            f"WHERE l.user_id = %s AND e.user_id = %s{before_end} GROUP BY l.account_id"
        )
        return sql.rows(query, [user_id, user_id, *end_params])
    start_param = sql.instant(start)
    if from_tail:
        # Opening = every line (the covering index) minus the lines from start on;
        # the period is those same lines, up to the end.
        tail_debit = (
            "l.debit" if end is None else "CASE WHEN e.posted_at < %s THEN l.debit ELSE 0 END"
        )
        tail_credit = (
            "l.credit" if end is None else "CASE WHEN e.posted_at < %s THEN l.credit ELSE 0 END"
        )
        query = (
            f"SELECT account_id, {s('od')}, {s('oc')}, {s('pd')}, {s('pc')} FROM ("
            f"SELECT account_id, debit AS od, credit AS oc, 0 AS pd, 0 AS pc FROM {_LINES} "
            "WHERE user_id = %s "
            "UNION ALL "
            f"SELECT l.account_id, -l.debit, -l.credit, {tail_debit}, {tail_credit} "
            f"FROM {_JOINED} WHERE l.user_id = %s AND e.user_id = %s AND e.posted_at >= %s"
            ") t GROUP BY account_id"
        )
        params = [user_id, *end_params, *end_params, user_id, user_id, start_param]
        return sql.rows(query, params)
    before = "CASE WHEN e.posted_at < %s THEN l.{} ELSE 0 END"
    within = "CASE WHEN e.posted_at >= %s THEN l.{} ELSE 0 END"
    query = (
        "SELECT l.account_id, "
        f"{s(before.format('debit'))}, {s(before.format('credit'))}, "
        f"{s(within.format('debit'))}, {s(within.format('credit'))} "
        f"FROM {_JOINED} WHERE l.user_id = %s AND e.user_id = %s{before_end} "
        "GROUP BY l.account_id"
    )
    params = [start_param] * 4 + [user_id, user_id, *end_params]
    return sql.rows(query, params)


_ACCOUNT_COLUMNS = "id, name, normalized_name, account_type, account_subtype, is_active"


def _accounts(sql, user_id, ids):
    """The user's accounts (id, name, normalized_name, type, subtype, is_active) among ``ids``.

    ``ids`` None: every account of the user. The ids are bound as one list
    (``= ANY(array)`` on PostgreSQL), which the planner serves by primary key;
    a join of the accounts to the grouped sums is not: the planner cannot know
    how few accounts the lines touch and reads all of the user's.
    """
    base = f"SELECT {_ACCOUNT_COLUMNS} FROM finance_account WHERE user_id = %s"
    if ids is None or len(ids) > ACCOUNT_LOOKUP_LIMIT:
        rows = sql.rows(base, [user_id])
        if ids is not None:
            wanted = set(ids)
            rows = [row for row in rows if row[0] in wanted]
        return rows
    if not ids:
        return []
    if sql.vendor == "postgresql":
        return sql.rows(base + " AND id = ANY(%s)", [user_id, list(ids)])
    marks = ", ".join(["%s"] * len(ids))
    return sql.rows(f"{base} AND id IN ({marks})", [user_id, *ids])


def _sorted_by_type(accounts):
    """Accounts grouped by type in AccountType order, each by normalized name then id."""
    by_type = {}
    for account in accounts:
        by_type.setdefault(account[3], []).append(account)
    ordered = sorted(by_type, key=lambda value: _TYPE_ORDER.get(value, len(_TYPE_ORDER)))
    return [(kind, sorted(by_type[kind], key=lambda a: (a[2], a[0]))) for kind in ordered]


def _subgroups(rows, make_group, add):
    """``rows`` of one type split by subtype: named subtypes alphabetically, none last."""
    subgroups = {}
    for row in rows:
        subgroup = subgroups.get(row.account_subtype)
        if subgroup is None:
            subgroup = subgroups[row.account_subtype] = make_group(row.account_subtype)
        subgroup.rows.append(row)
        add(subgroup, row)
    return sorted(
        subgroups.values(),
        key=lambda sub: (sub.account_subtype is None, sub.account_subtype or ""),
    )


def trial_balance_setting(*, user):
    """``user``'s trial-balance preferences, or the defaults when there is no row."""
    setting = TrialBalanceSetting.objects.for_user(user).first()
    return setting or TrialBalanceSetting(user=user)


def trial_balance(*, user, as_of=None):
    """``user``'s trial balance from journal entries posted on or before ``as_of`` (a date).

    Three statements: the user's setting, one grouped sum of the lines per
    account, and the accounts that sum names, by primary key. Accounts whose
    debits equal their credits are left out unless the setting includes zero
    balances.
    """
    sql = _Sql()
    bound = end_of_day(as_of) if as_of is not None else None
    setting = sql.context(user.pk, dated=bound is not None)
    if bound is None:
        rows = _account_sums(sql, user.pk, start=None, end=None, from_tail=False)
        sums = [(row[0], row[3], row[4]) for row in rows]
    elif _from_tail(setting, bound, bound):
        # Everything minus the lines from the bound on: the "opening" of a period there.
        sums = [
            (row[0], row[1], row[2])
            for row in _account_sums(sql, user.pk, start=bound, end=None, from_tail=True)
        ]
    else:
        sums = [
            (row[0], row[3], row[4])
            for row in _account_sums(sql, user.pk, start=None, end=bound, from_tail=False)
        ]
    money = sql.money
    totals_by_account = {}
    for account_id, debit, credit in sums:
        debit, credit = money(debit), money(credit)
        if debit != credit or setting.include_zero_balances:
            totals_by_account[account_id] = Totals(debit, credit)
    ids = None if setting.include_zero_balances else list(totals_by_account)
    groups = []
    grand = Totals()
    for account_type, accounts in _sorted_by_type(_accounts(sql, user.pk, ids)):
        normal = normal_balance(account_type)
        group = TrialBalanceGroup(account_type=account_type)
        rows = []
        for account_id, name, _, _, subtype, is_active in accounts:
            totals = totals_by_account.get(account_id) or Totals()
            group.totals.add(totals)
            rows.append(
                TrialBalanceRow(
                    id=account_id,
                    name=name,
                    account_type=account_type,
                    account_subtype=subtype,
                    is_active=bool(is_active),
                    totals=totals,
                    normal_balance=normal,
                    balance_on_normal_side=on_normal_side(totals.balance, normal),
                )
            )
        if setting.group_by_subtype:
            group.groups = _subgroups(
                rows,
                lambda subtype, kind=account_type: TrialBalanceGroup(
                    account_type=kind, account_subtype=subtype
                ),
                lambda sub, row: sub.totals.add(row.totals),
            )
        else:
            group.rows = rows
        grand.add(group.totals)
        groups.append(group)
    return TrialBalance(
        as_of=as_of,
        group_by_subtype=setting.group_by_subtype,
        include_zero_balances=setting.include_zero_balances,
        groups=groups,
        totals=grand,
    )


def trial_balance_period(*, user, date_from, date_to):
    """``user``'s trial balance over ``date_from``..``date_to`` (dates, both included).

    Per account: ``opening`` (debit minus credit of the entries posted before
    ``date_from``), the ``debit`` and ``credit`` posted from ``date_from`` to
    ``date_to``, and ``closing`` (opening + debit - credit), grouped like the
    as-of trial balance. Accounts with nothing before or in the period are
    left out unless the setting includes zero balances. Raises
    TrialBalanceInputError (its ``field`` is ``from`` or ``to``) for an
    invalid period.
    """
    check_period(date_from=date_from, date_to=date_to)
    sql = _Sql()
    setting = sql.context(user.pk, dated=True)
    start, end = start_of_day(date_from), end_of_day(date_to)
    from_tail = _from_tail(setting, start, end)
    money = sql.money
    figures = {}
    for account_id, opening_debit, opening_credit, debit, credit in _account_sums(
        sql, user.pk, start=start, end=end, from_tail=from_tail
    ):
        opening = money(opening_debit) - money(opening_credit)
        debit, credit = money(debit), money(credit)
        if opening or debit or credit or setting.include_zero_balances:
            figures[account_id] = (opening, debit, credit)
    ids = None if setting.include_zero_balances else list(figures)
    groups = []
    grand = PeriodTotals()
    for account_type, accounts in _sorted_by_type(_accounts(sql, user.pk, ids)):
        normal = normal_balance(account_type)
        group = PeriodGroup(account_type=account_type, normal_balance=normal)
        rows = []
        for account_id, name, _, _, subtype, is_active in accounts:
            opening, debit, credit = figures.get(account_id) or (ZERO, ZERO, ZERO)
            closing = opening + debit - credit
            rows.append(
                PeriodRow(
                    id=account_id,
                    name=name,
                    account_type=account_type,
                    account_subtype=subtype,
                    is_active=bool(is_active),
                    normal_balance=normal,
                    opening=opening,
                    debit=debit,
                    credit=credit,
                    closing=closing,
                    opening_on_normal_side=on_normal_side(opening, normal),
                    closing_on_normal_side=on_normal_side(closing, normal),
                )
            )
            group.totals.add(PeriodTotals(opening, debit, credit, closing))
        if setting.group_by_subtype:
            group.groups = _subgroups(
                rows,
                lambda subtype, kind=account_type, normal=normal: PeriodGroup(
                    account_type=kind, normal_balance=normal, account_subtype=subtype
                ),
                lambda sub, row: sub.totals.add(
                    PeriodTotals(row.opening, row.debit, row.credit, row.closing)
                ),
            )
        else:
            group.rows = rows
        grand.add(group.totals)
        groups.append(group)
    return PeriodTrialBalance(
        date_from=date_from,
        date_to=date_to,
        group_by_subtype=setting.group_by_subtype,
        include_zero_balances=setting.include_zero_balances,
        groups=groups,
        totals=grand,
    )


def _month_bounds(year):
    """The first instant of each month of ``year`` and of the next year (None: unbounded)."""
    starts = [start_of_day(datetime.date(year, month, 1)) for month in range(1, 13)]
    return starts, end_of_day(datetime.date(year, 12, 31))


def trial_balance_monthly(*, user, year):
    """``user``'s debits, credits and closing balance per account type and month of ``year``.

    Every type of AccountType is listed (types without lines show zeros), with
    the twelve months in order; ``closing`` is the type's balance (debit minus
    credit) at the month's end, everything posted before the year included,
    and ``closing_on_normal_side`` the same signed on the type's normal side.
    One grouped statement: the user's lines up to the year's end, bucketed by
    month (0: before the year) and account; the types come from the accounts
    the lines name. Raises TrialBalanceInputError naming ``year`` for a year
    outside 1..9999.
    """
    check_year(year)
    sql = _Sql()
    starts, end = _month_bounds(year)
    # Month buckets: 0 before the year, then 1..12; each bound once as a parameter.
    cases, params = [], []
    for month, start in enumerate(starts):
        if start is not None:
            cases.append(f"WHEN e.posted_at < %s THEN {month}")
            params.append(sql.instant(start))
    bucket = f"CASE {' '.join(cases)} ELSE 12 END" if cases else "12"
    s = sql.money_sum
    query = (
        f"SELECT l.account_id, {bucket} AS bucket, {s('l.debit')}, {s('l.credit')} "
        f"FROM {_JOINED} WHERE l.user_id = %s AND e.user_id = %s"
        + ("" if end is None else " AND e.posted_at < %s")
        + " GROUP BY 1, 2"
    )
    params += [user.pk, user.pk] + ([] if end is None else [sql.instant(end)])
    sums = sql.rows(query, params)
    account_types = {
        row[0]: row[3] for row in _accounts(sql, user.pk, sorted({row[0] for row in sums}))
    }
    kinds = list(AccountType.values)
    kinds += sorted({kind for kind in account_types.values() if kind not in _TYPE_ORDER})
    # per type: [opening, (debit, credit) per month 1..12]
    debit = {kind: [ZERO] * 13 for kind in kinds}
    credit = {kind: [ZERO] * 13 for kind in kinds}
    for account_id, month, line_debit, line_credit in sums:
        kind = account_types.get(account_id)
        if kind is None:  # a line on another user's account: never counted
            continue
        debit[kind][month] += sql.money(line_debit)
        credit[kind][month] += sql.money(line_credit)
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
