"""The planning endpoints over HTTP: schedule, forecast and scenarios (figures by hand)."""

import json

import pytest

from finance.models import MoneyScheduleRow, MoneyScheduleScenario, MoneyScheduleScenarioRow
from finance.tests.conftest import at, make_account, post

SCHEDULE = "/finance/schedule"
FORECAST = "/finance/forecast"
SCENARIOS = "/finance/scenarios"


@pytest.fixture
def api(user, client_for):
    """A logged-in client that sends JSON with the CSRF token, as a front end does."""
    client = client_for(user)
    client.get("/api/me")  # any GET sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    def send(method, url, body=None):
        return getattr(client, method)(
            url, json.dumps(body or {}), "application/json", headers={"X-CSRFToken": token}
        )

    client.send = send
    return client


@pytest.fixture
def cash(user):
    """A cash account holding 1,000.00 since 10 January 2024."""
    cash = make_account(user, "Cash")
    salary = make_account(user, "Salary", "income")
    post(user, at("2024-01-10"), (cash, "1000.00"), (salary, "-1000.00"))
    return cash


def test_schedule_row_round_trip(api, cash):
    created = api.send(
        "post",
        SCHEDULE,
        {
            "account_id": cash.pk,
            "event_date": "2024-01-31",
            "amount": "-100.5",
            "memo": "Rent",
            "recurrence": "monthly",
            "recurrence_until": "2024-04-30",
        },
    )
    row_id = created.json()["id"]
    changed = api.send("patch", f"{SCHEDULE}/{row_id}", {"memo": "Flat rent"})

    assert created.status_code == 201
    assert created.json() == {
        "id": row_id,
        "account_id": cash.pk,
        "event_date": "2024-01-31",
        "amount": "-100.50",
        "memo": "Rent",
        "recurrence": "monthly",
        "recurrence_until": "2024-04-30",
    }
    assert changed.json()["memo"] == "Flat rent"
    assert api.get(SCHEDULE).json() == [changed.json()]
    assert api.send("delete", f"{SCHEDULE}/{row_id}").status_code == 204
    assert api.get(f"{SCHEDULE}/{row_id}").status_code == 404


def test_schedule_bad_input_is_400_naming_each_field_and_writes_nothing(api, cash):
    response = api.send(
        "post", SCHEDULE, {"account_id": cash.pk, "event_date": "2024-02-30", "amount": "1.005"}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"event_date", "amount"}
    assert MoneyScheduleRow.objects.count() == 0


def test_another_users_schedule_row_is_404_like_a_missing_one(api, other_user, cash):
    theirs = make_account(other_user, "Theirs")
    row = MoneyScheduleRow.objects.create(
        user=other_user, account=theirs, event_date="2024-01-01", amount="5.00"
    )

    responses = [
        api.get(f"{SCHEDULE}/{row.pk}"),
        api.send("patch", f"{SCHEDULE}/{row.pk}", {"memo": "mine now"}),
        api.send("delete", f"{SCHEDULE}/{row.pk}"),
        api.get(f"{SCHEDULE}/{row.pk + 1000}"),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, {"error": "Not found."})] * 4
    row.refresh_from_db()
    assert row.memo is None
    # Their account is as unknown as a missing one when scheduling on it.
    refused = api.send(
        "post", SCHEDULE, {"account_id": theirs.pk, "event_date": "2024-01-01", "amount": "1"}
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["account_id"]


def test_forecast_over_a_leap_february_with_a_month_end_row(api, cash):
    # Rent of 100.00 on the 31st: clamped to 29 February in 2024, back to 31 March.
    api.send(
        "post",
        SCHEDULE,
        {
            "account_id": cash.pk,
            "event_date": "2024-01-31",
            "amount": "-100.00",
            "recurrence": "monthly",
        },
    )
    # Pay of 50.25 every week from 28 February until 6 March.
    api.send(
        "post",
        SCHEDULE,
        {
            "account_id": cash.pk,
            "event_date": "2024-02-28",
            "amount": "50.25",
            "recurrence": "weekly",
            "recurrence_until": "2024-03-06",
        },
    )

    response = api.get(FORECAST, {"from": "2024-02-28", "to": "2024-03-01"})

    assert response.status_code == 200
    assert response.json() == {
        "from": "2024-02-28",
        "to": "2024-03-01",
        "opening_balance": "1000.00",  # January's rent falls before the window
        "days": [
            {"date": "2024-02-28", "inflow": "50.25", "outflow": "0.00", "balance": "1050.25"},
            {"date": "2024-02-29", "inflow": "0.00", "outflow": "100.00", "balance": "950.25"},
            {"date": "2024-03-01", "inflow": "0.00", "outflow": "0.00", "balance": "950.25"},
        ],
        "lowest": {"date": "2024-02-29", "balance": "950.25"},
        "first_negative": None,
    }


def test_forecast_reports_the_first_negative_day(api, cash):
    api.send(
        "post", SCHEDULE, {"account_id": cash.pk, "event_date": "2024-03-02", "amount": "-1000.01"}
    )

    body = api.get(FORECAST, {"from": "2024-03-01", "to": "2024-03-03"}).json()

    assert body["first_negative"] == "2024-03-02"
    assert body["lowest"] == {"date": "2024-03-02", "balance": "-0.01"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2024-01-01", "to": "2027-01-02"}, "to"),
        ({"from": "2024-13-01", "to": "2024-12-31"}, "from"),
        ({"from": "2024-02-01", "to": "2024-01-01"}, "to"),
        ({"from": "2024-01-01", "to": "2024-01-31", "accounts": "1,x"}, "accounts"),
    ],
)
def test_forecast_bad_window_is_400_naming_the_field(api, cash, params, field):
    response = api.get(FORECAST, params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_scenario_that_adjusts_and_adds_rows_compares_to_the_base(api, cash):
    rent = api.send(
        "post",
        SCHEDULE,
        {
            "account_id": cash.pk,
            "event_date": "2024-03-01",
            "amount": "-400.00",
            "recurrence": "monthly",
        },
    ).json()
    created = api.send(
        "post",
        SCENARIOS,
        {
            "name": "Cheaper flat, new bike",
            "rows": [
                {"base_row_id": rent["id"], "delta_amount": "150.00"},
                {
                    "event_date": "2024-03-02",
                    "amount": "-999.99",
                    "account_id": cash.pk,
                    "memo": "Bike",
                },
            ],
        },
    )
    scenario_id = created.json()["id"]

    comparison = api.get(
        f"{SCENARIOS}/{scenario_id}/compare", {"from": "2024-03-01", "to": "2024-03-02"}
    )

    assert created.status_code == 201
    assert [row["base_row_id"] for row in created.json()["rows"]] == [rent["id"], None]
    # Base: 1000 - 400 = 600. Scenario: 1000 - 400 + 150 = 750, then 750 - 999.99 = -249.99.
    assert comparison.json() == {
        "days": [
            {"date": "2024-03-01", "base": "600.00", "scenario": "750.00", "difference": "150.00"},
            {
                "date": "2024-03-02",
                "base": "600.00",
                "scenario": "-249.99",
                "difference": "-849.99",
            },
        ],
        "base_lowest": {"date": "2024-03-01", "balance": "600.00"},
        "scenario_lowest": {"date": "2024-03-02", "balance": "-249.99"},
    }
    forecast = api.get(
        FORECAST, {"from": "2024-03-01", "to": "2024-03-02", "scenario": str(scenario_id)}
    )
    assert forecast.json()["first_negative"] == "2024-03-02"


def test_scenario_patch_replaces_rows_and_delete_removes_them(api, cash):
    scenario_id = api.send(
        "post",
        SCENARIOS,
        {"name": "A", "rows": [{"event_date": "2024-03-02", "amount": "5", "account_id": cash.pk}]},
    ).json()["id"]

    patched = api.send("patch", f"{SCENARIOS}/{scenario_id}", {"name": "B", "rows": []})

    assert (patched.json()["name"], patched.json()["rows"]) == ("B", [])
    assert api.send("delete", f"{SCENARIOS}/{scenario_id}").status_code == 204
    assert MoneyScheduleScenario.objects.count() == MoneyScheduleScenarioRow.objects.count() == 0


def test_scenario_with_a_bad_row_is_400_naming_it_and_writes_nothing(api, cash, other_user):
    theirs = make_account(other_user, "Theirs")
    response = api.send(
        "post",
        SCENARIOS,
        {
            "name": "A",
            "rows": [{"event_date": "2024-03-02", "amount": "5", "account_id": theirs.pk}],
        },
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["rows.0.account_id"]
    assert MoneyScheduleScenario.objects.count() == 0


def test_another_users_scenario_is_404(api, other_user):
    theirs = MoneyScheduleScenario.objects.create(user=other_user, name="Theirs")

    assert api.get(f"{SCENARIOS}/{theirs.pk}").status_code == 404
    compare = api.get(
        f"{SCENARIOS}/{theirs.pk}/compare", {"from": "2024-01-01", "to": "2024-01-02"}
    )
    assert (compare.status_code, compare.json()) == (404, {"error": "Not found."})
