"""Reads of the health domain: lists of measurements, workouts and meals, the summary.

Conventions (shared with ``health.services``):

- Bad input raises ``HealthValidationError``, a Django ``ValidationError``
  whose ``message_dict`` is keyed by the API's field name (``from``, ``to``,
  ``period``, ``date``, ``weight``...).
- A path id (a biometric's, a workout's, a meal's) that is missing or another
  user's raises the model's ``DoesNotExist``: the same for both.
- Every row has a ``date`` column: the user's local date of the row (the
  services default it to ``lifeos.dates.user_today``), so periods are ranges of
  that column and "today" is the user's local today.
- Rows of the original application read as it meant them: its older columns
  stand in for the current ones when those are empty (see ``weight_value``,
  ``workout_type_value``, ``workout_calories_value``, ``meal_calories_value``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.db.models import Case, CharField, Count, DecimalField, F, Q, Sum, TextField, Value, When
from django.db.models.functions import Coalesce, NullIf

from health.models import Biometric, NutritionLog, Workout
from lifeos import inputs
from lifeos.dates import user_today
from lifeos.inputs import FieldError
from lifeos.money import CENT, MoneySum

__all__ = [
    "PERIODS",
    "UNSPECIFIED_TYPE",
    "HealthValidationError",
    "Summary",
    "biometric_data",
    "biometric_get",
    "biometric_list",
    "health_summary",
    "nutrition_log_data",
    "nutrition_log_get",
    "nutrition_log_list",
    "parse_date",
    "period_bounds",
    "today_view",
    "weight_before",
    "workout_data",
    "workout_get",
    "workout_list",
]

PERIODS = ("day", "week")
# The key of workouts whose type is unknown (legacy rows with neither type column).
UNSPECIFIED_TYPE = "unspecified"
ZERO = Decimal("0.00")
MEASURE_FIELD = DecimalField(max_digits=10, decimal_places=2)


class HealthValidationError(FieldError):
    """Bad health input; ``message_dict`` maps each field (the API's name) to its messages."""


parse_date = partial(inputs.parse_date, error=HealthValidationError)


def _date_range(date_from, date_to):
    """(from, to): optional dates, ``to`` not before ``from``."""
    start = parse_date(date_from, field_name="from", required=False)
    end = parse_date(date_to, field_name="to", required=False)
    if start is not None and end is not None and end < start:
        raise HealthValidationError("to", f"{end} is before from ({start}).")
    return start, end


def _in_range(queryset, start, end):
    if start is not None:
        queryset = queryset.filter(date__gte=start)
    if end is not None:
        queryset = queryset.filter(date__lte=end)
    return queryset


# Values of the original application's rows ------------------------------------------


def weight_value():
    """The weight: ``weight``, else ``value`` of an older row whose ``metric`` is weight."""
    return Case(
        When(weight__isnull=False, then=F("weight")),
        When(Q(metric__iexact="weight") & Q(value__isnull=False), then=F("value")),
        default=None,
        output_field=MEASURE_FIELD,
    )


def workout_type_value():
    """The type: ``workout_type``, else the older ``activity``; blanks are unknown."""
    return Coalesce(
        NullIf(F("workout_type"), Value("")),
        NullIf(F("activity"), Value("")),
        output_field=CharField(),
    )


def workout_calories_value():
    """Calories burnt: ``calories_est``, else the older ``calories``."""
    return Coalesce(F("calories_est"), F("calories"), output_field=MEASURE_FIELD)


def meal_calories_value():
    """Calories eaten: ``calories_est``, else the older ``calories`` (whose 0 is its default)."""
    return Coalesce(
        F("calories_est"),
        NullIf(F("calories"), Value(0)),
        output_field=MEASURE_FIELD,
    )


def _biometrics(user):
    return Biometric.objects.for_user(user).annotate(weight_kg=weight_value())


def _workouts(user):
    return Workout.objects.for_user(user).annotate(
        type_value=workout_type_value(), calories_value=workout_calories_value()
    )


def _meals(user):
    return NutritionLog.objects.for_user(user).annotate(
        calories_value=meal_calories_value(),
        items_value=NullIf(
            Coalesce(NullIf(F("items"), Value("")), F("meal"), output_field=TextField()),
            Value(""),
            output_field=TextField(),
        ),
    )


def _two_places(value):
    """A numeric(…, 2) value as a two-place Decimal (SQLite returns 81 for 81.00), or None."""
    return None if value is None else Decimal(value).quantize(CENT)


# Rows ----------------------------------------------------------------------------


def biometric_data(row):
    """A biometric as the API shows it (``row`` from ``biometric_get`` or the list)."""
    weight = _two_places(getattr(row, "weight_kg", row.weight))
    return {
        "id": row.pk,
        "date": row.date,
        "weight": weight,
        "body_fat_pct": _two_places(row.body_fat_pct),
        "resting_hr": row.resting_hr,
        "energy_level": row.energy_level,
        "stress_level": row.stress_level,
        "notes": row.notes,
    }


def workout_data(row):
    """A workout as the API shows it."""
    return {
        "id": row.pk,
        "date": row.date,
        "workout_type": getattr(row, "type_value", row.workout_type),
        "duration_minutes": row.duration_minutes,
        "intensity": row.intensity,
        "calories_est": _two_places(getattr(row, "calories_value", row.calories_est)),
        "notes": row.notes,
    }


def nutrition_log_data(row):
    """A meal as the API shows it."""
    return {
        "id": row.pk,
        "date": row.date,
        "meal_type": row.meal_type,
        "items": getattr(row, "items_value", row.items),
        "calories_est": _two_places(getattr(row, "calories_value", row.calories_est)),
        "quality_score": row.quality_score,
    }


def biometric_list(*, user, date_from="", date_to=""):
    """The user's measurements dated ``from``..``to`` (inclusive, each optional), by date."""
    start, end = _date_range(date_from, date_to)
    rows = _in_range(_biometrics(user), start, end).order_by("date", "pk")
    return [biometric_data(row) for row in rows]


def workout_list(*, user, date_from="", date_to="", workout_type=""):
    """The user's workouts dated ``from``..``to``, optionally of one type, by date."""
    start, end = _date_range(date_from, date_to)
    rows = _in_range(_workouts(user), start, end)
    if workout_type:
        rows = rows.filter(type_value=workout_type.strip())
    return [workout_data(row) for row in rows.order_by("date", "pk")]


def nutrition_log_list(*, user, date_from="", date_to="", meal_type=""):
    """The user's meals dated ``from``..``to``, optionally of one meal type, by date."""
    start, end = _date_range(date_from, date_to)
    rows = _in_range(_meals(user), start, end)
    if meal_type:
        rows = rows.filter(meal_type=meal_type.strip())
    return [nutrition_log_data(row) for row in rows.order_by("date", "pk")]


def biometric_get(*, user, biometric_id):
    """One of the user's measurements; ``Biometric.DoesNotExist`` otherwise."""
    return _biometrics(user).get(pk=biometric_id)


def workout_get(*, user, workout_id):
    """One of the user's workouts; ``Workout.DoesNotExist`` otherwise."""
    return _workouts(user).get(pk=workout_id)


def nutrition_log_get(*, user, nutrition_log_id):
    """One of the user's meals; ``NutritionLog.DoesNotExist`` otherwise."""
    return _meals(user).get(pk=nutrition_log_id)


def weight_before(*, user, day):
    """(weight, date) of the user's latest weight measured before ``day``, or (None, None)."""
    return _latest_weight(user, before=day)


# Summary -------------------------------------------------------------------------


def period_bounds(period, day):
    """The first and last dates of the ``period`` (day, or ISO week Monday..Sunday) of ``day``."""
    if period == "day":
        return day, day
    monday = day - datetime.timedelta(days=day.weekday())
    if monday > datetime.date.max - datetime.timedelta(days=6):
        raise HealthValidationError(
            "date", f"The week of {day} ends after 9999-12-31: give an earlier date."
        )
    return monday, monday + datetime.timedelta(days=6)


@dataclass
class Summary:
    """A period's health figures; ``as_dict`` is the API's JSON."""

    period: str
    date: datetime.date
    start: datetime.date
    end: datetime.date
    workouts: int
    workout_minutes: int
    workout_minutes_by_type: dict
    calories_burned: Decimal
    meals: int
    calories_eaten: Decimal
    average_quality_score: Decimal | None
    average_energy_level: Decimal | None
    average_stress_level: Decimal | None
    latest_weight: Decimal | None
    latest_weight_date: datetime.date | None
    weight_change: Decimal | None

    def as_dict(self):
        data = dict(self.__dict__)
        data["from"] = data.pop("start")
        data["to"] = data.pop("end")
        return data


def _average(total, count):
    """``total / count`` to two decimal places, or None when nothing was counted."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(CENT)


def _latest_weight(user, *, on_or_before=None, before=None):
    """(weight, date) of the user's latest weight measurement in the range, or (None, None)."""
    rows = _biometrics(user).filter(weight_kg__isnull=False)
    if on_or_before is not None:
        rows = rows.filter(date__lte=on_or_before)
    if before is not None:
        rows = rows.filter(date__lt=before)
    row = rows.order_by("-date", "-pk").values("weight_kg", "date").first()
    return (_two_places(row["weight_kg"]), row["date"]) if row else (None, None)


def health_summary(*, user, period="day", date=""):
    """The health figures of the user's ``period`` (``day`` or ISO ``week``) containing ``date``.

    ``date`` defaults to the user's local today. Figures (each over the rows
    dated in the period):

    - ``workouts``, ``workout_minutes`` and ``workout_minutes_by_type``
      (``{"run": 45}``; a workout of unknown type counts as "unspecified");
      ``calories_burned``, the workouts' estimates (rows without one add 0);
    - ``meals``, ``calories_eaten`` (the meals' estimates) and
      ``average_quality_score``, the meals' 1-5 ``quality_score`` averaged over
      the meals that have one (None when none has);
    - ``average_energy_level``, ``average_stress_level``: the same for the
      biometrics' 1-5 levels;
    - ``latest_weight`` (and its date): the most recent weight measured up to
      the period's last day, and ``weight_change``: it minus the latest one
      measured before the period's first day (None when either is missing).

    Five queries, whatever the number of rows.
    """
    if period in (None, ""):
        period = "day"
    if period not in PERIODS:
        raise HealthValidationError(
            "period", f"Unknown period {period!r}; use one of: {', '.join(PERIODS)}."
        )
    day = parse_date(date, field_name="date", required=False) or user_today(user)
    start, end = period_bounds(period, day)

    by_type = (
        _in_range(_workouts(user), start, end)
        .values("type_value")
        .annotate(
            minutes=Sum("duration_minutes"), calories=MoneySum("calories_value"), count=Count("pk")
        )
        .order_by("type_value")
    )
    minutes_by_type = {}
    workouts, calories_burned = 0, ZERO
    for group in by_type:
        key = group["type_value"] or UNSPECIFIED_TYPE
        minutes_by_type[key] = minutes_by_type.get(key, 0) + (group["minutes"] or 0)
        workouts += group["count"]
        calories_burned += group["calories"] or ZERO

    meals = _in_range(_meals(user), start, end).aggregate(
        count=Count("pk"),
        calories=MoneySum("calories_value"),
        quality_total=Sum("quality_score"),
        quality_count=Count("quality_score"),
    )
    levels = _in_range(Biometric.objects.for_user(user), start, end).aggregate(
        energy_total=Sum("energy_level"),
        energy_count=Count("energy_level"),
        stress_total=Sum("stress_level"),
        stress_count=Count("stress_level"),
    )
    latest, latest_date = _latest_weight(user, on_or_before=end)
    previous, _ = _latest_weight(user, before=start)
    change = None if latest is None or previous is None else latest - previous

    return Summary(
        period=period,
        date=day,
        start=start,
        end=end,
        workouts=workouts,
        workout_minutes=sum(minutes_by_type.values()),
        workout_minutes_by_type=minutes_by_type,
        calories_burned=calories_burned.quantize(CENT),
        meals=meals["count"],
        calories_eaten=(meals["calories"] or ZERO).quantize(CENT),
        average_quality_score=_average(meals["quality_total"], meals["quality_count"]),
        average_energy_level=_average(levels["energy_total"], levels["energy_count"]),
        average_stress_level=_average(levels["stress_total"], levels["stress_count"]),
        latest_weight=latest,
        latest_weight_date=latest_date,
        weight_change=change,
    )


# Today ---------------------------------------------------------------------------


def today_view(*, user, today=None):
    """The health part of the morning view: today's workout minutes and the latest weight.

    ``{"health": {"workout_minutes_today": n, "latest_weight": Decimal or None}}``
    (the latest weight measured on or before ``today``, the user's local date).
    Two queries.
    """
    today = today or user_today(user)
    minutes = (
        Workout.objects.for_user(user)
        .filter(date=today)
        .aggregate(total=Sum("duration_minutes"))["total"]
    )
    weight, _ = _latest_weight(user, on_or_before=today)
    return {"health": {"workout_minutes_today": minutes or 0, "latest_weight": weight}}
