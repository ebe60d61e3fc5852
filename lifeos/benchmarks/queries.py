"""The measured reads, each in three or four versions returning the same result.

- ours: the service the API uses (``finance.selectors``, ``habits.selectors``);
- floor: hand-written SQL on the raw DB-API cursor (psycopg2 or sqlite3), no ORM;
- naive: the ORM code a typical project would write: ``name__istartswith``, a
  trial balance joined without filtering the accounts by user, habit logs
  reached through the habit and loaded as model instances;
- peer (trial balances only): the original (Flask/SQLAlchemy) application's
  own query, one grouped statement from the user's accounts left-joined to
  their lines, on the raw cursor; for a date, a period or a year adapted by
  joining the lines' entries (the original had only the undated one).

Each version comes with a ``canonical`` function that reduces its result to
something comparable, so a run also proves the versions agree.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q, Sum

from finance.models import Account, JournalEntry, JournalLine, MoneyScheduleRow
from habits.models import HabitLog
from lifeos.benchmarks.data import END_DATE
from lifeos.benchmarks.harness import measure
from lifeos.money import money_sum_sql
from lifeos.normalization import normalize_account_name

TYPEAHEAD_LIMIT = 10
# 1-, 2- and 4-character prefixes, plain ASCII and non-ASCII.
TYPEAHEAD_PREFIXES = ["s", "sa", "sala", "日", "日本", "日本円口"]
HABIT_WINDOWS = [30, 365]
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# The dated trial balances: as of a month before the last postings, the last
# whole month before them, and their calendar year.
TRIAL_BALANCE_AS_OF = END_DATE - datetime.timedelta(days=30)
TRIAL_BALANCE_PERIOD = (datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))
TRIAL_BALANCE_YEAR = END_DATE.year


@dataclass
class Variant:
    """One way of fetching a result, and how to reduce it for comparison."""

    call: object
    canonical: object


@dataclass
class Case:
    """One measured read for one user, in its versions (``ours`` always; the others optional).

    ``peer_differs``: why the peer's figures are expected to differ from ours
    (the original application answered a different question); a differing peer
    then fails nothing.
    """

    query: str
    user: str
    parameter: str
    variants: dict
    peer_differs: str | None = None

    @property
    def key(self):
        return f"{self.query}[{self.user}{', ' + self.parameter if self.parameter else ''}]"


def _raw_rows(sql, params):
    """Rows of ``sql`` on the raw DB-API connection (``%s`` placeholders on every backend)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        sql = sql.replace("%s", "?")
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _money(value):
    return Decimal(str(value)).quantize(CENT)


# Typeahead -----------------------------------------------------------------

TYPEAHEAD_FLOOR_SQL = (
    "SELECT id, name, account_type, account_subtype FROM finance_account "
    "WHERE user_id = %s AND is_active AND normalized_name >= %s AND normalized_name < %s "
    "ORDER BY normalized_name, id LIMIT %s"
)


def _ids(rows):
    return [row["id"] if isinstance(row, dict) else row[0] for row in rows]


def typeahead_case(kind, user, prefix):
    from finance.selectors import account_search

    normalized = normalize_account_name(prefix)
    bound = normalized[:-1] + chr(ord(normalized[-1]) + 1)

    def ours():
        return account_search(user=user, query=prefix, limit=TYPEAHEAD_LIMIT)

    def floor():
        return _raw_rows(TYPEAHEAD_FLOOR_SQL, [user.pk, normalized, bound, TYPEAHEAD_LIMIT])

    def naive():
        return list(
            Account.objects.filter(user=user, name__istartswith=prefix).values(
                "id", "name", "account_type", "account_subtype"
            )[:TYPEAHEAD_LIMIT]
        )

    return Case(
        "typeahead",
        kind,
        prefix,
        {
            "ours": Variant(ours, _ids),
            "floor": Variant(floor, _ids),
            "naive": Variant(naive, _ids),
        },
    )


# Trial balance -------------------------------------------------------------

TRIAL_BALANCE_FLOOR_SQL = (
    "SELECT a.id, a.name, a.account_type, a.account_subtype, a.is_active, t.debit, t.credit "
    "FROM (SELECT account_id, SUM(debit) AS debit, SUM(credit) AS credit "
    "FROM finance_journal_line WHERE user_id = %s GROUP BY account_id) AS t "
    "JOIN finance_account AS a ON a.id = t.account_id "
    "WHERE a.user_id = %s AND t.debit <> t.credit "
    "ORDER BY a.account_type, a.normalized_name, a.id"
)


def _trial_balance_rows(balance):
    """(account id, debit, credit) of every row of a TrialBalance, sorted."""
    rows = []

    def walk(group):
        for row in group.rows:
            rows.append((row.id, _money(row.totals.debit), _money(row.totals.credit)))
        for subgroup in group.groups:
            walk(subgroup)

    for group in balance.groups:
        walk(group)
    return sorted(rows)


def _floor_trial_balance_rows(rows):
    return sorted((row[0], _money(row[5]), _money(row[6])) for row in rows)


def _naive_trial_balance_rows(rows):
    return sorted((row["account_id"], _money(row["debit"]), _money(row["credit"])) for row in rows)


def _peer_trial_balance_rows(rows):
    """(account id, debit, credit) of the peer's rows whose balance is not zero, sorted."""
    rows = [(row[0], _money(row[3] or 0), _money(row[4] or 0)) for row in rows]
    return sorted(row for row in rows if row[1] != row[2])


# The original application's trial balance: every account of the user, left-joined
# to its lines, grouped by account (SQLAlchemy, one statement).
TRIAL_BALANCE_PEER_SQL = (
    "SELECT a.id, a.name, a.account_type, SUM(l.debit), SUM(l.credit) "
    "FROM finance_account a LEFT JOIN finance_journal_line l ON l.account_id = a.id "
    "WHERE a.user_id = %s GROUP BY a.id"
)


def trial_balance_case(kind, user):
    from finance.selectors import trial_balance

    def ours():
        return trial_balance(user=user)

    def floor():
        return _raw_rows(TRIAL_BALANCE_FLOOR_SQL, [user.pk, user.pk])

    def naive():
        rows = (
            JournalLine.objects.filter(user=user)
            .values("account_id", "account__name", "account__account_type")
            .annotate(debit=Sum("debit"), credit=Sum("credit"))
            .order_by("account__account_type", "account__name")
        )
        return [row for row in rows if row["debit"] != row["credit"]]

    def peer():
        return _raw_rows(TRIAL_BALANCE_PEER_SQL, [user.pk])

    return Case(
        "trial_balance",
        kind,
        "",
        {
            "ours": Variant(ours, _trial_balance_rows),
            "floor": Variant(floor, _floor_trial_balance_rows),
            "naive": Variant(naive, _naive_trial_balance_rows),
            "peer": Variant(peer, _peer_trial_balance_rows),
        },
    )


def _instant(moment):
    """An aware datetime as finance_journal_entry.posted_at stores it, for the raw cursor."""
    return JournalEntry._meta.get_field("posted_at").get_db_prep_value(moment, connection)


def _sum(column):
    """The exact sum of a money column (integer cents on SQLite; see lifeos.money)."""
    return money_sum_sql(connection.vendor, column)


def _amount(value):
    """A ``_sum`` as a Decimal of two places."""
    if value is None:
        return ZERO
    if connection.vendor == "sqlite":
        return Decimal(int(value)).scaleb(-2)
    return _money(value)


TRIAL_BALANCE_AS_OF_FLOOR_SQL = (
    "SELECT a.id, a.name, a.account_type, a.account_subtype, a.is_active, t.debit, t.credit "
    "FROM (SELECT l.account_id, {debit} AS debit, {credit} AS credit "
    "FROM finance_journal_line l JOIN finance_journal_entry e ON e.id = l.entry_id "
    "WHERE l.user_id = %s AND e.posted_at < %s GROUP BY l.account_id) AS t "
    "JOIN finance_account AS a ON a.id = t.account_id "
    "WHERE a.user_id = %s AND t.debit <> t.credit"
)
# The peer adapted to a date: the lines left-joined with their entries up to it.
TRIAL_BALANCE_AS_OF_PEER_SQL = (
    "SELECT a.id, a.name, a.account_type, SUM(l.debit), SUM(l.credit) "
    "FROM finance_account a LEFT JOIN (finance_journal_line l JOIN finance_journal_entry e "
    "ON e.id = l.entry_id AND e.posted_at < %s) ON l.account_id = a.id "
    "WHERE a.user_id = %s GROUP BY a.id"
)


def trial_balance_as_of_case(kind, user):
    from finance.selectors import end_of_day, trial_balance

    as_of = TRIAL_BALANCE_AS_OF
    bound = _instant(end_of_day(as_of))
    floor_sql = TRIAL_BALANCE_AS_OF_FLOOR_SQL.format(debit=_sum("l.debit"), credit=_sum("l.credit"))

    def ours():
        return trial_balance(user=user, as_of=as_of)

    def floor():
        return _raw_rows(floor_sql, [user.pk, bound, user.pk])

    def floor_rows(rows):
        return sorted((row[0], _amount(row[5]), _amount(row[6])) for row in rows)

    def naive():
        rows = (
            JournalLine.objects.filter(user=user, entry__posted_at__lt=end_of_day(as_of))
            .values("account_id", "account__name", "account__account_type")
            .annotate(debit=Sum("debit"), credit=Sum("credit"))
            .order_by("account__account_type", "account__name")
        )
        return [row for row in rows if row["debit"] != row["credit"]]

    def peer():
        return _raw_rows(TRIAL_BALANCE_AS_OF_PEER_SQL, [bound, user.pk])

    return Case(
        "trial_balance_as_of",
        kind,
        as_of.isoformat(),
        {
            "ours": Variant(ours, _trial_balance_rows),
            "floor": Variant(floor, floor_rows),
            "naive": Variant(naive, _naive_trial_balance_rows),
            "peer": Variant(peer, _peer_trial_balance_rows),
        },
    )


def _period_rows(rows):
    """(account id, opening, debit, credit) of the rows with anything in them, sorted."""
    return sorted(row for row in rows if any(row[1:]))


def trial_balance_period_case(kind, user):
    from finance.selectors import end_of_day, start_of_day, trial_balance_period

    date_from, date_to = TRIAL_BALANCE_PERIOD
    start, end = start_of_day(date_from), end_of_day(date_to)
    start_param, end_param = _instant(start), _instant(end)
    before = "CASE WHEN e.posted_at < %s THEN l.{} ELSE 0 END"
    within = "CASE WHEN e.posted_at >= %s THEN l.{} ELSE 0 END"
    floor_sql = (
        "SELECT a.id, t.od, t.oc, t.pd, t.pc FROM (SELECT l.account_id, "
        f"{_sum(before.format('debit'))} AS od, {_sum(before.format('credit'))} AS oc, "
        f"{_sum(within.format('debit'))} AS pd, {_sum(within.format('credit'))} AS pc "
        "FROM finance_journal_line l JOIN finance_journal_entry e ON e.id = l.entry_id "
        "WHERE l.user_id = %s AND e.posted_at < %s GROUP BY l.account_id) AS t "
        "JOIN finance_account a ON a.id = t.account_id WHERE a.user_id = %s"
    )
    # The peer adapted to a period: its one grouped statement with the sums split by date.
    peer_sql = (
        "SELECT a.id, a.name, a.account_type, "
        "SUM(CASE WHEN e.posted_at < %s THEN l.debit - l.credit ELSE 0 END), "
        "SUM(CASE WHEN e.posted_at >= %s THEN l.debit ELSE 0 END), "
        "SUM(CASE WHEN e.posted_at >= %s THEN l.credit ELSE 0 END) "
        "FROM finance_account a LEFT JOIN (finance_journal_line l JOIN finance_journal_entry e "
        "ON e.id = l.entry_id AND e.posted_at < %s) ON l.account_id = a.id "
        "WHERE a.user_id = %s GROUP BY a.id"
    )

    def ours():
        return trial_balance_period(user=user, date_from=date_from, date_to=date_to)

    def ours_rows(result):
        rows = []
        for group in result.groups:
            for sub in group.groups or [group]:
                rows += [(r.id, r.opening, r.debit, r.credit) for r in sub.rows]
        return _period_rows(rows)

    def floor():
        return _raw_rows(floor_sql, [start_param] * 4 + [user.pk, end_param, user.pk])

    def floor_rows(rows):
        return _period_rows(
            (row[0], _amount(row[1]) - _amount(row[2]), _amount(row[3]), _amount(row[4]))
            for row in rows
        )

    def naive():
        return list(
            JournalLine.objects.filter(user=user, entry__posted_at__lt=end)
            .values("account_id")
            .annotate(
                od=Sum("debit", filter=Q(entry__posted_at__lt=start)),
                oc=Sum("credit", filter=Q(entry__posted_at__lt=start)),
                pd=Sum("debit", filter=Q(entry__posted_at__gte=start)),
                pc=Sum("credit", filter=Q(entry__posted_at__gte=start)),
            )
        )

    def naive_rows(rows):
        def amount(value):
            return _money(value or 0)

        return _period_rows(
            (
                row["account_id"],
                amount(row["od"]) - amount(row["oc"]),
                amount(row["pd"]),
                amount(row["pc"]),
            )
            for row in rows
        )

    def peer():
        return _raw_rows(peer_sql, [start_param, start_param, start_param, end_param, user.pk])

    def peer_rows(rows):
        return _period_rows(
            (row[0], _money(row[3] or 0), _money(row[4] or 0), _money(row[5] or 0)) for row in rows
        )

    return Case(
        "trial_balance_period",
        kind,
        f"{date_from.isoformat()}..{date_to.isoformat()}",
        {
            "ours": Variant(ours, ours_rows),
            "floor": Variant(floor, floor_rows),
            "naive": Variant(naive, naive_rows),
            "peer": Variant(peer, peer_rows),
        },
    )


def _monthly_rows(buckets):
    """(type, month, debit, credit, closing) of every type and month, from per-bucket sums.

    ``buckets`` yields (account type, bucket, debit, credit) with bucket 0 for
    before the year and 1..12 for its months.
    """
    from finance.models import AccountType

    debit = {kind: [ZERO] * 13 for kind in AccountType.values}
    credit = {kind: [ZERO] * 13 for kind in AccountType.values}
    for kind, bucket, line_debit, line_credit in buckets:
        debit[kind][bucket] += line_debit
        credit[kind][bucket] += line_credit
    rows = []
    for kind in AccountType.values:
        balance = debit[kind][0] - credit[kind][0]
        for month in range(1, 13):
            balance += debit[kind][month] - credit[kind][month]
            rows.append((kind, month, debit[kind][month], credit[kind][month], balance))
    return rows


def trial_balance_monthly_case(kind, user):
    from finance.selectors import end_of_day, start_of_day, trial_balance_monthly

    year = TRIAL_BALANCE_YEAR
    starts = [_instant(start_of_day(datetime.date(year, month, 1))) for month in range(1, 13)]
    end = end_of_day(datetime.date(year, 12, 31))
    bucket = (
        "CASE " + " ".join(f"WHEN e.posted_at < %s THEN {m}" for m in range(12)) + " ELSE 12 END"
    )
    floor_sql = (
        f"SELECT a.account_type, {bucket}, {_sum('l.debit')}, {_sum('l.credit')} "
        "FROM finance_journal_line l JOIN finance_journal_entry e ON e.id = l.entry_id "
        "JOIN finance_account a ON a.id = l.account_id "
        "WHERE l.user_id = %s AND e.posted_at < %s GROUP BY 1, 2"
    )
    # The peer adapted to months: from the accounts, left-joined to dated lines.
    peer_sql = (
        f"SELECT a.account_type, {bucket}, SUM(l.debit), SUM(l.credit) "
        "FROM finance_account a LEFT JOIN (finance_journal_line l JOIN finance_journal_entry e "
        "ON e.id = l.entry_id AND e.posted_at < %s) ON l.account_id = a.id "
        "WHERE a.user_id = %s GROUP BY 1, 2"
    )

    def ours():
        return trial_balance_monthly(user=user, year=year)

    def ours_rows(result):
        return [
            (row.account_type, m.month, m.debit, m.credit, m.closing)
            for row in result.types
            for m in row.months
        ]

    def floor():
        return _raw_rows(floor_sql, [*starts, user.pk, _instant(end)])

    def floor_rows(rows):
        return _monthly_rows((r[0], r[1], _amount(r[2]), _amount(r[3])) for r in rows)

    def naive():
        return list(
            JournalLine.objects.filter(user=user, entry__posted_at__lt=end).values_list(
                "account__account_type", "entry__posted_at", "debit", "credit"
            )
        )

    def naive_rows(rows):
        from django.utils import timezone

        buckets = []
        for account_type, posted_at, debit, credit in rows:
            local = timezone.localtime(posted_at)
            month = local.month if local.year == year else 0
            buckets.append((account_type, month, _money(debit), _money(credit)))
        return _monthly_rows(buckets)

    def peer():
        return _raw_rows(peer_sql, [*starts, _instant(end), user.pk])

    def peer_rows(rows):
        return _monthly_rows((r[0], r[1], _money(r[2] or 0), _money(r[3] or 0)) for r in rows)

    return Case(
        "trial_balance_monthly",
        kind,
        str(year),
        {
            "ours": Variant(ours, ours_rows),
            "floor": Variant(floor, floor_rows),
            "naive": Variant(naive, naive_rows),
            "peer": Variant(peer, peer_rows),
        },
    )


# Habit logs ----------------------------------------------------------------

HABIT_LOGS_FLOOR_SQL = (
    'SELECT id, habit_id, logged_date, "value" FROM habits_habit_log '
    "WHERE user_id = %s AND logged_date >= %s AND logged_date <= %s "
    "ORDER BY logged_date, id"
)


def habit_logs_case(kind, user, days):
    from habits.selectors import habit_logs_between

    end = END_DATE
    start = END_DATE - datetime.timedelta(days=days - 1)

    def ours():
        return habit_logs_between(user=user, start=start, end=end)

    def floor():
        return _raw_rows(HABIT_LOGS_FLOOR_SQL, [user.pk, start.isoformat(), end.isoformat()])

    def naive():
        return list(
            HabitLog.objects.filter(
                habit__user=user, logged_date__gte=start, logged_date__lte=end
            ).order_by("logged_date", "id")
        )

    def naive_ids(logs):
        return [log.id for log in logs]

    return Case(
        f"habit_logs_{days}d",
        kind,
        "",
        {
            "ours": Variant(ours, _ids),
            "floor": Variant(floor, _ids),
            "naive": Variant(naive, naive_ids),
        },
    )


# Forecast (issue 13) ---------------------------------------------------------

FORECAST_DAYS = 365
FORECAST_FROM = END_DATE
FORECAST_TO = END_DATE + datetime.timedelta(days=FORECAST_DAYS - 1)
# The default accounts of a forecast: the user's active asset accounts.
FORECAST_ACCOUNTS_SQL = (
    "SELECT id FROM finance_account WHERE user_id = %s AND account_type = 'asset' AND is_active"
)
FORECAST_PEER_DIFFERS = (
    "the original application's forecast started from zero instead of the accounts' "
    "balance, ignored the account and did not expand recurring rows"
)
# The original application's forecast: one grouped statement, accumulated from zero.
FORECAST_PEER_SQL = (
    "SELECT event_date, SUM(amount) FROM finance_money_schedule_row "
    "WHERE user_id = %s AND event_date BETWEEN %s AND %s GROUP BY event_date"
)


def _date(value):
    """A date column read by the raw cursor (SQLite hands out ISO strings)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _balances(start, end, opening, flows):
    """[(date, end-of-day balance)] of every day of [start, end], from {date: net flow}."""
    balances = []
    balance = opening
    day = start
    while day <= end:
        balance += flows.get(day, ZERO)
        balances.append((day, balance))
        day += datetime.timedelta(days=1)
    return balances


def _expanded(rows, start, end):
    """{date: net flow} of the occurrences of (event_date, amount, recurrence, until) rows."""
    from finance.selectors.forecast import occurrences

    flows = {}
    for event_date, amount, recurrence, until in rows:
        for day in occurrences(
            event_date=event_date,
            recurrence=recurrence,
            recurrence_until=until,
            start=start,
            end=end,
        ):
            flows[day] = flows.get(day, ZERO) + amount
    return flows


def forecast_case(kind, user):
    from finance.selectors import cash_flow_forecast, start_of_day

    start, end = FORECAST_FROM, FORECAST_TO
    bound = _instant(start_of_day(start))
    accounts = FORECAST_ACCOUNTS_SQL
    # As ours: every line of the accounts, minus those of entries posted on or after ``from``.
    floor_opening_sql = (
        # The two sums as two rows, in that order (UNION ALL alone promises none).
        f"SELECT 0, {_sum('l.debit')}, {_sum('l.credit')} FROM finance_journal_line l "
        f"WHERE l.user_id = %s AND l.account_id IN ({accounts}) "
        "UNION ALL "
        f"SELECT 1, {_sum('l.debit')}, {_sum('l.credit')} FROM finance_journal_entry e "
        "JOIN finance_journal_line l ON l.entry_id = e.id "
        # "+ 0": no index key, so SQLite reads the later entries' lines by entry (as ours).
        f"WHERE e.user_id = %s AND e.posted_at >= %s AND l.account_id + 0 IN ({accounts}) "
        "ORDER BY 1"
    )
    floor_rows_sql = (
        "SELECT event_date, amount, recurrence, recurrence_until "
        "FROM finance_money_schedule_row "
        f"WHERE user_id = %s AND account_id IN ({FORECAST_ACCOUNTS_SQL}) AND event_date <= %s "
        "AND (event_date >= %s OR (recurrence <> 'none' "
        "AND (recurrence_until IS NULL OR recurrence_until >= %s)))"
    )

    def ours():
        return cash_flow_forecast(user=user, date_from=start, date_to=end)

    def ours_rows(forecast):
        return [(day.date, day.balance) for day in forecast.days]

    def floor():
        (_, debit, credit), (_, later_debit, later_credit) = _raw_rows(
            floor_opening_sql, [user.pk, user.pk, user.pk, bound, user.pk]
        )
        opening = _amount(debit) - _amount(later_debit)
        opening -= _amount(credit) - _amount(later_credit)
        window = [end.isoformat(), start.isoformat(), start.isoformat()]
        rows = _raw_rows(floor_rows_sql, [user.pk, user.pk, *window])
        rows = [(_date(r[0]), _money(r[1]), r[2], _date(r[3]) if r[3] else None) for r in rows]
        return _balances(start, end, opening, _expanded(rows, start, end))

    def naive():
        assets = Account.objects.filter(user=user, account_type="asset", is_active=True)
        totals = JournalLine.objects.filter(
            user=user, account__in=assets, entry__posted_at__lt=start_of_day(start)
        ).aggregate(debit=Sum("debit"), credit=Sum("credit"))
        opening = _money(totals["debit"] or 0) - _money(totals["credit"] or 0)
        rows = MoneyScheduleRow.objects.filter(user=user, account__in=assets, event_date__lte=end)
        flows = _expanded(
            [(r.event_date, r.amount, r.recurrence, r.recurrence_until) for r in rows], start, end
        )
        return _balances(start, end, opening, flows)

    def peer():
        return _raw_rows(FORECAST_PEER_SQL, [user.pk, start.isoformat(), end.isoformat()])

    def peer_rows(rows):
        flows = {_date(day): _money(amount) for day, amount in rows}
        return _balances(start, end, ZERO, flows)

    return Case(
        "forecast_365",
        kind,
        f"{start.isoformat()}..{end.isoformat()}",
        {
            "ours": Variant(ours, ours_rows),
            "floor": Variant(floor, list),
            "naive": Variant(naive, list),
            "peer": Variant(peer, peer_rows),
        },
        peer_differs=FORECAST_PEER_DIFFERS,
    )


# Receivable statement (issue 13) ---------------------------------------------

RECEIVABLE_PEER_DIFFERS = (
    "the original application's outstanding was the principal minus the repayments: no interest"
)
RECEIVABLE_TRACKER_SQL = (
    "SELECT id, counterparty, principal, interest_rate, start_date, due_date "
    "FROM finance_receivable_tracker WHERE id = %s AND user_id = %s"
)
RECEIVABLE_ENTRIES_SQL = (
    "SELECT id, entry_date, amount, memo FROM finance_receivable_manual_entry "
    "WHERE tracker_id = %s ORDER BY entry_date, id"
)
# The original application's statement: the principal less the sum of the repayments.
RECEIVABLE_PEER_SQL = (
    "SELECT t.principal, (SELECT SUM(e.amount) FROM finance_receivable_manual_entry e "
    "WHERE e.tracker_id = t.id) FROM finance_receivable_tracker t "
    "WHERE t.id = %s AND t.user_id = %s"
)


def _statement_rows(statement):
    """Every repayment line of a statement, then its totals, as comparable tuples."""
    rows = [
        (
            line.id,
            line.entry_date,
            line.amount,
            line.interest_part,
            line.principal_part,
            line.outstanding_after,
            line.payoff_after,
        )
        for line in statement.entries
    ]
    rows.append(
        (
            statement.repaid,
            statement.interest_paid,
            statement.principal_paid,
            statement.outstanding_principal,
            statement.outstanding_interest,
            statement.payoff,
            statement.status,
        )
    )
    return rows


def receivable_case(kind, user):
    from types import SimpleNamespace

    from finance.models import ReceivableManualEntry, ReceivableTracker
    from finance.selectors import receivable_statement
    from finance.selectors.receivables import _statement

    tracker_id = (
        ReceivableTracker.objects.filter(user=user).order_by("id").values_list("id", flat=True)
    ).first()
    as_of = END_DATE

    def ours():
        return receivable_statement(user=user, tracker=tracker_id, as_of=as_of)

    def floor():
        (row,) = _raw_rows(RECEIVABLE_TRACKER_SQL, [tracker_id, user.pk])
        tracker = SimpleNamespace(
            pk=row[0],
            counterparty=row[1],
            principal=_money(row[2]),
            interest_rate=None if row[3] is None else _money(row[3]),
            start_date=_date(row[4]),
            due_date=_date(row[5]) if row[5] else None,
        )
        entries = [
            (entry_id, _date(day), _money(amount), memo)
            for entry_id, day, amount, memo in _raw_rows(RECEIVABLE_ENTRIES_SQL, [tracker_id])
        ]
        return _statement(tracker, entries, as_of)

    def naive():
        tracker = ReceivableTracker.objects.get(pk=tracker_id, user=user)
        entries = ReceivableManualEntry.objects.filter(tracker=tracker).order_by("entry_date", "id")
        return _statement(tracker, [(e.id, e.entry_date, e.amount, e.memo) for e in entries], as_of)

    def peer():
        return _raw_rows(RECEIVABLE_PEER_SQL, [tracker_id, user.pk])

    def peer_rows(rows):
        ((principal, repaid),) = rows
        outstanding = _money(principal) - _money(repaid or 0)
        # What the original knew: no split, no interest; the outstanding is the payoff.
        return [(_money(repaid or 0), ZERO, _money(repaid or 0), outstanding, ZERO, outstanding)]

    return Case(
        "receivable_statement",
        kind,
        as_of.isoformat(),
        {
            "ours": Variant(ours, _statement_rows),
            "floor": Variant(floor, _statement_rows),
            "naive": Variant(naive, _statement_rows),
            "peer": Variant(peer, peer_rows),
        },
        peer_differs=RECEIVABLE_PEER_DIFFERS,
    )


# The morning view (issue 14) -------------------------------------------------

# The instant the morning view is asked for: noon UTC of END_DATE, so every run sees the same day.
TODAY_AT = datetime.datetime.combine(END_DATE, datetime.time(12), datetime.UTC)


def today_case(kind, user):
    """The morning view as a LifeOS user has it: with the stored default forecast.

    LifeOS writes the stored daily balances after every write that changes a
    forecast; the bulk generator bypasses the services, so they are written
    here once, from END_DATE (the fallback, a live 30-day forecast, is what a
    user gets only before LifeOS has written anything for them).
    """
    from finance.models import MoneyScheduleDailyBalance
    from finance.services import daily_balances_refresh
    from lifeos.today import today_view

    stored = MoneyScheduleDailyBalance.objects.filter(
        user=user, scenario__isnull=True, as_of=END_DATE
    )
    if not stored.exists():
        daily_balances_refresh(user=user, start=END_DATE)

    def ours():
        return today_view(user=user, now=TODAY_AT)

    return Case("today", kind, END_DATE.isoformat(), {"ours": Variant(ours, list)})


# The reads ``--only`` can name, in the order they run.
READ_NAMES = [
    "typeahead",
    "trial_balance",
    "trial_balance_as_of",
    "trial_balance_period",
    "trial_balance_monthly",
    *(f"habit_logs_{days}d" for days in HABIT_WINDOWS),
    "forecast_365",
    "receivable_statement",
    "today",
]


def read_names():
    return list(READ_NAMES)


def build_cases(dataset):
    """Every measured read, for the heavy and for a typical user."""
    cases = []
    for kind, user in (("heavy", dataset.heavy_user), ("typical", dataset.typical_user)):
        cases += [typeahead_case(kind, user, prefix) for prefix in TYPEAHEAD_PREFIXES]
        cases.append(trial_balance_case(kind, user))
        cases.append(trial_balance_as_of_case(kind, user))
        cases.append(trial_balance_period_case(kind, user))
        cases.append(trial_balance_monthly_case(kind, user))
        cases += [habit_logs_case(kind, user, days) for days in HABIT_WINDOWS]
        cases.append(forecast_case(kind, user))
        cases.append(receivable_case(kind, user))
        cases.append(today_case(kind, user))
    return cases


def run_case(case, *, runs, warmup):
    """Measure ``case``; check its versions agree; return its JSON-ready figures.

    Reads without a peer version (the original application had none), and the
    morning view (no floor or naive version), report the missing versions and
    their comparisons as None. ``ours_queries`` is the number of queries one
    call of ours makes.
    """
    from django.test.utils import CaptureQueriesContext

    results = {name: variant.canonical(variant.call()) for name, variant in case.variants.items()}
    with CaptureQueriesContext(connection) as captured:
        case.variants["ours"].call()
    timings = measure(
        {name: variant.call for name, variant in case.variants.items()},
        runs=runs,
        warmup=warmup,
    )
    ours = timings["ours"]
    floor, naive, peer = (timings.get(name) for name in ("floor", "naive", "peer"))

    def same(other):
        return None if other not in results else results["ours"] == results[other]

    def ratio(top, bottom, key):
        if top is None or bottom is None:
            return None
        return getattr(top, key) / getattr(bottom, key)

    return {
        "query": case.query,
        "user": case.user,
        "parameter": case.parameter,
        "rows": len(results["ours"]),
        "ours_queries": len(captured.captured_queries),
        "same_result_as_floor": same("floor"),
        "same_result_as_naive": same("naive"),
        "same_result_as_peer": same("peer"),
        "peer_differs_by_design": case.peer_differs,
        "ours": ours.as_dict(),
        "floor": None if floor is None else floor.as_dict(),
        "naive": None if naive is None else naive.as_dict(),
        "peer": None if peer is None else peer.as_dict(),
        "ratio_ours_to_floor_p95": ratio(ours, floor, "p95_ms"),
        "ratio_naive_to_ours_p95": ratio(naive, ours, "p95_ms"),
        "ratio_ours_to_peer_p95": ratio(ours, peer, "p95_ms"),
        "ratio_ours_to_floor_p50": ratio(ours, floor, "p50_ms"),
        "ratio_naive_to_ours_p50": ratio(naive, ours, "p50_ms"),
        "ratio_ours_to_peer_p50": ratio(ours, peer, "p50_ms"),
    }


def results_agree(row):
    """Whether every version returned ours's result (a peer that differs by design excepted)."""
    if row["same_result_as_floor"] is False or row["same_result_as_naive"] is False:
        return False
    return row["same_result_as_peer"] is not False or bool(row.get("peer_differs_by_design"))
