"""What-if scenarios: adjustments and hypothetical rows, comparisons, services, admin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import (
    MoneyScheduleDailyBalance,
    MoneyScheduleScenario,
    MoneyScheduleScenarioRow,
)
from finance.selectors import (
    PlanningValidationError,
    cash_flow_forecast,
    scenario_compare,
    scenario_get,
    scenario_list,
    stored_daily_balances,
)
from finance.selectors.forecast import today
from finance.services import (
    DAILY_BALANCE_DAYS,
    scenario_create,
    scenario_delete,
    scenario_update,
    schedule_row_create,
    schedule_row_delete,
)
from finance.tests.conftest import at, make_account, post

D = datetime.date.fromisoformat


@pytest.fixture
def plan(user):
    """Checking opens at 1000.00; rent -800.00 on the 1st, salary +1500.00 on the 15th.

    The scenario cheaper rent (+150.00 on each rent), a one-off +200.00 on
    10 March on checking and a one-off -5000.00 on 20 March on savings.
    """
    checking = make_account(user, "Checking")
    savings = make_account(user, "Savings")
    income = make_account(user, "Salary", "income")
    post(user, at("2025-02-01"), (checking, "1000.00"), (income, "-1000.00"))
    rent = schedule_row_create(
        user=user,
        account_id=checking.pk,
        event_date="2025-03-01",
        amount="-800.00",
        recurrence="monthly",
    )
    schedule_row_create(
        user=user,
        account_id=checking.pk,
        event_date="2025-03-15",
        amount="1500.00",
        recurrence="monthly",
    )
    scenario = scenario_create(
        user=user,
        name="  Cheaper flat ",
        description="Move out",
        rows=[
            {"base_row_id": rent.pk, "delta_amount": "150.00", "memo": "Lower rent"},
            {"event_date": "2025-03-10", "amount": "200.00", "account_id": checking.pk},
            {"event_date": "2025-03-20", "amount": "-5000.00", "account_id": savings.pk},
        ],
    )
    return {"checking": checking, "savings": savings, "rent": rent, "scenario": scenario}


def test_scenario_that_adjusts_and_adds_rows_compared_with_the_base(user, plan):
    result = scenario_compare(
        user=user,
        scenario_id=plan["scenario"].pk,
        date_from="2025-03-01",
        date_to="2025-04-01",
        account_ids=[plan["checking"].pk],
    )

    by_day = {day.date.isoformat(): day for day in result.days}
    # Base: 1000 - 800 = 200 from 1 March, + 1500 = 1700 from the 15th, - 800 = 900 on 1 April.
    # Scenario: rent is -650: 350 from 1 March, + 200 = 550 from the 10th, 2050 from the 15th,
    # 1400 on 1 April; the savings one-off is on another account and does not count.
    expected = {
        "2025-03-01": ("200.00", "350.00", "150.00"),
        "2025-03-09": ("200.00", "350.00", "150.00"),
        "2025-03-10": ("200.00", "550.00", "350.00"),
        "2025-03-15": ("1700.00", "2050.00", "350.00"),
        "2025-03-20": ("1700.00", "2050.00", "350.00"),
        "2025-04-01": ("900.00", "1400.00", "500.00"),
    }
    for day, (base, scenario, difference) in expected.items():
        found = by_day[day]
        assert (found.base, found.scenario, found.difference) == (
            Decimal(base),
            Decimal(scenario),
            Decimal(difference),
        ), day
    assert len(result.days) == 32
    assert (result.base_lowest.date, result.base_lowest.balance) == (
        D("2025-03-01"),
        Decimal("200.00"),
    )
    assert (result.scenario_lowest.date, result.scenario_lowest.balance) == (
        D("2025-03-01"),
        Decimal("350.00"),
    )


def test_a_hypothetical_row_counts_when_its_account_is_forecast(user, plan):
    """With the default accounts (checking and savings) the savings one-off counts too.

    The window opens on the ledger balance (1000.00): occurrences before it are
    not carried (by then they are in the ledger).
    """
    result = scenario_compare(
        user=user, scenario_id=plan["scenario"].pk, date_from="2025-03-19", date_to="2025-03-20"
    )

    assert [(day.base, day.scenario, day.difference) for day in result.days] == [
        (Decimal("1000.00"), Decimal("1000.00"), Decimal("0.00")),
        (Decimal("1000.00"), Decimal("-4000.00"), Decimal("-5000.00")),
    ]
    assert result.scenario_lowest.date == D("2025-03-20")


def test_forecast_with_a_scenario_shows_the_adjusted_flows(user, plan):
    result = cash_flow_forecast(
        user=user,
        date_from="2025-03-01",
        date_to="2025-03-10",
        account_ids=[plan["checking"].pk],
        scenario=plan["scenario"].pk,
    )

    flows = {day.date.isoformat(): (day.inflow, day.outflow) for day in result.days}
    assert flows["2025-03-01"] == (Decimal("0.00"), Decimal("650.00"))
    assert flows["2025-03-10"] == (Decimal("200.00"), Decimal("0.00"))
    assert result.days[-1].balance == Decimal("550.00")


def test_an_adjustment_that_cancels_a_row_leaves_no_flow(user, plan):
    cancel = scenario_create(
        user=user,
        name="No rent",
        rows=[{"base_row_id": plan["rent"].pk, "delta_amount": "800.00"}],
    )

    result = cash_flow_forecast(
        user=user,
        date_from="2025-03-01",
        date_to="2025-03-01",
        account_ids=[plan["checking"].pk],
        scenario=cancel.pk,
    )

    assert (result.days[0].inflow, result.days[0].outflow) == (Decimal("0.00"), Decimal("0.00"))
    assert result.days[0].balance == Decimal("1000.00")


def test_scenario_get_has_the_api_shape(user, plan):
    scenario = scenario_get(user=user, scenario_id=plan["scenario"].pk)

    assert scenario["name"] == "Cheaper flat"
    assert scenario["description"] == "Move out"
    assert [{k: v for k, v in r.items() if k != "id"} for r in scenario["rows"]] == [
        {
            "base_row_id": plan["rent"].pk,
            "delta_amount": Decimal("150.00"),
            "event_date": None,
            "amount": None,
            "account_id": None,
            "memo": "Lower rent",
        },
        {
            "base_row_id": None,
            "delta_amount": None,
            "event_date": D("2025-03-10"),
            "amount": Decimal("200.00"),
            "account_id": plan["checking"].pk,
            "memo": None,
        },
        {
            "base_row_id": None,
            "delta_amount": None,
            "event_date": D("2025-03-20"),
            "amount": Decimal("-5000.00"),
            "account_id": plan["savings"].pk,
            "memo": None,
        },
    ]
    assert [s["id"] for s in scenario_list(user=user)] == [plan["scenario"].pk]


def test_scenario_update_replaces_rows_only_when_given(user, plan):
    scenario_id = plan["scenario"].pk

    scenario_update(user=user, scenario_id=scenario_id, name="Renamed")
    assert MoneyScheduleScenarioRow.objects.filter(scenario_id=scenario_id).count() == 3

    scenario_update(
        user=user,
        scenario_id=scenario_id,
        rows=[{"base_row_id": plan["rent"].pk, "delta_amount": "-100.00"}],
    )
    scenario = scenario_get(user=user, scenario_id=scenario_id)
    assert scenario["name"] == "Renamed"
    assert [(r["base_row_id"], r["delta_amount"]) for r in scenario["rows"]] == [
        (plan["rent"].pk, Decimal("-100.00"))
    ]


def test_deleting_a_base_row_deletes_its_adjustments(user, plan):
    schedule_row_delete(user=user, row_id=plan["rent"].pk)

    rows = scenario_get(user=user, scenario_id=plan["scenario"].pk)["rows"]
    assert [row["base_row_id"] for row in rows] == [None, None]


# Errors and other users' ids ---------------------------------------------------------


def test_another_users_base_row_or_account_is_not_found_and_nothing_is_written(
    user, other_user, plan
):
    theirs = make_account(other_user, "Checking")
    their_row = schedule_row_create(
        user=other_user, account_id=theirs.pk, event_date="2025-03-01", amount="-1.00"
    )

    with pytest.raises(PlanningValidationError) as caught:
        scenario_create(
            user=user,
            name="Sneaky",
            rows=[
                {"base_row_id": their_row.pk, "delta_amount": "1.00"},
                {"event_date": "2025-03-01", "amount": "1.00", "account_id": theirs.pk},
                {"base_row_id": 999_999, "delta_amount": "1.00"},
            ],
        )

    assert caught.value.message_dict == {
        "rows.0.base_row_id": [f"Schedule row {their_row.pk} does not exist."],
        "rows.1.account_id": [f"Account {theirs.pk} does not exist."],
        "rows.2.base_row_id": ["Schedule row 999999 does not exist."],
    }
    assert list(MoneyScheduleScenario.objects.for_user(user)) == [plan["scenario"]]


@pytest.mark.parametrize(
    ("rows", "fields"),
    [
        ([{"base_row_id": "RENT", "delta_amount": "0"}], {"delta_amount"}),
        (
            [{"base_row_id": "RENT", "delta_amount": "1", "event_date": "2025-01-01"}],
            {"event_date"},
        ),
        ([{"event_date": "2025-01-01", "account_id": "CHECKING"}], {"amount"}),
        ([{"event_date": "2025-02-30", "amount": "1", "account_id": "CHECKING"}], {"event_date"}),
        ([{"event_date": "2025-01-01", "amount": "1.001", "account_id": "CHECKING"}], {"amount"}),
        ([{"event_date": "2025-01-01", "amount": "1"}], {"account_id"}),
        ([{"event_date": "2025-01-01", "amount": "1", "account_id": "CHECKING", "x": 1}], {"x"}),
        (["not a row"], None),
    ],
)
def test_bad_scenario_rows_name_the_row_and_field_and_write_nothing(user, plan, rows, fields):
    ids = {"RENT": plan["rent"].pk, "CHECKING": plan["checking"].pk}
    rows = [
        {key: ids.get(value, value) for key, value in row.items()} if isinstance(row, dict) else row
        for row in rows
    ]
    before = MoneyScheduleScenarioRow.objects.count()

    with pytest.raises(PlanningValidationError) as caught:
        scenario_update(user=user, scenario_id=plan["scenario"].pk, name="Changed", rows=rows)

    expected = {"rows.0"} if fields is None else {f"rows.0.{name}" for name in fields}
    assert set(caught.value.message_dict) == expected
    assert MoneyScheduleScenarioRow.objects.count() == before
    assert MoneyScheduleScenario.objects.get(pk=plan["scenario"].pk).name == "Cheaper flat"


@pytest.mark.parametrize(("field", "value"), [("name", "  "), ("name", "x" * 129), ("rows", "x")])
def test_bad_scenario_fields_name_the_field(user, field, value):
    fields = {"name": "Plan", field: value}

    with pytest.raises(PlanningValidationError) as caught:
        scenario_create(user=user, **fields)

    assert list(caught.value.message_dict) == [field]
    assert not MoneyScheduleScenario.objects.exists()


def test_another_users_scenario_is_not_found_everywhere(user, other_user):
    theirs = scenario_create(user=other_user, name="Theirs")

    for call in (
        lambda: scenario_get(user=user, scenario_id=theirs.pk),
        lambda: scenario_update(user=user, scenario_id=theirs.pk, name="Mine"),
        lambda: scenario_delete(user=user, scenario_id=theirs.pk),
        lambda: scenario_compare(
            user=user, scenario_id=theirs.pk, date_from="2025-01-01", date_to="2025-01-02"
        ),
    ):
        with pytest.raises(MoneyScheduleScenario.DoesNotExist):
            call()

    assert MoneyScheduleScenario.objects.get(pk=theirs.pk).name == "Theirs"


def test_scenario_delete_removes_its_rows(user, plan):
    scenario_delete(user=user, scenario_id=plan["scenario"].pk)

    assert not MoneyScheduleScenarioRow.objects.exists()


# Stored balances and queries ---------------------------------------------------------


def test_scenario_daily_balances_are_stored_and_follow_scenario_writes(
    user, django_capture_on_commit_callbacks
):
    checking = make_account(user, "Checking")
    start = today()
    with django_capture_on_commit_callbacks(execute=True):
        base = schedule_row_create(
            user=user,
            account_id=checking.pk,
            event_date=start + datetime.timedelta(days=1),
            amount="-100.00",
        )
        scenario = scenario_create(
            user=user,
            name="Half",
            rows=[
                {"base_row_id": base.pk, "delta_amount": "50.00"},
                {"event_date": start, "amount": "7.25", "account_id": checking.pk},
            ],
        )

    end = start + datetime.timedelta(days=DAILY_BALANCE_DAYS - 1)
    live = cash_flow_forecast(user=user, date_from=start, date_to=end, scenario=scenario.pk)
    stored = stored_daily_balances(user=user, scenario_id=scenario.pk)
    assert stored == [(day.date, day.balance) for day in live.days]
    assert stored[:2] == [
        (start, Decimal("7.25")),
        (start + datetime.timedelta(days=1), Decimal("-42.75")),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        scenario_update(user=user, scenario_id=scenario.pk, is_active=False)
    assert stored_daily_balances(user=user, scenario_id=scenario.pk) == []
    assert len(stored_daily_balances(user=user)) == DAILY_BALANCE_DAYS

    with django_capture_on_commit_callbacks(execute=True):
        scenario_update(user=user, scenario_id=scenario.pk, is_active=True)
        scenario_delete(user=user, scenario_id=scenario.pk)
    assert not MoneyScheduleDailyBalance.objects.filter(scenario__isnull=False).exists()


def test_compare_takes_a_bounded_number_of_queries(user, plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        scenario_compare(
            user=user,
            scenario_id=plan["scenario"].pk,
            date_from="2025-01-01",
            date_to="2025-12-31",
        )


# Admin ---------------------------------------------------------------------------


def test_admin_creates_a_scenario_with_rows_through_the_services(client, user, plan):
    from django.contrib.auth.models import Permission

    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="finance", codename__contains="money")
    )
    client.force_login(user)
    data = {
        "name": "Admin plan",
        "description": "",
        "is_active": "on",
        "rows-TOTAL_FORMS": 2,
        "rows-INITIAL_FORMS": 0,
        "rows-0-base_row": plan["rent"].pk,
        "rows-0-delta_amount": "25.00",
        "rows-1-event_date": "2025-03-05",
        "rows-1-delta_amount": "0",
        "rows-1-account": plan["checking"].pk,
    }

    response = client.post(reverse("admin:finance_moneyschedulescenario_add"), data)
    assert response.status_code == 200  # the zero amount is an error on its row
    formset = response.context_data["inline_admin_formsets"][0].formset
    assert "delta_amount" in formset.forms[1].errors

    data["rows-1-delta_amount"] = "-12.34"
    response = client.post(reverse("admin:finance_moneyschedulescenario_add"), data)
    assert response.status_code == 302
    created = MoneyScheduleScenario.objects.get(name="Admin plan")
    rows = scenario_get(user=user, scenario_id=created.pk)["rows"]
    assert [(r["base_row_id"], r["delta_amount"], r["amount"]) for r in rows] == [
        (plan["rent"].pk, Decimal("25.00"), None),
        (None, None, Decimal("-12.34")),
    ]
