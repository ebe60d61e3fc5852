"""The cash-flow forecast: opening balance from the ledger, daily flows, errors, stored balances."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance.models import MoneyScheduleDailyBalance, MoneyScheduleRow
from finance.selectors import PlanningValidationError, cash_flow_forecast, stored_daily_balances
from finance.selectors.forecast import MAX_FORECAST_DAYS, today
from finance.services import (
    DAILY_BALANCE_DAYS,
    account_update,
    journal_entry_delete,
    schedule_row_create,
    schedule_row_delete,
    schedule_row_update,
)
from finance.tests.conftest import at, make_account, post

D = datetime.date.fromisoformat


def row(user, account, event_date, amount, recurrence="none", until=None):
    return schedule_row_create(
        user=user,
        account_id=account.pk,
        event_date=event_date,
        amount=amount,
        recurrence=recurrence,
        recurrence_until=until,
    )


def days_of(result):
    return {day.date.isoformat(): (day.inflow, day.outflow, day.balance) for day in result.days}


@pytest.fixture
def ledger(user, other_user):
    """Checking and savings (assets), an income and an expense account, and entries.

    Before 2025-02-01: checking +1000.00 - 200.50 = 799.50; savings +300.00.
    On 2025-02-01 (not before it): checking +50.00. Another user's checking +5000.00.
    """
    checking = make_account(user, "Checking")
    savings = make_account(user, "Savings")
    salary = make_account(user, "Salary", "income")
    food = make_account(user, "Food", "expense")
    post(user, at("2025-01-10"), (checking, "1000.00"), (salary, "-1000.00"))
    post(user, at("2025-01-15"), (savings, "300.00"), (salary, "-300.00"))
    post(user, at("2025-01-31", hour=23), (food, "200.50"), (checking, "-200.50"))
    post(user, at("2025-02-01", hour=0), (checking, "50.00"), (salary, "-50.00"))
    theirs = make_account(other_user, "Checking")
    their_income = make_account(other_user, "Salary", "income")
    post(other_user, at("2025-01-10"), (theirs, "5000.00"), (their_income, "-5000.00"))
    return {"checking": checking, "savings": savings, "salary": salary, "theirs": theirs}


# Opening balance -------------------------------------------------------------------


def test_opening_balance_counts_entries_before_from_on_the_chosen_accounts_only(user, ledger):
    result = cash_flow_forecast(
        user=user,
        date_from=D("2025-02-01"),
        date_to=D("2025-02-01"),
        account_ids=[ledger["checking"].pk],
    )

    assert result.opening_balance == Decimal("799.50")
    assert result.days[0].balance == Decimal("799.50")


def test_entries_after_from_on_other_accounts_do_not_change_the_opening(user, ledger):
    result = cash_flow_forecast(
        user=user,
        date_from="2025-01-12",
        date_to="2025-01-12",
        account_ids=[ledger["checking"].pk],
    )

    # Savings +300.00 on the 15th and checking's later entries are after the 12th.
    assert result.opening_balance == Decimal("1000.00")


def test_opening_before_every_entry_is_zero(user, ledger):
    result = cash_flow_forecast(user=user, date_from="2025-01-01", date_to="2025-01-01")

    assert result.opening_balance == Decimal("0.00")


def test_opening_balance_of_the_default_accounts_is_the_active_assets(user, ledger):
    result = cash_flow_forecast(user=user, date_from="2025-02-01", date_to="2025-02-01")

    assert result.opening_balance == Decimal("1099.50")  # 799.50 + 300.00
    assert result.account_ids == [ledger["checking"].pk, ledger["savings"].pk]


def test_inactive_asset_accounts_are_not_in_the_default_set(user, ledger):
    account_update(user=user, account=ledger["savings"], is_active=False)

    result = cash_flow_forecast(user=user, date_from="2025-02-02", date_to="2025-02-02")

    assert result.opening_balance == Decimal("849.50")  # 799.50 + 50.00 on 1 February


def test_an_account_without_lines_opens_at_zero(user):
    empty = make_account(user, "Wallet")

    result = cash_flow_forecast(
        user=user, date_from="2025-01-01", date_to="2025-01-02", account_ids=[empty.pk]
    )

    assert result.opening_balance == Decimal("0.00")


# Days ----------------------------------------------------------------------------


def test_forecast_over_a_month_boundary(user, ledger):
    checking = ledger["checking"]
    row(user, checking, "2024-12-31", "2000.00", "monthly")  # 31 Jan, then 28 Feb
    row(user, checking, "2025-02-01", "-750.00", "monthly")
    row(user, checking, "2025-01-30", "-25.25")
    row(user, checking, "2025-01-23", "10.00", "weekly")  # 30 Jan, then 6 Feb
    row(user, ledger["savings"], "2025-01-31", "-99.99")  # another account: not in this one

    result = cash_flow_forecast(
        user=user, date_from="2025-01-30", date_to="2025-02-02", account_ids=[checking.pk]
    )

    # Opening: 1000.00 on 10 January only (the 200.50 is on the 31st, inside the window).
    assert result.opening_balance == Decimal("1000.00")
    assert days_of(result) == {
        "2025-01-30": (Decimal("10.00"), Decimal("25.25"), Decimal("984.75")),
        "2025-01-31": (Decimal("2000.00"), Decimal("0.00"), Decimal("2984.75")),
        "2025-02-01": (Decimal("0.00"), Decimal("750.00"), Decimal("2234.75")),
        "2025-02-02": (Decimal("0.00"), Decimal("0.00"), Decimal("2234.75")),
    }
    assert (result.lowest.date, result.lowest.balance) == (D("2025-01-30"), Decimal("984.75"))
    assert result.first_negative is None


def test_the_ledger_entries_inside_the_window_are_not_forecast(user, ledger):
    """The forecast projects the schedule only: posted entries count in the opening balance."""
    result = cash_flow_forecast(
        user=user,
        date_from="2025-01-31",
        date_to="2025-02-01",
        account_ids=[ledger["checking"].pk],
    )

    assert [day.balance for day in result.days] == [Decimal("1000.00"), Decimal("1000.00")]


def test_monthly_row_on_the_29th_in_a_leap_and_a_common_february(user):
    checking = make_account(user, "Checking")
    row(user, checking, "2023-01-29", "-100.00", "monthly")

    leap = cash_flow_forecast(
        user=user, date_from="2024-02-27", date_to="2024-03-01", account_ids=[checking.pk]
    )
    common = cash_flow_forecast(
        user=user, date_from="2025-02-27", date_to="2025-03-01", account_ids=[checking.pk]
    )

    assert [(d.date, d.outflow) for d in leap.days if d.outflow] == [
        (D("2024-02-29"), Decimal("100.00"))
    ]
    assert [(d.date, d.outflow) for d in common.days if d.outflow] == [
        (D("2025-02-28"), Decimal("100.00"))
    ]


def test_yearly_row_on_29_february_is_on_28_february_in_a_common_year(user):
    checking = make_account(user, "Checking")
    row(user, checking, "2024-02-29", "45.67", "yearly")

    result = cash_flow_forecast(
        user=user, date_from="2024-02-01", date_to="2026-03-31", account_ids=[checking.pk]
    )

    inflows = [(d.date, d.inflow) for d in result.days if d.inflow]
    assert inflows == [
        (D("2024-02-29"), Decimal("45.67")),
        (D("2025-02-28"), Decimal("45.67")),
        (D("2026-02-28"), Decimal("45.67")),
    ]
    assert result.days[-1].balance == Decimal("137.01")


def test_recurrence_until_cuts_the_series_in_the_forecast(user):
    checking = make_account(user, "Checking")
    row(user, checking, "2025-01-06", "-20.00", "weekly", until="2025-01-20")

    result = cash_flow_forecast(
        user=user, date_from="2025-01-01", date_to="2025-01-31", account_ids=[checking.pk]
    )

    assert [d.date for d in result.days if d.outflow] == [
        D("2025-01-06"),
        D("2025-01-13"),
        D("2025-01-20"),
    ]
    assert result.days[-1].balance == Decimal("-60.00")


def test_lowest_is_the_earliest_on_ties_and_first_negative_the_first_day_below_zero(user):
    checking = make_account(user, "Checking")
    row(user, checking, "2025-03-02", "-10.00")
    row(user, checking, "2025-03-03", "10.00")
    row(user, checking, "2025-03-04", "-10.00")

    result = cash_flow_forecast(
        user=user, date_from="2025-03-01", date_to="2025-03-05", account_ids=[checking.pk]
    )

    assert [d.balance for d in result.days] == [
        Decimal("0.00"),
        Decimal("-10.00"),
        Decimal("0.00"),
        Decimal("-10.00"),
        Decimal("-10.00"),
    ]
    assert (result.lowest.date, result.lowest.balance) == (D("2025-03-02"), Decimal("-10.00"))
    assert result.first_negative == D("2025-03-02")


def test_same_day_inflows_and_outflows_are_summed_separately(user):
    checking = make_account(user, "Checking")
    row(user, checking, "2025-03-01", "0.10")
    row(user, checking, "2025-03-01", "0.20")
    row(user, checking, "2025-03-01", "-0.05")

    result = cash_flow_forecast(
        user=user, date_from="2025-03-01", date_to="2025-03-01", account_ids=[checking.pk]
    )

    assert days_of(result) == {
        "2025-03-01": (Decimal("0.30"), Decimal("0.05"), Decimal("0.25")),
    }


def test_as_dict_has_the_api_shape(user):
    checking = make_account(user, "Checking")
    row(user, checking, "2025-03-01", "-5.00")

    shape = cash_flow_forecast(
        user=user, date_from="2025-03-01", date_to="2025-03-01", account_ids=[checking.pk]
    ).as_dict()

    assert shape == {
        "from": D("2025-03-01"),
        "to": D("2025-03-01"),
        "opening_balance": Decimal("0.00"),
        "days": [
            {
                "date": D("2025-03-01"),
                "inflow": Decimal("0.00"),
                "outflow": Decimal("5.00"),
                "balance": Decimal("-5.00"),
            }
        ],
        "lowest": {"date": D("2025-03-01"), "balance": Decimal("-5.00")},
        "first_negative": D("2025-03-01"),
    }


def test_another_users_schedule_rows_never_count(user, other_user, ledger):
    row(other_user, ledger["theirs"], "2025-03-01", "-999.00")

    result = cash_flow_forecast(user=user, date_from="2025-03-01", date_to="2025-03-01")

    assert result.days[0].outflow == Decimal("0.00")


# Errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_from", "date_to", "field"),
    [
        ("2025-03-02", "2025-03-01", "to"),
        ("2025-01-01", "2028-01-02", "to"),  # 1,097 days
        ("2025-13-01", "2025-03-01", "from"),
        (None, "2025-03-01", "from"),
        ("2025-03-01", "soon", "to"),
    ],
)
def test_bad_window_names_the_field(user, date_from, date_to, field):
    with pytest.raises(PlanningValidationError) as caught:
        cash_flow_forecast(user=user, date_from=date_from, date_to=date_to)

    assert list(caught.value.message_dict) == [field]


def test_a_window_of_three_years_is_allowed(user):
    result = cash_flow_forecast(user=user, date_from="2025-01-01", date_to="2028-01-01")

    assert len(result.days) == MAX_FORECAST_DAYS == 1096


def test_unknown_and_foreign_account_ids_name_the_accounts_field_alike(user, ledger):
    messages = []
    for account_id in (ledger["theirs"].pk, 999_999):
        with pytest.raises(PlanningValidationError) as caught:
            cash_flow_forecast(
                user=user,
                date_from="2025-03-01",
                date_to="2025-03-02",
                account_ids=[ledger["checking"].pk, account_id],
            )
        messages.append(caught.value.message_dict["accounts"][0].replace(str(account_id), "N"))

    assert messages[0] == messages[1] == "No such account: N."


@pytest.mark.parametrize("accounts", ["abc", [], ["1.5"], [-1], 12])
def test_malformed_account_lists_name_the_accounts_field(user, accounts):
    with pytest.raises(PlanningValidationError) as caught:
        cash_flow_forecast(
            user=user, date_from="2025-03-01", date_to="2025-03-02", account_ids=accounts
        )

    assert list(caught.value.message_dict) == ["accounts"]


def test_accounts_may_be_given_as_a_comma_separated_string(user, ledger):
    accounts = f"{ledger['checking'].pk},{ledger['savings'].pk}"

    result = cash_flow_forecast(
        user=user, date_from="2025-02-01", date_to="2025-02-01", account_ids=accounts
    )

    assert result.opening_balance == Decimal("1099.50")


def test_another_users_scenario_names_the_scenario_field(user, other_user):
    from finance.services import scenario_create

    theirs = scenario_create(user=other_user, name="Theirs")

    with pytest.raises(PlanningValidationError) as caught:
        cash_flow_forecast(
            user=user, date_from="2025-03-01", date_to="2025-03-02", scenario=theirs.pk
        )

    assert caught.value.message_dict == {"scenario": [f"Scenario {theirs.pk} does not exist."]}


# Queries -------------------------------------------------------------------------


def test_a_year_of_forecast_takes_three_queries_whatever_the_rows(
    user, ledger, django_assert_num_queries
):
    checking = ledger["checking"]
    for day in range(1, 29):
        row(user, checking, f"2025-01-{day:02d}", "-1.00", "weekly")
        row(user, checking, f"2025-02-{day:02d}", "2.00", "monthly")
        row(user, checking, f"2025-03-{day:02d}", "3.00")

    # Default accounts, the opening balance (one aggregate), the schedule rows.
    with django_assert_num_queries(3):
        result = cash_flow_forecast(user=user, date_from="2025-01-01", date_to="2025-12-31")

    assert len(result.days) == 365


def test_a_forecast_with_a_scenario_takes_at_most_five_queries(
    user, ledger, django_assert_max_num_queries
):
    from finance.services import scenario_create

    checking = ledger["checking"]
    base = row(user, checking, "2025-01-01", "-1.00", "weekly")
    scenario = scenario_create(
        user=user,
        name="What if",
        rows=[
            {"base_row_id": base.pk, "delta_amount": "1.00"},
            {"event_date": "2025-06-01", "amount": "5.00", "account_id": checking.pk},
        ],
    )

    with django_assert_max_num_queries(5):
        cash_flow_forecast(
            user=user,
            date_from="2025-01-01",
            date_to="2025-12-31",
            account_ids=[checking.pk],
            scenario=scenario.pk,
        )


# The stored daily balances -----------------------------------------------------------


def assert_stored_equals_the_live_forecast(user):
    start = today()
    live = cash_flow_forecast(
        user=user,
        date_from=start,
        date_to=start + datetime.timedelta(days=DAILY_BALANCE_DAYS - 1),
    )
    stored = stored_daily_balances(user=user)
    assert stored == [(day.date, day.balance) for day in live.days]
    assert len(stored) == DAILY_BALANCE_DAYS


def test_daily_balances_follow_every_schedule_and_ledger_write(
    user, other_user, django_capture_on_commit_callbacks
):
    checking = make_account(user, "Checking")
    income = make_account(user, "Salary", "income")
    start = today()
    with django_capture_on_commit_callbacks(execute=True):
        rent = row(user, checking, start + datetime.timedelta(days=3), "-800.00", "monthly")
    assert_stored_equals_the_live_forecast(user)
    assert stored_daily_balances(user=user)[3] == (
        start + datetime.timedelta(days=3),
        Decimal("-800.00"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        entry = post(
            user,
            at((start - datetime.timedelta(days=1)).isoformat()),
            (checking, "1234.56"),
            (income, "-1234.56"),
        )
    assert_stored_equals_the_live_forecast(user)
    assert stored_daily_balances(user=user)[0][1] == Decimal("1234.56")

    with django_capture_on_commit_callbacks(execute=True):
        schedule_row_update(user=user, row_id=rent.pk, amount="-900.00")
    assert_stored_equals_the_live_forecast(user)
    assert stored_daily_balances(user=user)[3][1] == Decimal("334.56")

    with django_capture_on_commit_callbacks(execute=True):
        journal_entry_delete(user=user, entry=entry)
    assert_stored_equals_the_live_forecast(user)

    with django_capture_on_commit_callbacks(execute=True):
        schedule_row_delete(user=user, row_id=rent.pk)
    assert_stored_equals_the_live_forecast(user)
    assert {balance for _, balance in stored_daily_balances(user=user)} == {Decimal("0.00")}
    assert not MoneyScheduleDailyBalance.objects.filter(user=other_user).exists()


def test_a_failed_write_refreshes_nothing(user, django_capture_on_commit_callbacks):
    checking = make_account(user, "Checking")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PlanningValidationError):
        row(user, checking, "2025-01-01", "0")

    assert callbacks == []


def test_several_writes_in_one_transaction_refresh_once(user, django_capture_on_commit_callbacks):
    from django.db import transaction

    checking = make_account(user, "Checking")

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for day in range(1, 6):
            row(user, checking, f"2025-01-0{day}", "1.00")

    assert len(callbacks) == 1


def test_forecast_over_more_default_accounts_than_a_list_binds(user):
    from finance.selectors.forecast import ACCOUNT_LIST_LIMIT

    accounts = [make_account(user, f"Pocket {n}") for n in range(ACCOUNT_LIST_LIMIT + 1)]
    closed = make_account(user, "Closed", is_active=False)
    income = make_account(user, "Pay", "income")
    post(user, at("2025-01-05"), (accounts[-1], "300.00"), (income, "-300.00"))
    post(user, at("2025-01-06"), (closed, "50.00"), (income, "-50.00"))
    MoneyScheduleRow.objects.create(
        user=user, account=accounts[0], event_date=datetime.date(2025, 2, 2), amount="-40.25"
    )
    MoneyScheduleRow.objects.create(
        user=user, account=closed, event_date=datetime.date(2025, 2, 2), amount="-999.00"
    )

    with CaptureQueriesContext(connection) as queries:
        result = cash_flow_forecast(user=user, date_from="2025-02-01", date_to="2025-02-02")

    # Three statements: the first ACCOUNT_LIST_LIMIT + 1 ids (to choose), the opening
    # and the schedule rows, the accounts selected in SQL and never sorted by name.
    assert len(queries) == 3
    assert not [q["sql"] for q in queries.captured_queries if "normalized_name" in q["sql"]]
    # Only active asset accounts: 300.00 opening (not the closed account's 50.00),
    # then 300.00 - 40.25 = 259.75 (not the closed account's row).
    assert result.opening_balance == Decimal("300.00")
    assert [day.balance for day in result.days] == [Decimal("300.00"), Decimal("259.75")]
    assert len(result.account_ids) == ACCOUNT_LIST_LIMIT + 1
