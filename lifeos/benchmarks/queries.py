"""The measured reads, each in three versions returning the same result.

- ours: the service the API uses (``finance.selectors``, ``habits.selectors``);
- floor: hand-written SQL on the raw DB-API cursor (psycopg2 or sqlite3), no ORM;
- naive: the ORM code a typical project would write: ``name__istartswith``, a
  trial balance joined without filtering the accounts by user, habit logs
  reached through the habit and loaded as model instances.

Each version comes with a ``canonical`` function that reduces its result to
something comparable, so a run also proves the three agree.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from finance.models import Account, JournalLine
from habits.models import HabitLog
from lifeos.benchmarks.data import END_DATE
from lifeos.benchmarks.harness import measure
from lifeos.normalization import normalize_account_name

TYPEAHEAD_LIMIT = 10
# 1-, 2- and 4-character prefixes, plain ASCII and non-ASCII.
TYPEAHEAD_PREFIXES = ["s", "sa", "sala", "日", "日本", "日本円口"]
HABIT_WINDOWS = [30, 365]
CENT = Decimal("0.01")


@dataclass
class Variant:
    """One way of fetching a result, and how to reduce it for comparison."""

    call: object
    canonical: object


@dataclass
class Case:
    """One measured read for one user, in its three versions."""

    query: str
    user: str
    parameter: str
    variants: dict

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

    return Case(
        "trial_balance",
        kind,
        "",
        {
            "ours": Variant(ours, _trial_balance_rows),
            "floor": Variant(floor, _floor_trial_balance_rows),
            "naive": Variant(naive, _naive_trial_balance_rows),
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


def build_cases(dataset):
    """Every measured read, for the heavy and for a typical user."""
    cases = []
    for kind, user in (("heavy", dataset.heavy_user), ("typical", dataset.typical_user)):
        cases += [typeahead_case(kind, user, prefix) for prefix in TYPEAHEAD_PREFIXES]
        cases.append(trial_balance_case(kind, user))
        cases += [habit_logs_case(kind, user, days) for days in HABIT_WINDOWS]
    return cases


def run_case(case, *, runs, warmup):
    """Measure ``case``; check its three versions agree; return its JSON-ready figures."""
    results = {name: variant.canonical(variant.call()) for name, variant in case.variants.items()}
    timings = measure(
        {name: variant.call for name, variant in case.variants.items()},
        runs=runs,
        warmup=warmup,
    )
    ours, floor, naive = (timings[name] for name in ("ours", "floor", "naive"))
    return {
        "query": case.query,
        "user": case.user,
        "parameter": case.parameter,
        "rows": len(results["ours"]),
        "same_result_as_floor": results["ours"] == results["floor"],
        "same_result_as_naive": results["ours"] == results["naive"],
        "ours": ours.as_dict(),
        "floor": floor.as_dict(),
        "naive": naive.as_dict(),
        "ratio_ours_to_floor_p95": ours.p95_ms / floor.p95_ms,
        "ratio_naive_to_ours_p95": naive.p95_ms / ours.p95_ms,
        "ratio_ours_to_floor_p50": ours.p50_ms / floor.p50_ms,
        "ratio_naive_to_ours_p50": naive.p50_ms / ours.p50_ms,
    }
