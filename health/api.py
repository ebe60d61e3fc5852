"""Health over JSON: biometrics, workouts and meals, and the day's or week's summary.

Thin endpoints over ``health.services`` and ``health.selectors``: they parse,
call one function and serialize. Bad input is a 400 naming the field (the
``HealthValidationError`` of the services and selectors); a missing or another
user's id is a 404. Dates are the user's local dates (``user.timezone``).
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Query, Router, Schema
from pydantic import WithJsonSchema

from health import selectors, services
from lifeos.api import OptionalDateText, OptionalText, Text, sent_fields

router = Router(tags=["health"])


def _number(description):
    """A decimal input (a string, or a JSON number read exactly) the service checks."""
    schema = {"type": ["string", "number", "null"], "description": description}
    return Annotated[Any, WithJsonSchema(schema)]


def _whole(description):
    """A whole-number input the service checks."""
    return Annotated[Any, WithJsonSchema({"type": ["integer", "null"], "description": description})]


# Biometrics --------------------------------------------------------------------------


class BiometricIn(Schema):
    """A day's measurements; each optional. ``date`` defaults to your local today."""

    date: OptionalDateText = None
    weight: _number("kg, 0.01 to 999.99, two decimals") = None
    body_fat_pct: _number("percent, 0 to 100") = None
    resting_hr: _whole("beats per minute, 1 to 300") = None
    energy_level: _whole("1 (low) to 5 (high)") = None
    stress_level: _whole("1 (low) to 5 (high)") = None
    notes: OptionalText = None


class BiometricOut(Schema):
    id: int
    date: datetime.date
    weight: Decimal | None
    body_fat_pct: Decimal | None
    resting_hr: int | None
    energy_level: int | None
    stress_level: int | None
    notes: str | None


# Workouts ------------------------------------------------------------------------------


class WorkoutIn(Schema):
    """A workout: ``workout_type`` and ``duration_minutes`` are required on creation."""

    date: OptionalDateText = None
    workout_type: Text = None
    duration_minutes: _whole("1 to 1440") = None
    intensity: OptionalText = Field(None, description="low, medium or high")
    calories_est: _number("calories burnt (estimate), 0 to 99999.99") = None
    notes: OptionalText = None


class WorkoutOut(Schema):
    id: int
    date: datetime.date
    workout_type: str | None
    duration_minutes: int
    intensity: str | None
    calories_est: Decimal | None
    notes: str | None


# Nutrition -----------------------------------------------------------------------------


class NutritionLogIn(Schema):
    """A meal; each field optional. ``date`` defaults to your local today."""

    date: OptionalDateText = None
    meal_type: OptionalText = Field(None, description="breakfast, lunch, dinner, snack or other")
    items: OptionalText = None
    calories_est: _number("calories eaten (estimate), 0 to 99999.99") = None
    quality_score: _whole("1 (poor) to 5 (excellent)") = None


class NutritionLogOut(Schema):
    id: int
    date: datetime.date
    meal_type: str | None
    items: str | None
    calories_est: Decimal | None
    quality_score: int | None


# Summary -------------------------------------------------------------------------------


class SummaryOut(Schema):
    period: str
    date: datetime.date
    from_: datetime.date = Field(alias="from")
    to: datetime.date
    workouts: int
    workout_minutes: int
    workout_minutes_by_type: dict[str, int]
    calories_burned: Decimal
    meals: int
    calories_eaten: Decimal
    average_quality_score: Decimal | None
    average_energy_level: Decimal | None
    average_stress_level: Decimal | None
    latest_weight: Decimal | None
    latest_weight_date: datetime.date | None
    weight_change: Decimal | None

    model_config = {"populate_by_name": True}


class Dates(Schema):
    """``from`` and ``to`` (YYYY-MM-DD, inclusive, each optional)."""

    date_from: str = Query("", alias="from", description="first date, YYYY-MM-DD")
    date_to: str = Query("", alias="to", description="last date, YYYY-MM-DD")

    def selector_arguments(self):
        return {"date_from": self.date_from, "date_to": self.date_to}


@router.get("biometrics", response=list[BiometricOut], url_name="health-biometrics")
def biometric_list(request, dates: Query[Dates]):
    """Your measurements dated ``from``..``to``, oldest first."""
    return selectors.biometric_list(user=request.user, **dates.selector_arguments())


@router.post("biometrics", response={201: BiometricOut}, url_name="health-biometrics")
def biometric_create(request, payload: BiometricIn):
    """Record measurements."""
    row = services.biometric_create(user=request.user, **sent_fields(payload))
    return 201, selectors.biometric_data(row)


@router.get("biometrics/{int:biometric_id}", response=BiometricOut, url_name="health-biometric")
def biometric_detail(request, biometric_id: int):
    """One measurement."""
    return selectors.biometric_data(
        selectors.biometric_get(user=request.user, biometric_id=biometric_id)
    )


@router.patch("biometrics/{int:biometric_id}", response=BiometricOut, url_name="health-biometric")
def biometric_update(request, biometric_id: int, payload: BiometricIn):
    """Change the fields sent (``null`` clears an optional one)."""
    services.biometric_update(user=request.user, biometric_id=biometric_id, **sent_fields(payload))
    return biometric_detail(request, biometric_id)


@router.delete("biometrics/{int:biometric_id}", response={204: None}, url_name="health-biometric")
def biometric_delete(request, biometric_id: int):
    """Delete a measurement."""
    services.biometric_delete(user=request.user, biometric_id=biometric_id)
    return 204, None


@router.get("workouts", response=list[WorkoutOut], url_name="health-workouts")
def workout_list(request, dates: Query[Dates], type: str = ""):
    """Your workouts dated ``from``..``to``, oldest first; ``type`` keeps one workout type."""
    return selectors.workout_list(
        user=request.user, workout_type=type, **dates.selector_arguments()
    )


@router.post("workouts", response={201: WorkoutOut}, url_name="health-workouts")
def workout_create(request, payload: WorkoutIn):
    """Record a workout."""
    row = services.workout_create(user=request.user, **sent_fields(payload))
    return 201, selectors.workout_data(row)


@router.get("workouts/{int:workout_id}", response=WorkoutOut, url_name="health-workout")
def workout_detail(request, workout_id: int):
    """One workout."""
    return selectors.workout_data(selectors.workout_get(user=request.user, workout_id=workout_id))


@router.patch("workouts/{int:workout_id}", response=WorkoutOut, url_name="health-workout")
def workout_update(request, workout_id: int, payload: WorkoutIn):
    """Change the fields sent."""
    services.workout_update(user=request.user, workout_id=workout_id, **sent_fields(payload))
    return workout_detail(request, workout_id)


@router.delete("workouts/{int:workout_id}", response={204: None}, url_name="health-workout")
def workout_delete(request, workout_id: int):
    """Delete a workout."""
    services.workout_delete(user=request.user, workout_id=workout_id)
    return 204, None


@router.get("nutrition", response=list[NutritionLogOut], url_name="health-nutrition")
def nutrition_list(request, dates: Query[Dates], meal_type: str = ""):
    """Your meals dated ``from``..``to``, oldest first; ``meal_type`` keeps one meal type."""
    return selectors.nutrition_log_list(
        user=request.user, meal_type=meal_type, **dates.selector_arguments()
    )


@router.post("nutrition", response={201: NutritionLogOut}, url_name="health-nutrition")
def nutrition_create(request, payload: NutritionLogIn):
    """Record a meal."""
    row = services.nutrition_log_create(user=request.user, **sent_fields(payload))
    return 201, selectors.nutrition_log_data(row)


@router.get("nutrition/{int:nutrition_log_id}", response=NutritionLogOut, url_name="health-meal")
def nutrition_detail(request, nutrition_log_id: int):
    """One meal."""
    return selectors.nutrition_log_data(
        selectors.nutrition_log_get(user=request.user, nutrition_log_id=nutrition_log_id)
    )


@router.patch("nutrition/{int:nutrition_log_id}", response=NutritionLogOut, url_name="health-meal")
def nutrition_update(request, nutrition_log_id: int, payload: NutritionLogIn):
    """Change the fields sent."""
    services.nutrition_log_update(
        user=request.user, nutrition_log_id=nutrition_log_id, **sent_fields(payload)
    )
    return nutrition_detail(request, nutrition_log_id)


@router.delete("nutrition/{int:nutrition_log_id}", response={204: None}, url_name="health-meal")
def nutrition_delete(request, nutrition_log_id: int):
    """Delete a meal."""
    services.nutrition_log_delete(user=request.user, nutrition_log_id=nutrition_log_id)
    return 204, None


@router.get("summary", response=SummaryOut, by_alias=True, url_name="health-summary")
def summary(
    request,
    period: str = Query("day", description="day, or week (ISO: Monday to Sunday)"),
    date: str = Query("", description="a day of the period, YYYY-MM-DD (default: your today)"),
):
    """Workout minutes by type, calories eaten and burnt, average scores, latest weight.

    Over the rows dated in the period; ``latest_weight`` is the most recent
    weight up to the period's end, ``weight_change`` it minus the latest one
    before the period's start (null when either is missing).
    """
    return selectors.health_summary(user=request.user, period=period, date=date).as_dict()
