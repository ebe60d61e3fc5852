"""Writes of the health domain: biometrics, workouts and meals (create, update, delete).

Errors follow ``health.selectors``: ``HealthValidationError`` keyed by the API's
field name for bad input (every bad field named at once, nothing written), the
model's ``DoesNotExist`` for a path id that is missing or another user's.

``date`` defaults to the user's local today (``lifeos.dates.user_today``), not
the database's ``CURRENT_DATE`` (the server's date). Writing a current column
of a row the original application wrote with its older columns (``metric`` and
``value``, ``activity``, ``meal``, ``calories``) resets the older one to its
default, so that it no longer stands in for the value written
(``health.selectors``).
"""

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction

from health.models import Biometric, Intensity, MealType, NutritionLog, Workout
from health.selectors import HealthValidationError, parse_date
from lifeos.dates import user_today
from lifeos.inputs import FieldErrors

__all__ = [
    "BIOMETRIC_FIELDS",
    "NUTRITION_LOG_FIELDS",
    "WORKOUT_FIELDS",
    "biometric_create",
    "biometric_delete",
    "biometric_update",
    "clean_biometric",
    "clean_nutrition_log",
    "clean_workout",
    "nutrition_log_create",
    "nutrition_log_delete",
    "nutrition_log_update",
    "workout_create",
    "workout_delete",
    "workout_update",
]

# Application limits on free text, so a typo cannot store megabytes.
NOTES_MAX_LENGTH = 10_000
TYPE_MAX_LENGTH = Workout._meta.get_field("workout_type").max_length
# The longest workout: a day.
MAX_WORKOUT_MINUTES = 24 * 60

BIOMETRIC_FIELDS = (
    "date",
    "weight",
    "body_fat_pct",
    "resting_hr",
    "energy_level",
    "stress_level",
    "notes",
)
WORKOUT_FIELDS = (
    "date",
    "workout_type",
    "duration_minutes",
    "intensity",
    "calories_est",
    "notes",
)
NUTRITION_LOG_FIELDS = ("date", "meal_type", "items", "calories_est", "quality_score")

# Current column -> the older columns it replaces, and their defaults.
LEGACY_RESETS = {
    Biometric: {"weight": {"metric": "", "value": Decimal("0")}},
    Workout: {"workout_type": {"activity": ""}, "calories_est": {"calories": None}},
    NutritionLog: {"items": {"meal": ""}, "calories_est": {"calories": Decimal("0")}},
}


# Parsing ---------------------------------------------------------------------------


def _decimal(value, *, field_name, low, high, places=2):
    """A decimal in ``low``..``high`` with at most ``places`` decimals, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        raise HealthValidationError(field_name, 'Give a number as a decimal string, e.g. "81.5".')
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise HealthValidationError(field_name, f"{value!r} is not a number.") from None
    if not number.is_finite():
        raise HealthValidationError(field_name, f"{value!r} is not a number.")
    if not low <= number <= high:
        raise HealthValidationError(field_name, f"Give a number from {low} to {high}.")
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        raise HealthValidationError(field_name, f"{value} has more than {places} decimal places.")
    return number.quantize(quantum)


def _whole(value, *, field_name, low, high):
    """A whole number in ``low``..``high`` (an int, an integral decimal or digits), or None."""
    if value is None or value == "":
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,11}", value.strip()):
        number = int(value.strip())
    if number is None:
        raise HealthValidationError(field_name, f"{value!r} is not a whole number.")
    if not low <= number <= high:
        raise HealthValidationError(field_name, f"Give a whole number from {low} to {high}.")
    return number


def _text(value, *, field_name, max_length=NOTES_MAX_LENGTH):
    """Text or None; surrounding space dropped, blank stored as NULL."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise HealthValidationError(field_name, "Give text.")
    value = value.strip()
    if len(value) > max_length:
        raise HealthValidationError(
            field_name, f"Use at most {max_length:,} characters (it has {len(value):,})."
        )
    return value or None


def _choice(value, *, field_name, choices):
    """One of ``choices`` (values of a TextChoices) or None."""
    if value is None or value == "":
        return None
    if value not in choices.values:
        raise HealthValidationError(
            field_name, f"Unknown value {value!r}; use one of: {', '.join(choices.values)}."
        )
    return value


def _date(value, *, field_name):
    return parse_date(value, field_name=field_name)


def _score(value, *, field_name):
    return _whole(value, field_name=field_name, low=1, high=5)


BIOMETRIC_PARSERS = {
    "date": (_date, {}),
    "weight": (_decimal, {"low": Decimal("0.01"), "high": Decimal("999.99")}),
    "body_fat_pct": (_decimal, {"low": Decimal("0"), "high": Decimal("100")}),
    "resting_hr": (_whole, {"low": 1, "high": 300}),
    "energy_level": (_score, {}),
    "stress_level": (_score, {}),
    "notes": (_text, {}),
}
WORKOUT_PARSERS = {
    "date": (_date, {}),
    "workout_type": (_text, {"max_length": TYPE_MAX_LENGTH}),
    "duration_minutes": (_whole, {"low": 1, "high": MAX_WORKOUT_MINUTES}),
    "intensity": (_choice, {"choices": Intensity}),
    "calories_est": (_decimal, {"low": Decimal("0"), "high": Decimal("99999.99")}),
    "notes": (_text, {}),
}
NUTRITION_LOG_PARSERS = {
    "date": (_date, {}),
    "meal_type": (_choice, {"choices": MealType}),
    "items": (_text, {}),
    "calories_est": (_decimal, {"low": Decimal("0"), "high": Decimal("99999.99")}),
    "quality_score": (_score, {}),
}


def _clean(*, parsers, required, fields, creating):
    """``fields`` checked and parsed by ``parsers``; ``required`` fields may not be empty."""
    errors = FieldErrors(HealthValidationError)
    errors.refuse_unknown(fields, parsers)
    for name in required:
        # A create needs them; an update may leave them out but not clear them.
        if (creating or name in fields) and fields.get(name) in (None, ""):
            errors.add(name, "This field is required.")
    cleaned = {}
    for name, value in fields.items():
        if name in errors.messages:
            continue
        parse, options = parsers[name]
        cleaned[name] = errors.check(parse, value, name, **options)
        if name in required and cleaned[name] is None and name not in errors.messages:
            errors.add(name, "This field is required.")  # blank text
    errors.raise_any()
    return cleaned


def clean_biometric(*, fields, creating=True):
    """A measurement's fields checked: weight 0.01-999.99 kg, body fat 0-100 %, resting heart
    rate 1-300, energy and stress levels 1-5, all optional; ``date`` a date."""
    return _clean(parsers=BIOMETRIC_PARSERS, required=(), fields=fields, creating=creating)


def clean_workout(*, fields, creating=True):
    """A workout's fields checked: ``workout_type`` (text, required) and ``duration_minutes``
    (1-1440, required); ``intensity`` low, medium or high; ``calories_est`` 0-99999.99."""
    return _clean(
        parsers=WORKOUT_PARSERS,
        required=("workout_type", "duration_minutes"),
        fields=fields,
        creating=creating,
    )


def clean_nutrition_log(*, fields, creating=True):
    """A meal's fields checked: ``meal_type`` one of the meal types, ``calories_est``
    0-99999.99, ``quality_score`` 1-5, all optional."""
    return _clean(parsers=NUTRITION_LOG_PARSERS, required=(), fields=fields, creating=creating)


# Writes ----------------------------------------------------------------------------


def _without_date_none(fields):
    # ``date`` is required in the column; a create without one is today's.
    return {name: value for name, value in fields.items() if not (name == "date" and not value)}


def _create(model, clean, *, user, fields):
    cleaned = clean(fields=_without_date_none(fields), creating=True)
    cleaned.setdefault("date", user_today(user))
    with transaction.atomic():
        return model.objects.create(user=user, **cleaned)


def _update(model, clean, *, user, row_id, fields):
    with transaction.atomic():
        row = model.objects.for_user(user).select_for_update().get(pk=row_id)
        if "date" in fields and fields["date"] in (None, ""):
            raise HealthValidationError("date", "This field is required.")
        cleaned = clean(fields=fields, creating=False)
        for name, value in cleaned.items():
            setattr(row, name, value)
            for legacy, default in LEGACY_RESETS[model].get(name, {}).items():
                setattr(row, legacy, default)
        row.save()
        return row


def _delete(model, *, user, row_id):
    with transaction.atomic():
        deleted, _ = model.objects.for_user(user).filter(pk=row_id).delete()
        if not deleted:
            raise model.DoesNotExist(f"{model._meta.verbose_name} {row_id} does not exist.")


def biometric_create(*, user, **fields):
    """A new measurement of ``user`` (see ``clean_biometric``); ``date`` defaults to today."""
    return _create(Biometric, clean_biometric, user=user, fields=fields)


def biometric_update(*, user, biometric_id, **fields):
    """Change the fields given of one of ``user``'s measurements."""
    return _update(Biometric, clean_biometric, user=user, row_id=biometric_id, fields=fields)


def biometric_delete(*, user, biometric_id):
    """Delete one of ``user``'s measurements."""
    _delete(Biometric, user=user, row_id=biometric_id)


def workout_create(*, user, **fields):
    """A new workout of ``user`` (see ``clean_workout``); ``date`` defaults to today."""
    return _create(Workout, clean_workout, user=user, fields=fields)


def workout_update(*, user, workout_id, **fields):
    """Change the fields given of one of ``user``'s workouts."""
    return _update(Workout, clean_workout, user=user, row_id=workout_id, fields=fields)


def workout_delete(*, user, workout_id):
    """Delete one of ``user``'s workouts."""
    _delete(Workout, user=user, row_id=workout_id)


def nutrition_log_create(*, user, **fields):
    """A new meal of ``user`` (see ``clean_nutrition_log``); ``date`` defaults to today."""
    return _create(NutritionLog, clean_nutrition_log, user=user, fields=fields)


def nutrition_log_update(*, user, nutrition_log_id, **fields):
    """Change the fields given of one of ``user``'s meals."""
    return _update(
        NutritionLog, clean_nutrition_log, user=user, row_id=nutrition_log_id, fields=fields
    )


def nutrition_log_delete(*, user, nutrition_log_id):
    """Delete one of ``user``'s meals."""
    _delete(NutritionLog, user=user, row_id=nutrition_log_id)
