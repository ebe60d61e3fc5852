"""finance.selectors: normal balances, the period and the monthly trial balance.

Every expected figure is worked by hand from the entries each test posts.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from finance.models import Account, TrialBalanceSetting
from finance.selectors import (
    TrialBalanceInputError,
    trial_balance,
    trial_balance_monthly,
    trial_balance_period,
)
from finance.selectors.trial_balances import sql as trial_balance_sql
from finance.tests.conftest import at, make_account, post

D = Decimal
ZERO = D("0.00")
MARCH_1, MARCH_31 = datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)


@pytest.fixture(params=["head", "tail"])
def strategy(request, monkeypatch):
    """Run the test with a date inside a month read from each side of it.

    The month rows before (head) or up to the end of (tail) the date's month,
    corrected by the lines between its first day and the date, or between the
    date and the next month.
    """
    month_cut = trial_balance_sql.month_cut
    monkeypatch.setattr(
        trial_balance_sql,
        "month_cut",
        lambda moment, side=None: month_cut(moment, side=request.param),
    )
    return request.param


def rows_of(result):
    """Every account row of a trial balance, by account id."""
    rows = {}
    for group in result.groups:
        for sub in group.groups or [group]:
            rows.update({row.id: row for row in sub.rows})
    return rows


def period_figures(row):
    return (row.opening, row.debit, row.credit, row.closing)


@pytest.fixture
def march(user):
    """Entries on the days around March 2025; returns the accounts."""
    accounts = {
        "cash": make_account(user, "Cash", "asset"),
        "house": make_account(user, "House", "asset"),
        "equity": make_account(user, "Opening", "equity"),
        "salary": make_account(user, "Salary", "income"),
        "food": make_account(user, "Food", "expense"),
        "later": make_account(user, "Later", "expense"),
    }
    a = accounts
    post(user, at("2025-01-05"), (a["house"], "500.00"), (a["equity"], "-500.00"))
    # The day before `from`, its last hour: opening.
    post(user, at("2025-02-28", hour=23), (a["cash"], "10.00"), (a["salary"], "-10.00"))
    # `from` at midnight and `to` in its last hour: in the period.
    post(user, at("2025-03-01", hour=0), (a["cash"], "20.00"), (a["salary"], "-20.00"))
    post(user, at("2025-03-31", hour=23), (a["food"], "5.25"), (a["cash"], "-5.25"))
    # The day after `to`, at midnight: not counted at all.
    post(user, at("2025-04-01", hour=0), (a["later"], "40.00"), (a["cash"], "-40.00"))
    return accounts


# Normal balances ----------------------------------------------------------------


def test_each_type_has_its_normal_balance_and_its_balance_signed_on_that_side(user):
    cash = make_account(user, "Cash", "asset")
    card = make_account(user, "Card", "liability")
    equity = make_account(user, "Opening", "equity")
    salary = make_account(user, "Salary", "income")
    food = make_account(user, "Food", "expense")
    post(user, at("2025-01-10"), (cash, "1000.00"), (equity, "-1000.00"))
    post(user, at("2025-01-15"), (cash, "2500.00"), (salary, "-2500.00"))
    post(user, at("2025-01-20"), (food, "120.35"), (card, "-120.35"))

    result = trial_balance(user=user)

    rows = rows_of(result)
    figures = {
        pk: (row.normal_balance, row.totals.balance, row.balance_on_normal_side)
        for pk, row in rows.items()
    }
    assert figures == {
        cash.pk: ("debit", D("3500.00"), D("3500.00")),
        card.pk: ("credit", D("-120.35"), D("120.35")),
        equity.pk: ("credit", D("-1000.00"), D("1000.00")),
        salary.pk: ("credit", D("-2500.00"), D("2500.00")),
        food.pk: ("debit", D("120.35"), D("120.35")),
    }
    # The existing fields are still there.
    assert (rows[cash.pk].totals.debit, rows[cash.pk].totals.credit) == (D("3500.00"), ZERO)
    by_type = {g.account_type: (g.normal_balance, g.balance_on_normal_side) for g in result.groups}
    assert by_type == {
        "asset": ("debit", D("3500.00")),
        "liability": ("credit", D("120.35")),
        "equity": ("credit", D("1000.00")),
        "income": ("credit", D("2500.00")),
        "expense": ("debit", D("120.35")),
    }


def test_a_zero_balance_on_the_credit_side_is_not_negative_zero(user):
    cash = make_account(user, "Cash", "asset")
    salary = make_account(user, "Salary", "income")
    post(user, at("2025-01-10"), (cash, "5.00"), (salary, "-5.00"))
    post(user, at("2025-01-11"), (salary, "5.00"), (cash, "-5.00"))
    TrialBalanceSetting.objects.create(user=user, include_zero_balances=True)

    row = rows_of(trial_balance(user=user))[salary.pk]

    assert str(row.balance_on_normal_side) == "0.00"


@pytest.mark.parametrize(
    ("as_of", "cash_balance"),
    [
        (datetime.date(2025, 2, 27), None),
        (datetime.date(2025, 2, 28), D("10.00")),
        (datetime.date(2025, 3, 31), D("24.75")),
        (datetime.date(2025, 4, 1), D("-15.25")),
        (None, D("-15.25")),
    ],
)
def test_as_of_reads_the_same_figures_from_either_side_of_the_date(
    user, march, strategy, as_of, cash_balance
):
    rows = rows_of(trial_balance(user=user, as_of=as_of))

    cash = rows.get(march["cash"].pk)
    assert (cash.totals.balance if cash else None) == cash_balance
    assert rows[march["house"].pk].totals.balance == D("500.00")


# The period trial balance -------------------------------------------------------


def test_period_counts_entries_on_from_and_to_and_none_the_day_before_or_after(
    user, march, strategy
):
    result = trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31)

    rows = rows_of(result)
    a = march
    assert {pk: period_figures(row) for pk, row in rows.items()} == {
        # 10.00 the day before; +20.00 on `from`; -5.25 on `to`; the -40.00 after is not counted.
        a["cash"].pk: (D("10.00"), D("20.00"), D("5.25"), D("24.75")),
        # Nothing moved in the period: kept for its opening balance.
        a["house"].pk: (D("500.00"), ZERO, ZERO, D("500.00")),
        a["equity"].pk: (D("-500.00"), ZERO, ZERO, D("-500.00")),
        a["salary"].pk: (D("-10.00"), ZERO, D("20.00"), D("-30.00")),
        a["food"].pk: (ZERO, D("5.25"), ZERO, D("5.25")),
        # "Later" has lines only after `to`: left out.
    }
    salary = rows[a["salary"].pk]
    assert (salary.normal_balance, salary.opening_on_normal_side) == ("credit", D("10.00"))
    assert salary.closing_on_normal_side == D("30.00")
    assert rows[a["cash"].pk].closing_on_normal_side == D("24.75")
    assert [group.account_type for group in result.groups] == [
        "asset",
        "equity",
        "income",
        "expense",
    ]
    assert [row.name for row in result.groups[0].rows] == ["Cash", "House"]
    assets = result.groups[0]
    assert (assets.totals.opening, assets.totals.debit) == (D("510.00"), D("20.00"))
    assert (assets.totals.credit, assets.totals.closing) == (D("5.25"), D("524.75"))
    assert assets.closing_on_normal_side == D("524.75")
    assert result.groups[2].closing_on_normal_side == D("30.00")
    totals = result.totals
    assert (totals.opening, totals.debit, totals.credit, totals.closing) == (
        ZERO,
        D("25.25"),
        D("25.25"),
        ZERO,
    )
    assert (result.date_from, result.date_to) == (MARCH_1, MARCH_31)


def test_period_of_one_day_counts_that_day_only(user, march, strategy):
    rows = rows_of(trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_1))

    assert period_figures(rows[march["cash"].pk]) == (
        D("10.00"),
        D("20.00"),
        ZERO,
        D("30.00"),
    )
    assert march["food"].pk not in rows


def test_period_with_zero_balances_lists_every_account(user, march, strategy):
    TrialBalanceSetting.objects.create(user=user, include_zero_balances=True, group_by_subtype=True)

    result = trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31)

    rows = rows_of(result)
    assert period_figures(rows[march["later"].pk]) == (ZERO, ZERO, ZERO, ZERO)
    assert len(rows) == len(march)
    assert result.groups[0].groups[0].account_subtype is None
    assert result.groups[0].groups[0].totals.closing == D("524.75")


def test_period_sums_large_amounts_exactly(user, strategy):
    cash = make_account(user, "Cash", "asset")
    equity = make_account(user, "Opening", "equity")
    for day in ("2025-02-01", "2025-03-02", "2025-03-03"):
        post(user, at(day), (cash, "1234567890123.45"), (equity, "-1234567890123.45"))

    row = rows_of(trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31))[cash.pk]

    assert period_figures(row) == (
        D("1234567890123.45"),
        D("2469135780246.90"),
        ZERO,
        D("3703703670370.35"),
    )
    assert str(row.debit) == "2469135780246.90"


def test_period_never_counts_another_users_lines(user, other_user, march, strategy):
    theirs = make_account(other_user, "Cash", "asset")
    their_salary = make_account(other_user, "Salary", "income")
    post(other_user, at("2025-02-01"), (theirs, "7.00"), (their_salary, "-7.00"))
    post(other_user, at("2025-03-15"), (theirs, "900.00"), (their_salary, "-900.00"))

    mine = trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31)
    their = trial_balance_period(user=other_user, date_from=MARCH_1, date_to=MARCH_31)

    assert theirs.pk not in rows_of(mine)
    assert (mine.totals.debit, mine.totals.credit) == (D("25.25"), D("25.25"))
    assert set(rows_of(their)) == {theirs.pk, their_salary.pk}
    assert period_figures(rows_of(their)[theirs.pk]) == (
        D("7.00"),
        D("900.00"),
        ZERO,
        D("907.00"),
    )


@pytest.mark.parametrize(
    ("date_from", "date_to", "field", "message"),
    [
        (MARCH_31, MARCH_1, "to", "to (2025-03-01) must be on or after from (2025-03-31)."),
        ("2025-03-01", MARCH_31, "from", "from must be a date (YYYY-MM-DD), not '2025-03-01'."),
        (MARCH_1, None, "to", "to must be a date (YYYY-MM-DD), not None."),
        (
            MARCH_1,
            datetime.datetime(2025, 3, 31, 12),
            "to",
            "to must be a date (YYYY-MM-DD), not datetime.datetime(2025, 3, 31, 12, 0).",
        ),
    ],
)
def test_period_bad_input_names_the_field(user, date_from, date_to, field, message):
    with pytest.raises(TrialBalanceInputError) as caught:
        trial_balance_period(user=user, date_from=date_from, date_to=date_to)

    assert caught.value.field == field
    assert str(caught.value) == message


def test_period_dates_no_entry_can_have_name_the_field(user):
    # In Tokyo (UTC+9) the first day of year 1 starts in year 0 in UTC.
    with timezone.override("Asia/Tokyo"), pytest.raises(TrialBalanceInputError) as caught:
        trial_balance_period(user=user, date_from=datetime.date.min, date_to=MARCH_1)

    assert caught.value.field == "from"
    assert str(caught.value) == "from 0001-01-01 is out of range: no entry can be dated then."


def test_period_up_to_the_last_date_counts_every_later_entry(user, march, strategy):
    rows = rows_of(trial_balance_period(user=user, date_from=MARCH_1, date_to=datetime.date.max))

    assert period_figures(rows[march["cash"].pk]) == (
        D("10.00"),
        D("20.00"),
        D("45.25"),
        D("-15.25"),
    )
    assert period_figures(rows[march["later"].pk]) == (ZERO, D("40.00"), ZERO, D("40.00"))


# The monthly trial balance ------------------------------------------------------


@pytest.fixture
def two_years(user):
    """Entries around the turn of 2024 to 2025 and of 2025 to 2026."""
    cash = make_account(user, "Cash", "asset")
    equity = make_account(user, "Opening", "equity")
    salary = make_account(user, "Salary", "income")
    food = make_account(user, "Food", "expense")
    post(user, at("2024-12-31", hour=23), (cash, "100.00"), (equity, "-100.00"))
    post(user, at("2025-01-01", hour=0), (food, "30.00"), (cash, "-30.00"))
    post(user, at("2025-02-15"), (cash, "1000.00"), (salary, "-1000.00"))
    post(user, at("2025-12-31", hour=23), (food, "12.34"), (cash, "-12.34"))
    post(user, at("2026-01-01", hour=0), (food, "99.00"), (cash, "-99.00"))


def month_table(row):
    return [(m.month, m.debit, m.credit, m.closing) for m in row.months]


def test_monthly_closings_carry_everything_before_the_year(user, two_years):
    result = trial_balance_monthly(user=user, year=2025)

    types = {row.account_type: row for row in result.types}
    assert list(types) == ["asset", "liability", "equity", "income", "expense"]
    asset = types["asset"]
    assert (asset.normal_balance, asset.opening) == ("debit", D("100.00"))
    expected_asset = [(1, ZERO, D("30.00"), D("70.00")), (2, D("1000.00"), ZERO, D("1070.00"))]
    expected_asset += [(month, ZERO, ZERO, D("1070.00")) for month in range(3, 12)]
    expected_asset += [(12, ZERO, D("12.34"), D("1057.66"))]
    assert month_table(asset) == expected_asset
    expense = month_table(types["expense"])
    assert expense[0] == (1, D("30.00"), ZERO, D("30.00"))
    assert expense[11] == (12, D("12.34"), ZERO, D("42.34"))
    income = types["income"]
    assert [m.closing for m in income.months] == [ZERO] + [D("-1000.00")] * 11
    assert income.months[1].closing_on_normal_side == D("1000.00")
    equity = types["equity"]
    assert (equity.normal_balance, equity.opening) == ("credit", D("-100.00"))
    assert {m.closing_on_normal_side for m in equity.months} == {D("100.00")}
    assert month_table(types["liability"]) == [(m, ZERO, ZERO, ZERO) for m in range(1, 13)]
    assert [(t.month, t.debit, t.credit, t.closing) for t in result.totals] == [
        (1, D("30.00"), D("30.00"), ZERO),
        (2, D("1000.00"), D("1000.00"), ZERO),
        *[(month, ZERO, ZERO, ZERO) for month in range(3, 12)],
        (12, D("12.34"), D("12.34"), ZERO),
    ]


def test_monthly_next_year_opens_with_the_closing_of_december(user, two_years):
    types = {row.account_type: row for row in trial_balance_monthly(user=user, year=2026).types}

    assert types["asset"].opening == D("1057.66")
    assert month_table(types["asset"])[0] == (1, ZERO, D("99.00"), D("958.66"))
    assert types["expense"].months[11].closing == D("141.34")


def test_monthly_before_any_entry_is_all_zeros(user, two_years):
    result = trial_balance_monthly(user=user, year=2023)

    assert {m.closing for row in result.types for m in row.months} == {ZERO}
    assert {row.opening for row in result.types} == {ZERO}


def test_monthly_never_counts_another_users_lines(user, other_user, two_years):
    theirs = make_account(other_user, "Cash", "asset")
    their_income = make_account(other_user, "Salary", "income")
    post(other_user, at("2025-01-10"), (theirs, "555.00"), (their_income, "-555.00"))

    types = {row.account_type: row for row in trial_balance_monthly(user=user, year=2025).types}

    assert types["asset"].months[0].closing == D("70.00")
    assert types["income"].months[0].closing == ZERO


def test_monthly_outside_utc_buckets_the_lines_by_local_month(
    user, other_user, django_assert_num_queries
):
    with timezone.override("America/New_York"):
        cash, salary = make_account(user, "Cash"), make_account(user, "Salary", "income")
        theirs = make_account(other_user, "Cash")
        their_income = make_account(other_user, "Salary", "income")
        post(user, at("2024-12-31", hour=22), (cash, "1"), (salary, "-1"))  # 2025 in UTC
        post(user, at("2025-01-31", hour=23), (cash, "10"), (salary, "-10"))  # February in UTC
        post(user, at("2025-12-31", hour=23), (cash, "5"), (salary, "-5"))  # 2026 in UTC
        post(user, at("2026-01-01", hour=0), (cash, "7"), (salary, "-7"))
        post(other_user, at("2025-01-10"), (theirs, "555"), (their_income, "-555"))

        # Local months are no UTC months: the lines, joined to entries and accounts.
        with django_assert_num_queries(1):
            result = trial_balance_monthly(user=user, year=2025)

    types = {row.account_type: row for row in result.types}
    asset = types["asset"]
    assert asset.opening == D("1.00")
    assert month_table(asset)[:2] == [
        (1, D("10.00"), ZERO, D("11.00")),
        (2, ZERO, ZERO, D("11.00")),
    ]
    assert month_table(asset)[11] == (12, D("5.00"), ZERO, D("16.00"))
    assert [t.credit for t in result.totals] == [D("10.00")] + [ZERO] * 10 + [D("5.00")]


@pytest.mark.parametrize("year", [0, 10000, -1, "2025", 2025.0, True, None])
def test_monthly_bad_year_names_the_field(user, year):
    with pytest.raises(TrialBalanceInputError) as caught:
        trial_balance_monthly(user=user, year=year)

    assert caught.value.field == "year"
    assert str(caught.value) == f"year must be a whole number from 1 to 9999, not {year!r}."


@pytest.mark.parametrize("year", [1, 9999])
def test_monthly_first_and_last_storable_years(user, two_years, year):
    types = {row.account_type: row for row in trial_balance_monthly(user=user, year=year).types}

    expected = ZERO if year == 1 else D("958.66")
    assert types["asset"].months[11].closing == expected


# Queries ------------------------------------------------------------------------


def test_period_and_dated_trial_balance_take_one_statement(user, march, django_assert_num_queries):
    # The accounts joined to the grouped sums, the setting brought along.
    with django_assert_num_queries(1):
        trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31)
    with django_assert_num_queries(1):
        trial_balance(user=user, as_of=MARCH_31)
    # The month rows joined to their accounts, grouped per type and month.
    with django_assert_num_queries(1):
        trial_balance_monthly(user=user, year=2025)


def test_users_with_many_accounts_get_the_same_figures_in_four_statements(
    user, march, strategy, monkeypatch, django_assert_num_queries
):
    few = trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31)
    few_as_of = trial_balance(user=user, as_of=MARCH_31)
    monkeypatch.setattr(trial_balance_sql, "ACCOUNT_LOOKUP_LIMIT", 2)

    # The guarded join, which returns nothing; the setting; the sums alone; the
    # accounts they name (more than the limit: all of the user's, filtered).
    with django_assert_num_queries(4):
        many = trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31)
    with django_assert_num_queries(4):
        many_as_of = trial_balance(user=user, as_of=MARCH_31)

    assert many == few
    assert many_as_of == few_as_of


def test_a_user_with_nothing_to_show_gets_empty_reports_after_reading_the_setting(
    user, other_user, django_assert_num_queries
):
    make_account(user, "Cash")
    cash = make_account(other_user, "Cash")
    salary = make_account(other_user, "Salary", "income")
    post(other_user, at("2025-03-10"), (cash, "5"), (salary, "-5"))

    # The guarded join finds nothing; the setting confirms that nothing is all there is.
    with django_assert_num_queries(2):
        as_of = trial_balance(user=user, as_of=MARCH_31)
    with django_assert_num_queries(2):
        period = trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31)

    assert (as_of.groups, as_of.totals.debit, as_of.totals.credit) == ([], ZERO, ZERO)
    assert (period.groups, period.totals.debit, period.totals.closing) == ([], ZERO, ZERO)


def test_a_setting_with_zero_balances_costs_a_second_and_third_statement(
    user, django_assert_num_queries
):
    cash = make_account(user, "Cash")
    salary = make_account(user, "Salary", "income")
    unused = make_account(user, "Unused")
    post(user, at("2025-03-10"), (cash, "5"), (salary, "-5"))
    TrialBalanceSetting.objects.create(user=user, include_zero_balances=True)

    # The guarded join refuses the setting; the setting; every account left-joined.
    with django_assert_num_queries(3):
        result = trial_balance(user=user, as_of=MARCH_31)

    rows = [(row.id, row.totals.debit, row.totals.credit) for g in result.groups for row in g.rows]
    assert rows == [
        (cash.pk, D("5.00"), ZERO),
        (unused.pk, ZERO, ZERO),
        (salary.pk, ZERO, D("5.00")),
    ]


def test_subtype_grouping_comes_with_the_figures_in_one_statement(user, django_assert_num_queries):
    cash = make_account(user, "Cash", account_subtype="cash")
    bank = make_account(user, "Bank", account_subtype="checking")
    salary = make_account(user, "Salary", "income")
    post(user, at("2025-03-10"), (cash, "5"), (bank, "7"), (salary, "-12"))
    TrialBalanceSetting.objects.create(user=user, group_by_subtype=True)

    with django_assert_num_queries(1):
        result = trial_balance(user=user, as_of=MARCH_31)

    assets, income = result.groups
    assert [(sub.account_subtype, [row.id for row in sub.rows]) for sub in assets.groups] == [
        ("cash", [cash.pk]),
        ("checking", [bank.pk]),
    ]
    assert [(sub.account_subtype, sub.totals.credit) for sub in income.groups] == [
        (None, D("12.00"))
    ]
    assert result.group_by_subtype is True


def test_accounts_are_listed_by_normalized_name_then_id(user):
    # Code-point order of the normalized names ("ábaco" after "cash"), then ids: the
    # original application wrote names without the service's duplicate check.
    accounts = [make_account(user, name) for name in ("b", "Ábaco", "cash")]
    twin = Account.objects.create(user=user, name="CASH", account_type="asset")
    salary = make_account(user, "Salary", "income")
    for account in [*accounts, twin]:
        post(user, at("2025-03-10"), (account, "1"), (salary, "-1"))

    rows = [row.name for row in trial_balance(user=user).groups[0].rows]
    period = trial_balance_period(user=user, date_from=MARCH_1, date_to=MARCH_31)

    assert rows == ["b", "cash", "CASH", "Ábaco"]
    assert [row.name for row in period.groups[0].rows] == rows
