"""Cash-flow planning over JSON: the schedule, the forecast and what-if scenarios.

Thin endpoints over ``finance.services.schedule`` and
``finance.selectors.forecast``: they parse, call one function and serialize.
Bad input is a 400 naming the field (the services' ``PlanningValidationError``);
a missing or another user's id is a 404.
"""

import datetime

from ninja import Field, Query, Router, Schema

from finance import selectors, services
from lifeos.api import (
    DateText,
    Flag,
    Id,
    Money,
    MoneyOut,
    OptionalDateText,
    OptionalText,
    Text,
    sent_fields,
)

router = Router(tags=["finance: planning"])


class ScheduleRowIn(Schema):
    """A schedule row: ``amount`` is signed (+ inflow, - outflow)."""

    account_id: Id = None
    event_date: DateText = None
    amount: Money = None
    memo: OptionalText = None
    recurrence: Text = None
    recurrence_until: OptionalDateText = None


class ScheduleRowOut(Schema):
    id: int
    account_id: int
    event_date: datetime.date
    amount: MoneyOut
    memo: str | None
    recurrence: str
    recurrence_until: datetime.date | None


class ForecastDayOut(Schema):
    date: datetime.date
    inflow: MoneyOut
    outflow: MoneyOut
    balance: MoneyOut


class BalancePointOut(Schema):
    date: datetime.date
    balance: MoneyOut


class ForecastOut(Schema):
    from_: datetime.date = Field(alias="from")
    to: datetime.date
    opening_balance: MoneyOut
    days: list[ForecastDayOut]
    lowest: BalancePointOut | None
    first_negative: datetime.date | None

    model_config = {"populate_by_name": True}


class ScenarioRowIn(Schema):
    """An adjustment (``base_row_id``, ``delta_amount``) or a hypothetical one-off row."""

    base_row_id: Id = None
    delta_amount: Money = None
    event_date: OptionalDateText = None
    amount: Money = None
    account_id: Id = None
    memo: OptionalText = None


class ScenarioIn(Schema):
    name: Text = None
    description: OptionalText = None
    is_active: Flag = None
    rows: list[ScenarioRowIn] | None = None


class ScenarioRowOut(Schema):
    id: int
    base_row_id: int | None
    delta_amount: MoneyOut | None
    event_date: datetime.date | None
    amount: MoneyOut | None
    account_id: int | None
    memo: str | None


class ScenarioOut(Schema):
    id: int
    name: str
    description: str | None
    is_active: bool
    created_at: datetime.datetime
    rows: list[ScenarioRowOut]


class ComparisonDayOut(Schema):
    date: datetime.date
    base: MoneyOut
    scenario: MoneyOut
    difference: MoneyOut


class ComparisonOut(Schema):
    days: list[ComparisonDayOut]
    base_lowest: BalancePointOut | None
    scenario_lowest: BalancePointOut | None


class Window(Schema):
    """A forecast window: ``from`` and ``to`` (YYYY-MM-DD, at most 3 years), the accounts."""

    date_from: str = Query("", alias="from", description="first day, YYYY-MM-DD")
    date_to: str = Query("", alias="to", description="last day, YYYY-MM-DD")
    accounts: str = Query(
        "", description="account ids, comma-separated (default: your active asset accounts)"
    )

    def selector_arguments(self):
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "account_ids": self.accounts or None,
        }


# Schedule ------------------------------------------------------------------------


@router.get("schedule", response=list[ScheduleRowOut], url_name="schedule")
def schedule_list(request):
    """Your schedule rows, by event date."""
    return selectors.schedule_row_list(user=request.user)


@router.post("schedule", response={201: ScheduleRowOut}, url_name="schedule")
def schedule_create(request, payload: ScheduleRowIn):
    """Add a schedule row; monthly rows fall on the same day, clamped to the month's end."""
    row = services.schedule_row_create(
        user=request.user, **sent_fields(payload, required=("account_id", "event_date", "amount"))
    )
    return 201, selectors.schedule_row_data(row)


@router.get("schedule/{int:row_id}", response=ScheduleRowOut, url_name="schedule-row")
def schedule_detail(request, row_id: int):
    """One schedule row."""
    return selectors.schedule_row_get(user=request.user, row_id=row_id)


@router.patch("schedule/{int:row_id}", response=ScheduleRowOut, url_name="schedule-row")
def schedule_update(request, row_id: int, payload: ScheduleRowIn):
    """Change the fields sent."""
    row = services.schedule_row_update(user=request.user, row_id=row_id, **sent_fields(payload))
    return selectors.schedule_row_data(row)


@router.delete("schedule/{int:row_id}", response={204: None}, url_name="schedule-row")
def schedule_delete(request, row_id: int):
    """Delete a schedule row (and the scenario adjustments of it)."""
    services.schedule_row_delete(user=request.user, row_id=row_id)
    return 204, None


# Forecast ------------------------------------------------------------------------


@router.get("forecast", response=ForecastOut, by_alias=True, url_name="forecast")
def forecast(request, window: Query[Window], scenario: str = ""):
    """Day-by-day balances: the ledger balance before ``from``, plus the schedule's flows.

    ``scenario`` (an id) applies a what-if scenario's rows. ``lowest`` is the
    lowest end-of-day balance (earliest on ties); ``first_negative`` the first
    day that ends below zero.
    """
    result = selectors.cash_flow_forecast(
        user=request.user, scenario=scenario or None, **window.selector_arguments()
    )
    return result.as_dict()


# Scenarios -----------------------------------------------------------------------


@router.get("scenarios", response=list[ScenarioOut], url_name="scenarios")
def scenario_list(request):
    """Your scenarios with their rows."""
    return selectors.scenario_list(user=request.user)


@router.post("scenarios", response={201: ScenarioOut}, url_name="scenarios")
def scenario_create(request, payload: ScenarioIn):
    """Create a scenario: adjustments of schedule rows and hypothetical one-off rows."""
    scenario = services.scenario_create(
        user=request.user, **sent_fields(payload, required=("name",))
    )
    return 201, selectors.scenario_get(user=request.user, scenario_id=scenario.pk)


@router.get("scenarios/{int:scenario_id}", response=ScenarioOut, url_name="scenario")
def scenario_detail(request, scenario_id: int):
    """One scenario with its rows."""
    return selectors.scenario_get(user=request.user, scenario_id=scenario_id)


@router.patch("scenarios/{int:scenario_id}", response=ScenarioOut, url_name="scenario")
def scenario_update(request, scenario_id: int, payload: ScenarioIn):
    """Change the fields sent; ``rows``, when sent, replaces all the rows."""
    services.scenario_update(user=request.user, scenario_id=scenario_id, **sent_fields(payload))
    return selectors.scenario_get(user=request.user, scenario_id=scenario_id)


@router.delete("scenarios/{int:scenario_id}", response={204: None}, url_name="scenario")
def scenario_delete(request, scenario_id: int):
    """Delete a scenario with its rows."""
    services.scenario_delete(user=request.user, scenario_id=scenario_id)
    return 204, None


@router.get(
    "scenarios/{int:scenario_id}/compare", response=ComparisonOut, url_name="scenario-compare"
)
def scenario_compare(request, scenario_id: int, window: Query[Window]):
    """The base forecast's and the scenario's balances side by side, with the difference."""
    result = selectors.scenario_compare(
        user=request.user, scenario_id=scenario_id, **window.selector_arguments()
    )
    return result.as_dict()
