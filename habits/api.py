"""Habits over JSON: habits with their streaks and completion, and their daily logs.

Thin endpoints over ``habits.services`` and ``habits.selectors``: they parse,
call one function and serialize. Bad input is a 400 naming the field
(``HabitValidationError``); a missing or another user's habit is a 404.
"""

import datetime
from typing import Annotated, Any

from ninja import Router, Schema
from pydantic import WithJsonSchema

from habits import selectors, services
from lifeos.api import DateText, Flag, Id, MoneyOut, OptionalText, Text, sent_fields

router = Router(tags=["habits"])

# A log's measured value, validated by the service (so its message names ``value``).
LogValue = Annotated[
    Any,
    WithJsonSchema(
        {
            "type": ["string", "number", "null"],
            "pattern": r"^-?\d+(\.\d{1,2})?$",
            "examples": ["7.5"],
            "description": "A number with at most two decimals, below 10^8 in size.",
        }
    ),
]


class HabitIn(Schema):
    name: Text = None
    description: OptionalText = None
    domain_link: OptionalText = None
    schedule_type: Text = None
    target_count: Id = None
    time_of_day: OptionalText = None
    difficulty: OptionalText = None
    is_active: Flag = None


class HabitOut(Schema):
    id: int
    name: str
    description: str | None
    domain_link: str | None
    schedule_type: str
    target_count: int | None
    time_of_day: str | None
    difficulty: str | None
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    current_streak: int
    best_streak: int
    done_today: bool
    completion_7d: float | None
    completion_30d: float | None


class HabitLogIn(Schema):
    """``logged_date`` defaults to your today; ``value`` is a decimal (string or number)."""

    logged_date: DateText = None
    value: LogValue = None
    note: OptionalText = None


class HabitLogOut(Schema):
    id: int
    habit_id: int
    logged_date: datetime.date
    value: MoneyOut | None
    note: str | None
    created_at: datetime.datetime
    habit: HabitOut


@router.get("", response=list[HabitOut], url_name="habits")
def habit_list(request, active: str = ""):
    """Your habits with their streaks and completion, by name. ``active``: true or false."""
    return selectors.habit_list(user=request.user, active=active)


@router.post("", response={201: HabitOut}, url_name="habits")
def habit_create(request, payload: HabitIn):
    """Create a habit: ``schedule_type`` daily (default) or weekly with a ``target_count``."""
    habit = services.habit_create(user=request.user, **sent_fields(payload))
    return 201, selectors.habit_get(user=request.user, habit_id=habit.pk)


@router.get("{int:habit_id}", response=HabitOut, url_name="habit")
def habit_detail(request, habit_id: int):
    """One habit with its streaks and completion."""
    return selectors.habit_get(user=request.user, habit_id=habit_id)


@router.patch("{int:habit_id}", response=HabitOut, url_name="habit")
def habit_update(request, habit_id: int, payload: HabitIn):
    """Change the fields sent."""
    services.habit_update(user=request.user, habit_id=habit_id, **sent_fields(payload))
    return selectors.habit_get(user=request.user, habit_id=habit_id)


@router.delete("{int:habit_id}", response={204: None}, url_name="habit")
def habit_delete(request, habit_id: int):
    """Delete a habit with its logs."""
    services.habit_delete(user=request.user, habit_id=habit_id)
    return 204, None


@router.post("{int:habit_id}/logs", response={200: HabitLogOut, 201: HabitLogOut}, url_name="logs")
def habit_log(request, habit_id: int, payload: HabitLogIn):
    """Log the habit done on ``logged_date`` (default: your today).

    201 with a new log; 200 when the habit already had a log of that date, which
    is updated with the fields sent. The answer carries the habit's new figures.
    """
    log, created = services.habit_log_record(
        user=request.user, habit_id=habit_id, **sent_fields(payload)
    )
    data = {
        **selectors.habit_log_data(log),
        "habit": selectors.habit_get(user=request.user, habit_id=habit_id),
    }
    return (201 if created else 200), data
