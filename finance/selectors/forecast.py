"""Reads of the cash-flow planner: schedule rows, their occurrences, forecasts and scenarios.

Conventions (shared with ``finance.services.schedule``):

- Bad input raises ``PlanningValidationError``, a Django ``ValidationError``
  whose ``message_dict`` is keyed by the API's field name (``from``, ``to``,
  ``accounts``, ``scenario``, ``amount``, ``rows.0.delta_amount``...).
- An id in the URL path (a schedule row's, a scenario's) that is missing or
  another user's raises the model's ``DoesNotExist``: the same for both.
- An id given as input (``account_id``, ``accounts``, ``base_row_id``,
  ``scenario``) that is missing or another user's is a
  ``PlanningValidationError`` on that field, with the same message for both.
- Money is a ``Decimal`` with two places; dates are ``datetime.date``.
- ``outflow`` is reported as a positive number: a day's balance is the
  previous day's plus its inflow minus its outflow.
"""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial

from django.db import connections, router
from django.db.models import Q
from django.utils import timezone

import lifeos.inputs
from finance.balances import cents_sql
from finance.models import (
    Account,
    AccountType,
    JournalEntry,
    JournalLine,
    MoneyScheduleDailyBalance,
    MoneyScheduleRow,
    MoneyScheduleScenario,
    MoneyScheduleScenarioRow,
    Recurrence,
)
from finance.selectors.trial_balances import end_of_day, month_cut
from lifeos.inputs import FieldError
from lifeos.money import CENT

__all__ = [
    "MAX_FORECAST_DAYS",
    "BalancePoint",
    "Comparison",
    "ComparisonDay",
    "Forecast",
    "ForecastDay",
    "PlanningValidationError",
    "cash_flow_forecast",
    "default_forecast_account_set",
    "forecasts_with_scenarios",
    "occurrences",
    "opening_balance",
    "scenario_compare",
    "scenario_get",
    "scenario_list",
    "scenario_row_data",
    "schedule_row_data",
    "schedule_row_get",
    "schedule_row_list",
    "stored_daily_balances",
]

ZERO = Decimal("0.00")
# Longest forecast window, in days from ``from`` to ``to`` inclusive: three years
# (1,096 days covers one 29 February); longer is an error on ``to``.
MAX_FORECAST_DAYS = 3 * 365 + 1
# Most accounts one forecast may name explicitly (bound parameters stay few).
MAX_FORECAST_ACCOUNTS = 5000

ROW_FIELDS = ("id", "account_id", "event_date", "amount", "memo", "recurrence", "recurrence_until")


class PlanningValidationError(FieldError):
    """Bad planning input; ``message_dict`` maps each field (the API's name) to its messages."""


# Parsing shared by the selectors and the services ---------------------------------


parse_date = partial(lifeos.inputs.parse_date, error=PlanningValidationError)


def parse_money(value, *, field_name, allow_zero=False):
    """``value`` (a Decimal, int or decimal string) as a two-place Decimal within numeric(18,2).

    Floats are refused: they cannot say "two decimal places" exactly.
    """
    if value is None or value == "":
        raise PlanningValidationError(field_name, 'Give an amount, e.g. "-12.50".')
    if isinstance(value, bool | float):
        raise PlanningValidationError(
            field_name, 'Give the amount as a string or decimal, e.g. "-12.50".'
        )
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise PlanningValidationError(field_name, f"{value!r} is not a number.") from None
    if not amount.is_finite():
        raise PlanningValidationError(field_name, f"{value!r} is not a number.")
    # Before quantize, which cannot give 1e26 two decimal places (28 digits at most).
    if abs(amount) >= Decimal("1e16"):
        raise PlanningValidationError(
            field_name, f"{value} is too large: numeric(18,2) holds less than 10^16."
        )
    if amount != amount.quantize(CENT):
        raise PlanningValidationError(field_name, f"{value} has more than two decimal places.")
    if amount == 0 and not allow_zero:
        raise PlanningValidationError(field_name, "Give a non-zero amount: zero changes nothing.")
    return amount.quantize(CENT)


parse_id = partial(lifeos.inputs.parse_id, error=PlanningValidationError)


def parse_account_ids(value):
    """The ``accounts`` input: None (the default set), a list of ids or "1,2,3"."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple | set | frozenset):
        raise PlanningValidationError("accounts", "Give the accounts as a list of ids.")
    if not value:
        raise PlanningValidationError("accounts", "Give at least one account, or leave it out.")
    if len(value) > MAX_FORECAST_ACCOUNTS:
        raise PlanningValidationError(
            "accounts", f"Give at most {MAX_FORECAST_ACCOUNTS:,} accounts."
        )
    return sorted({parse_id(item, field_name="accounts", noun="Account") for item in value})


def parse_window(date_from, date_to):
    """(from, to) as dates; ``to`` not before ``from`` and at most MAX_FORECAST_DAYS apart."""
    start = parse_date(date_from, field_name="from")
    end = parse_date(date_to, field_name="to")
    if end < start:
        raise PlanningValidationError("to", f"{end} is before from ({start}).")
    days = (end - start).days + 1
    if days > MAX_FORECAST_DAYS:
        raise PlanningValidationError(
            "to",
            f"The window has {days:,} days; a forecast covers at most {MAX_FORECAST_DAYS:,} "
            "(three years).",
        )
    return start, end


# Occurrences ---------------------------------------------------------------------


def _clamped(year, month, day):
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrences(*, event_date, recurrence, recurrence_until, start, end):
    """The dates in [start, end] on which a schedule row falls, in order.

    ``none``: ``event_date`` only. ``weekly``: every 7 days from it. ``monthly``:
    the day of the month of ``event_date`` in each following month, clamped to
    the month's last day (31 January, 28/29 February, 31 March: each month is
    clamped from the original day, so a short month does not shift the rest).
    ``yearly``: likewise each year (29 February falls on 28 February in common
    years). A series stops after ``recurrence_until`` (inclusive), or never
    when it is None. An unknown recurrence (a legacy row) is treated as ``none``.
    """
    last = end if recurrence_until is None else min(end, recurrence_until)
    if recurrence not in (Recurrence.WEEKLY, Recurrence.MONTHLY, Recurrence.YEARLY):
        return [event_date] if start <= event_date <= end else []
    if last < event_date or last < start:
        return []
    if recurrence == Recurrence.WEEKLY:
        # The first occurrence on or after ``start``, then every seven days.
        skip = max(0, -(-(start - event_date).days // 7))
        first = event_date + datetime.timedelta(days=7 * skip)
        return [
            first + datetime.timedelta(days=7 * step)
            for step in range(((last - first).days // 7) + 1 if first <= last else 0)
        ]
    step_months = 1 if recurrence == Recurrence.MONTHLY else 12
    origin = event_date.year * 12 + event_date.month - 1
    # Months since the origin of the first period that can fall on or after ``start``.
    months_to_start = (start.year * 12 + start.month - 1) - origin
    index = max(0, months_to_start // step_months)
    dates = []
    while True:
        month_number = origin + index * step_months
        day = _clamped(month_number // 12, month_number % 12 + 1, event_date.day)
        if day > last:
            return dates
        if day >= start:
            dates.append(day)
        index += 1


# Schedule rows ---------------------------------------------------------------------


def schedule_row_data(row):
    """A schedule row (model instance) as the API's dict."""
    return {name: getattr(row, name) for name in ROW_FIELDS}


def schedule_row_list(*, user):
    """``user``'s schedule rows as dicts, by event date then id."""
    return list(
        MoneyScheduleRow.objects.for_user(user).order_by("event_date", "id").values(*ROW_FIELDS)
    )


def schedule_row_get(*, user, row_id):
    """One of ``user``'s schedule rows as a dict; DoesNotExist for a missing or foreign id."""
    row = (
        MoneyScheduleRow.objects.for_user(user).filter(pk=_path_id(row_id)).values(*ROW_FIELDS)
    ).first()
    if row is None:
        raise MoneyScheduleRow.DoesNotExist("No such schedule row.")
    return row


def _path_id(value):
    """A path id as an int; ids that cannot exist become 0, which matches nothing."""
    try:
        return parse_id(value, field_name="id", noun="Row")
    except PlanningValidationError:
        return 0


# Scenarios -------------------------------------------------------------------------


def scenario_row_data(row):
    """A scenario row as the API's dict: an adjustment or a hypothetical row.

    An adjustment has ``base_row_id`` and ``delta_amount``; a hypothetical row
    has ``event_date``, ``amount`` (stored in ``delta_amount``), ``account_id``
    and ``memo``. The keys of the other kind are None.
    """
    if row.base_row_id is not None:
        return {
            "id": row.pk,
            "base_row_id": row.base_row_id,
            "delta_amount": row.delta_amount,
            "event_date": None,
            "amount": None,
            "account_id": None,
            "memo": row.memo,
        }
    return {
        "id": row.pk,
        "base_row_id": None,
        "delta_amount": None,
        "event_date": row.event_date,
        "amount": row.delta_amount,
        "account_id": row.account_id,
        "memo": row.memo,
    }


def _scenario_data(scenario, rows):
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "description": scenario.description,
        "is_active": scenario.is_active,
        "created_at": scenario.created_at,
        "rows": [scenario_row_data(row) for row in rows],
    }


def scenario_list(*, user):
    """``user``'s scenarios with their rows, by name then id (two queries)."""
    scenarios = list(MoneyScheduleScenario.objects.for_user(user).order_by("name", "id"))
    rows = {}
    for row in MoneyScheduleScenarioRow.objects.filter(
        scenario__in=[scenario.pk for scenario in scenarios]
    ).order_by("id"):
        rows.setdefault(row.scenario_id, []).append(row)
    return [_scenario_data(scenario, rows.get(scenario.pk, [])) for scenario in scenarios]


def scenario_get(*, user, scenario_id):
    """One of ``user``'s scenarios with its rows; DoesNotExist for a missing or foreign id."""
    scenario = MoneyScheduleScenario.objects.for_user(user).filter(pk=_path_id(scenario_id)).first()
    if scenario is None:
        raise MoneyScheduleScenario.DoesNotExist("No such scenario.")
    return _scenario_data(scenario, scenario.rows.order_by("id"))


# The forecast ----------------------------------------------------------------------


@dataclass
class ForecastDay:
    """One day of a forecast: flows of the day (both positive) and the balance at its end."""

    date: datetime.date
    inflow: Decimal
    outflow: Decimal
    balance: Decimal


@dataclass
class BalancePoint:
    date: datetime.date
    balance: Decimal


@dataclass
class Forecast:
    """The forecast of the API (``from``/``to`` are Python keywords: ``date_from``/``date_to``)."""

    date_from: datetime.date
    date_to: datetime.date
    opening_balance: Decimal
    days: list = field(default_factory=list)
    lowest: BalancePoint | None = None
    first_negative: datetime.date | None = None
    account_ids: list = field(default_factory=list)
    scenario_id: int | None = None

    def as_dict(self):
        """The API's JSON shape, with ``from`` and ``to``."""
        return {
            "from": self.date_from,
            "to": self.date_to,
            "opening_balance": self.opening_balance,
            "days": [vars(day).copy() for day in self.days],
            "lowest": vars(self.lowest).copy() if self.lowest else None,
            "first_negative": self.first_negative,
        }


def default_forecast_account_set(user):
    """``user``'s active asset accounts (the default set of a forecast), by id."""
    return (
        Account.objects.for_user(user)
        .filter(account_type=AccountType.ASSET, is_active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


class AccountIds(Sequence):
    """The ids of a large account set, read from the database only when asked for.

    A forecast over thousands of default accounts selects them in SQL; the
    list itself is needed only by a scenario's hypothetical rows or by a
    caller that reads ``Forecast.account_ids``.
    """

    def __init__(self, queryset, *, empty=None):
        self._queryset = queryset
        self._ids = None
        self._empty = empty  # None: unknown until asked

    def _load(self):
        if self._ids is None:
            self._ids = list(self._queryset)
        return self._ids

    def __getitem__(self, index):
        return self._load()[index]

    def __len__(self):
        return len(self._load())

    def __bool__(self):
        if self._ids is not None:
            return bool(self._ids)
        if self._empty is None:
            self._empty = not self._queryset.exists()
        return not self._empty

    def __eq__(self, other):
        return list(self) == list(other)

    __hash__ = None


def _owned_account_ids(user, account_ids):
    """``account_ids`` after checking that each is one of ``user``'s accounts."""
    owned = set(
        Account.objects.for_user(user).filter(pk__in=account_ids).values_list("id", flat=True)
    )
    missing = [account_id for account_id in account_ids if account_id not in owned]
    if missing:
        shown = ", ".join(str(account_id) for account_id in missing)
        raise PlanningValidationError(
            "accounts",
            f"No such account: {shown}." if len(missing) == 1 else f"No such accounts: {shown}.",
        )
    return account_ids


def opening_balance(*, user, account_ids, before):
    """Debits minus credits of the lines on ``user``'s ``account_ids`` posted before ``before``.

    ``before`` is a date: lines of entries posted before its first instant in
    the current time zone count. ``account_ids`` is a list of ids, or None for
    the default set (the user's active asset accounts, chosen in SQL). One
    statement, exact on both backends: the user's month rows
    (``finance_account_month_balance``) before that instant's month, summed
    per account and then kept when the account is in the set (a look-up by
    primary key per account), corrected by the lines of the shorter side of
    its month (``trial_balances.month_cut``): no line at all for a forecast
    from a month's first day.
    """
    if before == datetime.date.min or (isinstance(account_ids, list) and not account_ids):
        return ZERO
    # The first instant of ``before`` is the end of the day before; None: every line counts.
    cut = month_cut(end_of_day(before - datetime.timedelta(days=1)))
    connection = connections[router.db_for_read(JournalLine)]
    in_set, set_params = _account_predicate(user, account_ids)
    month_bound = "" if cut is None else " AND month < %s"
    # The summed accounts (one row each, 1,000 for the heavy user) each probe the
    # account table by primary key, rather than the set being listed first (its
    # 20,000 active asset accounts): SQLite keeps a CROSS JOIN's order; PostgreSQL,
    # which misjudges how few accounts the sums name, gets a correlated EXISTS
    # for the default set (OFFSET 0 keeps it a per-row look-up; a listed set is a
    # hash of its ids), with JIT off for this statement: the
    # look-ups' estimated cost crosses jit_above_cost, and compiling them took
    # longer than the whole forecast (145 ms against 4 for a typical user).
    if connection.vendor == "postgresql" and account_ids is None:
        prefix = "SET LOCAL jit = off; "
        accounts = (
            "WHERE EXISTS (SELECT 1 FROM finance_account a "
            f"WHERE a.id = m.account_id AND {in_set} OFFSET 0)"
        )
    else:
        prefix = ""
        accounts = f"CROSS JOIN finance_account a WHERE a.id = m.account_id AND {in_set}"
    statement = (
        "SELECT (SELECT SUM(m.debit) - SUM(m.credit) FROM ("
        "SELECT account_id, SUM(debit_cents) AS debit, SUM(credit_cents) AS credit "
        f"FROM finance_account_month_balance WHERE user_id = %s{month_bound} "
        f"GROUP BY account_id) m {accounts})"
    )
    params = [user.pk]
    if cut is not None:
        params.append(connection.ops.adapt_datefield_value(cut.month))
    params += set_params
    if cut is not None and cut.sign:
        posted_at = JournalEntry._meta.get_field("posted_at")
        debit = cents_sql(connection.vendor, "l.debit")
        credit = cents_sql(connection.vendor, "l.credit")
        statement += (
            f", (SELECT SUM({debit}) - SUM({credit}) FROM finance_journal_entry e "
            "JOIN finance_journal_line l ON l.entry_id = e.id CROSS JOIN finance_account a "
            "WHERE a.id = l.account_id AND e.user_id = %s "
            f"AND e.posted_at >= %s AND e.posted_at < %s AND {in_set})"
        )
        params += [
            user.pk,
            posted_at.get_db_prep_value(cut.lines_from, connection),
            posted_at.get_db_prep_value(cut.lines_to, connection),
            *set_params,
        ]
    with connection.cursor() as cursor:
        cursor.execute(prefix + statement, params)
        months, *lines = cursor.fetchone()
    cents = _cents(months) + (cut.sign * _cents(lines[0]) if lines else 0)
    return (Decimal(cents) * CENT).quantize(CENT)


def _cents(value):
    """A sum of cents read by hand (an integer, or a numeric of scale 0); None is 0."""
    return 0 if value is None else int(value)


def _account_predicate(user, account_ids):
    """SQL on ``finance_account a`` (and parameters) true for the accounts of the set.

    ``account_ids`` None is the default set: the user's active asset accounts.
    """
    if account_ids is None:
        return (
            "a.user_id = %s AND a.account_type = %s AND a.is_active",
            [user.pk, AccountType.ASSET.value],
        )
    marks = ", ".join(["%s"] * len(account_ids))
    return f"a.user_id = %s AND a.id IN ({marks})", [user.pk, *account_ids]


def _window_rows(user, account_ids, start, end):
    """(id, event_date, amount, recurrence, until) of the rows that may fall in the window.

    ``account_ids`` None: the default set, tested on each row's account (a
    primary-key look-up) rather than listed.
    """
    one_off_in_window = Q(event_date__gte=start)
    recurring_still_running = ~Q(recurrence=Recurrence.NONE) & (
        Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=start)
    )
    if account_ids is None:
        in_set = Q(account__user=user, account__account_type=AccountType.ASSET)
        in_set &= Q(account__is_active=True)
    else:
        in_set = Q(account_id__in=account_ids)
    return list(
        MoneyScheduleRow.objects.for_user(user)
        .filter(in_set, event_date__lte=end)
        .filter(one_off_in_window | recurring_still_running)
        .order_by()
        .values_list("id", "event_date", "amount", "recurrence", "recurrence_until")
    )


def _flows(rows, start, end, deltas=None):
    """{date: [inflow, outflow]} of the rows' occurrences, each adjusted by ``deltas[row id]``.

    An occurrence whose adjusted amount is positive is an inflow, negative an
    outflow (kept positive), zero nothing.
    """
    deltas = deltas or {}
    flows = {}
    for row_id, event_date, amount, recurrence, until in rows:
        amount = Decimal(amount) + deltas.get(row_id, ZERO)
        if amount == 0:
            continue
        for day in occurrences(
            event_date=event_date,
            recurrence=recurrence,
            recurrence_until=until,
            start=start,
            end=end,
        ):
            slot = flows.setdefault(day, [ZERO, ZERO])
            if amount > 0:
                slot[0] += amount
            else:
                slot[1] -= amount
    return flows


def _build(start, end, opening, flows):
    """The days of [start, end] with running balances, the lowest and the first negative."""
    days = []
    balance = opening
    lowest = None
    first_negative = None
    day = start
    one_day = datetime.timedelta(days=1)
    while day <= end:
        inflow, outflow = flows.get(day, (ZERO, ZERO))
        balance = balance + inflow - outflow
        days.append(ForecastDay(date=day, inflow=inflow, outflow=outflow, balance=balance))
        # Strictly lower: on ties the earliest date stays.
        if lowest is None or balance < lowest.balance:
            lowest = BalancePoint(date=day, balance=balance)
        if first_negative is None and balance < 0:
            first_negative = day
        day += one_day
    return days, lowest, first_negative


def _scenario_adjustments(scenario_id, account_ids, start, end):
    """({base row id: summed delta}, [(date, amount)] of hypothetical rows in the window).

    A hypothetical row counts only when its account is among the forecast's
    accounts: a scenario is a what-if about those balances, and a row on
    another account moves no money into or out of them.
    """
    rows = MoneyScheduleScenarioRow.objects.filter(scenario_id=scenario_id).values_list(
        *SCENARIO_ROW_COLUMNS
    )
    return _adjustments_from(rows, account_ids, start, end)


SCENARIO_ROW_COLUMNS = ("base_row_id", "delta_amount", "event_date", "account_id")


def _adjustments_from(rows, account_ids, start, end):
    """_scenario_adjustments of scenario rows given as SCENARIO_ROW_COLUMNS tuples."""
    deltas = {}
    extra = []
    accounts = set(account_ids)
    for base_row_id, delta, event_date, account_id in rows:
        delta = Decimal(delta)
        if base_row_id is not None:
            deltas[base_row_id] = deltas.get(base_row_id, ZERO) + delta
        elif (
            event_date is not None
            and account_id in accounts
            and start <= event_date <= end
            and delta != 0
        ):
            extra.append((event_date, delta))
    return deltas, extra


def _add_one_offs(flows, extra):
    for day, amount in extra:
        slot = flows.setdefault(day, [ZERO, ZERO])
        if amount > 0:
            slot[0] += amount
        else:
            slot[1] -= amount


@dataclass
class _Inputs:
    """What every forecast of one user, window and account set shares."""

    start: datetime.date
    end: datetime.date
    account_ids: list
    opening: Decimal
    rows: list


# Past this many default accounts, the queries select them with a subquery: binding
# thousands of ids costs Django far more time than the database spends on the query.
ACCOUNT_LIST_LIMIT = 200


def _inputs(user, date_from, date_to, account_ids):
    start, end = parse_window(date_from, date_to)
    account_ids = parse_account_ids(account_ids)
    if account_ids is None:
        default = default_forecast_account_set(user)
        account_ids = in_sql = list(default[: ACCOUNT_LIST_LIMIT + 1])
        if len(account_ids) > ACCOUNT_LIST_LIMIT:
            account_ids = AccountIds(default, empty=False)
            in_sql = None  # the default set, tested in SQL
    else:
        account_ids = in_sql = _owned_account_ids(user, account_ids)
    return _Inputs(
        start=start,
        end=end,
        account_ids=account_ids,
        opening=(
            opening_balance(user=user, account_ids=in_sql, before=start) if account_ids else ZERO
        ),
        rows=_window_rows(user, in_sql, start, end) if account_ids else [],
    )


def _forecast_from(inputs, scenario_id=None, adjustments=None):
    deltas, extra = adjustments or ({}, [])
    flows = _flows(inputs.rows, inputs.start, inputs.end, deltas)
    _add_one_offs(flows, extra)
    days, lowest, first_negative = _build(inputs.start, inputs.end, inputs.opening, flows)
    return Forecast(
        date_from=inputs.start,
        date_to=inputs.end,
        opening_balance=inputs.opening,
        days=days,
        lowest=lowest,
        first_negative=first_negative,
        account_ids=inputs.account_ids,
        scenario_id=scenario_id,
    )


def cash_flow_forecast(*, user, date_from, date_to, account_ids=None, scenario=None):
    """``user``'s cash-flow forecast for each day of [date_from, date_to].

    ``account_ids`` (a list of ids or "1,2"; error field ``accounts``) defaults
    to the user's active asset accounts; each must be the user's. The opening
    balance is their ledger balance (debits minus credits) before
    ``date_from``; each day adds the occurrences of the schedule rows on those
    accounts (``inflow`` and ``outflow`` both positive). ``scenario`` (an id;
    error field ``scenario``) applies that scenario's rows. ``lowest`` is the
    lowest end-of-day balance (the earliest day on ties), ``first_negative``
    the first day ending below zero, or None.

    Raises PlanningValidationError on ``from``/``to`` (not dates, ``to`` before
    ``from``, more than MAX_FORECAST_DAYS days), ``accounts`` or ``scenario``.
    At most five queries, whatever the window or the number of rows.
    """
    scenario_id = None
    if scenario is not None:
        scenario_id = parse_id(
            getattr(scenario, "pk", scenario), field_name="scenario", noun="Scenario"
        )
    inputs = _inputs(user, date_from, date_to, account_ids)
    adjustments = None
    if scenario_id is not None:
        if not MoneyScheduleScenario.objects.for_user(user).filter(pk=scenario_id).exists():
            raise PlanningValidationError("scenario", f"Scenario {scenario_id} does not exist.")
        adjustments = _scenario_adjustments(
            scenario_id, inputs.account_ids, inputs.start, inputs.end
        )
    return _forecast_from(inputs, scenario_id, adjustments)


@dataclass
class ComparisonDay:
    date: datetime.date
    base: Decimal
    scenario: Decimal
    difference: Decimal


@dataclass
class Comparison:
    """A scenario's balances against the base forecast's; ``difference`` = scenario - base."""

    days: list
    base_lowest: BalancePoint
    scenario_lowest: BalancePoint

    def as_dict(self):
        return {
            "days": [vars(day).copy() for day in self.days],
            "base_lowest": vars(self.base_lowest).copy(),
            "scenario_lowest": vars(self.scenario_lowest).copy(),
        }


def scenario_compare(*, user, scenario_id, date_from, date_to, account_ids=None):
    """The balances of the base forecast and of scenario ``scenario_id``, day by day.

    The scenario is a path id: a missing or foreign one raises
    ``MoneyScheduleScenario.DoesNotExist``. The other arguments are the
    forecast's, with its errors. The ledger and schedule are read once.
    """
    scenario_pk = _path_id(scenario_id)
    if not MoneyScheduleScenario.objects.for_user(user).filter(pk=scenario_pk).exists():
        raise MoneyScheduleScenario.DoesNotExist("No such scenario.")
    inputs = _inputs(user, date_from, date_to, account_ids)
    base = _forecast_from(inputs)
    adjustments = _scenario_adjustments(scenario_pk, inputs.account_ids, inputs.start, inputs.end)
    what_if = _forecast_from(inputs, scenario_pk, adjustments)
    return Comparison(
        days=[
            ComparisonDay(
                date=b.date, base=b.balance, scenario=s.balance, difference=s.balance - b.balance
            )
            for b, s in zip(base.days, what_if.days, strict=True)
        ],
        base_lowest=base.lowest,
        scenario_lowest=what_if.lowest,
    )


def forecasts_with_scenarios(*, user, date_from, date_to):
    """The default forecast and one per active scenario of ``user``: (base, {scenario id: f}).

    The ledger and the schedule are read once for all of them; the scenarios'
    rows in one more query.
    """
    inputs = _inputs(user, date_from, date_to, None)
    scenario_ids = list(
        MoneyScheduleScenario.objects.for_user(user)
        .filter(is_active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    rows_by_scenario = {scenario_id: [] for scenario_id in scenario_ids}
    if scenario_ids:
        for scenario_id, *columns in MoneyScheduleScenarioRow.objects.filter(
            scenario_id__in=scenario_ids
        ).values_list("scenario_id", *SCENARIO_ROW_COLUMNS):
            rows_by_scenario[scenario_id].append(columns)
    scenarios = {
        scenario_id: _forecast_from(
            inputs,
            scenario_id,
            _adjustments_from(rows, inputs.account_ids, inputs.start, inputs.end),
        )
        for scenario_id, rows in rows_by_scenario.items()
    }
    return _forecast_from(inputs), scenarios


def stored_daily_balances(*, user, scenario_id=None):
    """The stored daily balances of ``user`` (the default forecast, or a scenario's), by date."""
    return list(
        MoneyScheduleDailyBalance.objects.for_user(user)
        .filter(scenario_id=scenario_id)
        .order_by("as_of")
        .values_list("as_of", "balance")
    )


def today():
    """Today in the current time zone: the first day of the stored default forecast."""
    return timezone.localdate()
