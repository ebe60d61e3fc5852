"""Writes of the habits app: habits and their daily logs.

Errors: ``HabitValidationError`` keyed by the API's field names for bad input
(nothing is written), ``Habit.DoesNotExist`` for a habit id that is missing or
another user's (the same for both).

One log per habit and day
-------------------------
The legacy table has no unique constraint on (habit, logged_date), so the rule
lives here: ``habit_log_record`` locks the habit row (``SELECT ... FOR
UPDATE`` on PostgreSQL; SQLite serializes writers) and updates the day's
existing log instead of adding a second one. Where the original application
left duplicates, the first (lowest id) is the one updated; the selectors count
the day once.
"""

import datetime
from decimal import Decimal, InvalidOperation
from functools import partial

from django.db import IntegrityError, transaction

from habits.models import Habit, HabitLog, ScheduleType
from habits.selectors import HabitValidationError, is_weekly, path_id
from lifeos import inputs
from lifeos.dates import user_today
from lifeos.inputs import FieldErrors

__all__ = [
    "HABIT_FIELDS",
    "clean_habit",
    "habit_create",
    "habit_delete",
    "habit_log_record",
    "habit_update",
]

HABIT_FIELDS = (
    "name",
    "description",
    "domain_link",
    "schedule_type",
    "target_count",
    "time_of_day",
    "difficulty",
    "is_active",
)
LOG_FIELDS = ("logged_date", "value", "note")
# Application limits on text columns, so a typo cannot store megabytes.
DESCRIPTION_MAX_LENGTH = 10_000
NOTE_MAX_LENGTH = 2000
# Most a target can ask: distinct days in a week for a weekly habit; an
# application bound for a daily one (whose figures do not use it).
WEEKLY_TARGET_MAX = 7
DAILY_TARGET_MAX = 1000
# numeric(10, 2): less than 10^8.
VALUE_LIMIT = Decimal("1e8")
CENT = Decimal("0.01")


def _field(name):
    return Habit._meta.get_field(name)


# Parsing ---------------------------------------------------------------------------


parse_text = partial(inputs.parse_text, error=HabitValidationError)


def parse_flag(value, *, field_name):
    if not isinstance(value, bool):
        raise HabitValidationError(field_name, "Give true or false.")
    return value


def parse_schedule_type(value, *, field_name):
    if value not in ScheduleType.values:
        raise HabitValidationError(
            field_name,
            f"Unknown schedule type {value!r}; use one of: {', '.join(ScheduleType.values)}.",
        )
    return value


def parse_target_count(value, *, field_name, schedule_type):
    """None, or a whole number from 1 to the schedule's maximum."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise HabitValidationError(field_name, f"{value!r} is not a whole number.")
    weekly = is_weekly(schedule_type)
    highest = WEEKLY_TARGET_MAX if weekly else DAILY_TARGET_MAX
    if not 1 <= value <= highest:
        per = "days a week" if weekly else "a day"
        raise HabitValidationError(
            field_name, f"Give a target from 1 to {highest:,} ({per}); got {value}."
        )
    return value


def parse_date(value, *, field_name):
    """A date: a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string (years 1 to 9999)."""
    if isinstance(value, datetime.datetime):
        raise HabitValidationError(field_name, "Give a date (YYYY-MM-DD), not a date and time.")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise HabitValidationError(
        field_name, f"{value!r} is not a date (YYYY-MM-DD, years 0001 to 9999)."
    )


def parse_value(value, *, field_name):
    """None, or a number with at most two decimals below 10^8 (numeric(10, 2))."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        raise HabitValidationError(field_name, 'Give the value as a string or decimal, e.g. "5".')
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise HabitValidationError(field_name, f"{value!r} is not a number.") from None
    if not number.is_finite():
        raise HabitValidationError(field_name, f"{value!r} is not a number.")
    if abs(number) >= VALUE_LIMIT:
        raise HabitValidationError(field_name, f"{value} is too large: give less than 10^8.")
    if number != number.quantize(CENT):
        raise HabitValidationError(field_name, f"{value} has more than two decimal places.")
    return number.quantize(CENT)


# Habits ----------------------------------------------------------------------------


def clean_habit(*, user, fields, habit=None):
    """``fields`` of a habit (all of them, or those changing ``habit``) checked and parsed.

    Rules: ``name`` required, at most 255 characters, not the name of another
    of ``user``'s habits; ``description`` text (10,000 characters at most);
    ``domain_link``, ``time_of_day``, ``difficulty`` free text within their
    columns; ``schedule_type`` daily or weekly; ``target_count`` null or 1 to 7
    (days a week) for a weekly habit, 1 to 1,000 for a daily one; ``is_active``
    a boolean. Raises HabitValidationError naming every bad field.
    """
    errors = FieldErrors(HabitValidationError)
    errors.refuse_unknown(fields, HABIT_FIELDS)
    cleaned = {}
    if "name" in fields:
        name = errors.check(
            parse_text,
            fields["name"],
            "name",
            max_length=_field("name").max_length,
            required=True,
        )
        if name is not None:
            others = Habit.objects.for_user(user).filter(name=name)
            if habit is not None:
                others = others.exclude(pk=habit.pk)
            if others.exists():
                errors.add("name", f"You already have a habit named {name!r}.")
        cleaned["name"] = name
    if "description" in fields:
        cleaned["description"] = errors.check(
            parse_text, fields["description"], "description", max_length=DESCRIPTION_MAX_LENGTH
        )
    for name in ("domain_link", "time_of_day", "difficulty"):
        if name in fields:
            cleaned[name] = errors.check(
                parse_text, fields[name], name, max_length=_field(name).max_length
            )
    if "schedule_type" in fields:
        value = fields["schedule_type"]
        if value is None or value == "":
            value = ScheduleType.DAILY.value
        cleaned["schedule_type"] = errors.check(parse_schedule_type, value, "schedule_type")
    if "is_active" in fields:
        value = True if fields["is_active"] is None and habit is None else fields["is_active"]
        cleaned["is_active"] = errors.check(parse_flag, value, "is_active")
    schedule_type = cleaned.get(
        "schedule_type", habit.schedule_type if habit else ScheduleType.DAILY.value
    )
    if "target_count" in fields or ("schedule_type" in fields and habit is not None):
        # A changed schedule re-checks the kept target (7 days a week at most).
        kept = habit.target_count if habit is not None else None
        target = fields.get("target_count", kept)
        if schedule_type is not None:
            checked = errors.check(
                parse_target_count, target, "target_count", schedule_type=schedule_type
            )
            if "target_count" in fields:
                cleaned["target_count"] = checked
    errors.raise_any()
    return cleaned


def _get_habit(user, habit_id, *, lock=False):
    habits = Habit.objects.for_user(user)
    if lock:
        habits = habits.select_for_update()
    habit = habits.filter(pk=path_id(habit_id)).first()
    if habit is None:
        raise Habit.DoesNotExist("No such habit.")
    return habit


def _save_unique_name(habit, name, **save_kwargs):
    """Save ``habit``; a concurrent habit of the same name is the 400 on ``name``."""
    try:
        with transaction.atomic():
            habit.save(**save_kwargs)
    except IntegrityError:
        raise HabitValidationError("name", f"You already have a habit named {name!r}.") from None


def habit_create(
    *,
    user,
    name=None,
    description=None,
    domain_link=None,
    schedule_type=ScheduleType.DAILY.value,
    target_count=None,
    time_of_day=None,
    difficulty=None,
    is_active=True,
):
    """Create one of ``user``'s habits (rules: ``clean_habit``)."""
    cleaned = clean_habit(
        user=user,
        fields={
            "name": name,
            "description": description,
            "domain_link": domain_link,
            "schedule_type": schedule_type,
            "target_count": target_count,
            "time_of_day": time_of_day,
            "difficulty": difficulty,
            "is_active": is_active,
        },
    )
    habit = Habit(user=user, **cleaned)
    _save_unique_name(habit, cleaned["name"])
    habit.refresh_from_db(fields=["created_at", "updated_at"])
    return habit


def habit_update(*, user, habit_id, **fields):
    """Change the fields sent of ``user``'s habit ``habit_id`` (rules: ``clean_habit``).

    Raises Habit.DoesNotExist for a missing or another user's habit.
    """
    with transaction.atomic():
        habit = _get_habit(user, habit_id, lock=True)
        cleaned = clean_habit(user=user, fields=fields, habit=habit)
        for name, value in cleaned.items():
            setattr(habit, name, value)
        if cleaned:
            _save_unique_name(habit, habit.name, update_fields=[*cleaned, "updated_at"])
    return habit


def habit_delete(*, user, habit_id):
    """Delete ``user``'s habit ``habit_id`` with its logs."""
    with transaction.atomic():
        _get_habit(user, habit_id, lock=True).delete()


# Logs ------------------------------------------------------------------------------


def clean_log(*, user, fields):
    """``fields`` of a log checked and parsed.

    ``logged_date``: a date not after the user's today (their local date);
    left out or null, it is today. ``value``: null or a number with at most two
    decimals, below 10^8 in size. ``note``: text of at most 2,000 characters,
    blank is null. Raises HabitValidationError naming every bad field.
    """
    errors = FieldErrors(HabitValidationError)
    errors.refuse_unknown(fields, LOG_FIELDS)
    cleaned = {}
    today = user_today(user)
    logged_date = fields.get("logged_date")
    if logged_date is None or logged_date == "":
        cleaned["logged_date"] = today
    else:
        day = errors.check(parse_date, logged_date, "logged_date")
        if day is not None and day > today:
            errors.add("logged_date", f"{day} is after today ({today}): log what is done.")
        cleaned["logged_date"] = day
    if "value" in fields:
        cleaned["value"] = errors.check(parse_value, fields["value"], "value")
    if "note" in fields:
        cleaned["note"] = errors.check(
            parse_text, fields["note"], "note", max_length=NOTE_MAX_LENGTH
        )
    errors.raise_any()
    return cleaned


def habit_log_record(*, user, habit_id, **fields):
    """Log ``user``'s habit ``habit_id`` done on a day: (log, created).

    Any of ``logged_date, value, note`` (rules: ``clean_log``). When the habit
    already has a log of that date (the first one, where the original
    application left several), that log is updated with the fields sent
    (``created`` False); otherwise a log is added. Raises Habit.DoesNotExist
    for a missing or another user's habit.
    """
    with transaction.atomic():
        habit = _get_habit(user, habit_id, lock=True)
        cleaned = clean_log(user=user, fields=fields)
        log = (
            HabitLog.objects.filter(habit=habit, logged_date=cleaned["logged_date"])
            .order_by("id")
            .first()
        )
        if log is None:
            log = HabitLog.objects.create(user=habit.user, habit=habit, **cleaned)
            log.refresh_from_db(fields=["created_at"])
            return log, True
        changed = [name for name in ("value", "note") if name in cleaned]
        for name in changed:
            setattr(log, name, cleaned[name])
        if changed:
            log.save(update_fields=changed)
        return log, False
