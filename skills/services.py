"""Writes of the skills app: skills, practice sessions and metrics.

Errors follow ``skills.selectors``: ``SkillValidationError`` keyed by the API's
field names for bad input (nothing is written, every bad field is named), the
model's ``DoesNotExist`` for a skill id that is missing or another user's.

Rules
-----
- A skill's ``name`` is required (surrounding space dropped, at most 255
  characters) and unique among the user's skills (the legacy unique index
  ``ux_skill_user_name``, compared exactly as the database does).
- ``level`` is free text of at most 32 characters (the original stores any
  value; "beginner" when left out); ``category`` and ``difficulty`` are
  optional text (blank is NULL); ``current_level`` and ``target_level`` are
  optional whole numbers from 0 to 1,000; ``tags`` a list of at most 50 texts.
- A session's ``duration_minutes`` is a whole number from 1 to 1,440 (one
  day); ``practiced_at`` defaults to now; ``intensity`` is optional, 1 to 10.
- A metric has a ``name`` (at most 128 characters), a ``value`` (a decimal
  with at most two places, below 10^8 in size: numeric(10,2)), an optional
  ``unit`` (at most 32) and ``recorded_at`` (default now).
- Datetimes are ISO date-times; one without an offset is in the user's time
  zone, a date alone (``YYYY-MM-DD``) is the start of that local day. Their UTC
  value must lie in years 1..9999 (``lifeos.validators``).
"""

import datetime
from decimal import Decimal, InvalidOperation
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from lifeos import inputs
from lifeos.dates import user_zone
from lifeos.inputs import FieldErrors
from lifeos.validators import datetime_range_message, is_storable_datetime
from skills.models import Metric, PracticeSession, Skill
from skills.selectors import SkillValidationError, owned_skill

__all__ = [
    "METRIC_FIELDS",
    "SESSION_FIELDS",
    "SKILL_FIELDS",
    "metric_create",
    "parse_moment",
    "session_create",
    "skill_create",
    "skill_delete",
    "skill_update",
]

SKILL_FIELDS = (
    "name",
    "category",
    "level",
    "difficulty",
    "current_level",
    "target_level",
    "description",
    "tags",
)
SESSION_FIELDS = ("practiced_at", "duration_minutes", "intensity", "notes")
METRIC_FIELDS = ("name", "value", "unit", "recorded_at")

NAME_MAX_LENGTH = Skill._meta.get_field("name").max_length
CATEGORY_MAX_LENGTH = Skill._meta.get_field("category").max_length
LEVEL_MAX_LENGTH = Skill._meta.get_field("level").max_length
DIFFICULTY_MAX_LENGTH = Skill._meta.get_field("difficulty").max_length
METRIC_NAME_MAX_LENGTH = Metric._meta.get_field("name").max_length
UNIT_MAX_LENGTH = Metric._meta.get_field("unit").max_length
# Application limits, so a typo cannot store megabytes.
TEXT_MAX_LENGTH = 10_000
TAG_MAX_LENGTH = 64
MAX_TAGS = 50
LEVEL_MAX = 1000
MINUTES_PER_DAY = 24 * 60
INTENSITY_RANGE = (1, 10)
# numeric(10,2): less than 10^8 in size.
METRIC_VALUE_LIMIT = Decimal("1e8")
CENT = Decimal("0.01")


# Parsing ------------------------------------------------------------------------------


parse_text = partial(inputs.parse_text, error=SkillValidationError)


def parse_whole(value, *, field_name, low, high, required=False):
    """A whole number in [low, high] (an int, or a string of digits); None when allowed."""
    if value is None or value == "":
        if required:
            raise SkillValidationError(field_name, "This field is required.")
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isascii():
        text = value.strip()
        if text.lstrip("-").isdigit() and len(text) <= 12:
            number = int(text)
    if number is None:
        raise SkillValidationError(field_name, f"{value!r} is not a whole number.")
    if not low <= number <= high:
        raise SkillValidationError(
            field_name, f"{number} is out of range: give a whole number from {low} to {high:,}."
        )
    return number


def parse_tags(value, *, field_name):
    """A list of distinct texts, in the order given; None or [] is no tags."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise SkillValidationError(field_name, "Give the tags as a list of texts.")
    if len(value) > MAX_TAGS:
        raise SkillValidationError(field_name, f"Give at most {MAX_TAGS} tags.")
    tags = []
    for index, tag in enumerate(value):
        if not isinstance(tag, str) or not tag.strip():
            raise SkillValidationError(field_name, f"Tag {index + 1} must be non-blank text.")
        tag = tag.strip()
        if len(tag) > TAG_MAX_LENGTH:
            raise SkillValidationError(
                field_name, f"Tag {index + 1} has more than {TAG_MAX_LENGTH} characters."
            )
        if tag not in tags:
            tags.append(tag)
    return tags


def parse_moment(value, *, field_name, user):
    """An aware datetime from an ISO date-time or date, in ``user``'s zone when naive.

    None or "" is now. A date alone is the start of that local day.
    """
    if value is None or value == "":
        return timezone.now()
    moment = None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = parse_datetime(text)
            day = None if moment else parse_date(text)
        except ValueError:
            moment = day = None
        if day is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
    if moment is None:
        raise SkillValidationError(
            field_name, f"{value!r} is not a date and time (ISO 8601, e.g. 2025-03-01T18:30)."
        )
    if timezone.is_naive(moment):
        try:
            moment = moment.replace(tzinfo=user_zone(user))
        except (OverflowError, ValueError):
            moment = None
    if moment is None or not is_storable_datetime(moment):
        raise SkillValidationError(field_name, datetime_range_message(field_name, value))
    return moment


def parse_decimal(value, *, field_name):
    """A decimal with at most two places that numeric(10,2) holds; floats are refused."""
    if value is None or value == "":
        raise SkillValidationError(field_name, 'Give a value, e.g. "96.50".')
    if isinstance(value, bool | float):
        raise SkillValidationError(
            field_name, 'Give the value as a string or decimal, e.g. "96.50".'
        )
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise SkillValidationError(field_name, f"{value!r} is not a number.") from None
    if not number.is_finite():
        raise SkillValidationError(field_name, f"{value!r} is not a number.")
    if abs(number) >= METRIC_VALUE_LIMIT:
        raise SkillValidationError(field_name, f"{value} is too large: give less than 10^8.")
    if number != number.quantize(CENT):
        raise SkillValidationError(field_name, f"{value} has more than two decimal places.")
    return number.quantize(CENT)


# Skills -------------------------------------------------------------------------------


def clean_skill(*, user, fields, skill=None):
    """``fields`` of a skill (all of them, or those changing ``skill``) checked and parsed."""
    errors = FieldErrors(SkillValidationError)
    errors.refuse_unknown(fields, SKILL_FIELDS)
    cleaned = {}
    if skill is None or "name" in fields:
        cleaned["name"] = errors.check(
            parse_text, fields.get("name"), "name", max_length=NAME_MAX_LENGTH, required=True
        )
    for name, max_length in (
        ("category", CATEGORY_MAX_LENGTH),
        ("difficulty", DIFFICULTY_MAX_LENGTH),
        ("description", TEXT_MAX_LENGTH),
    ):
        if name in fields:
            cleaned[name] = errors.check(parse_text, fields[name], name, max_length=max_length)
    if "level" in fields:
        # Left out or null: the column's default; blank is not a level.
        level = fields["level"]
        if level is None:
            cleaned["level"] = "beginner"
        else:
            cleaned["level"] = errors.check(
                parse_text, level, "level", max_length=LEVEL_MAX_LENGTH, required=True
            )
    for name in ("current_level", "target_level"):
        if name in fields:
            cleaned[name] = errors.check(parse_whole, fields[name], name, low=0, high=LEVEL_MAX)
    if "tags" in fields:
        cleaned["tags"] = errors.check(parse_tags, fields["tags"], "tags")
    name = cleaned.get("name")
    if name is not None:
        duplicate = Skill.objects.for_user(user).filter(name=name)
        if skill is not None:
            duplicate = duplicate.exclude(pk=skill.pk)
        if duplicate.exists():
            errors.add("name", f"You already have a skill named {name!r}.")
    errors.raise_any()
    return cleaned


def _save_skill(skill, user, name):
    try:
        with transaction.atomic():
            skill.save()
    except IntegrityError:
        # A concurrent request took the name between the check and the insert.
        if Skill.objects.for_user(user).filter(name=name).exclude(pk=skill.pk).exists():
            raise SkillValidationError(
                "name", f"You already have a skill named {name!r}."
            ) from None
        raise


@transaction.atomic
def skill_create(*, user, **fields):
    """Create one of ``user``'s skills from the API's fields (see the module's rules)."""
    cleaned = clean_skill(user=user, fields=fields)
    skill = Skill(user=user, **{"level": "beginner", "tags": [], **cleaned})
    _save_skill(skill, user, skill.name)
    return skill


@transaction.atomic
def skill_update(*, user, skill_id, **fields):
    """Change the given fields of one of ``user``'s skills; DoesNotExist for a foreign id."""
    skill = owned_skill(user=user, skill_id=skill_id)
    cleaned = clean_skill(user=user, fields=fields, skill=skill)
    for name, value in cleaned.items():
        setattr(skill, name, value)
    if cleaned:
        _save_skill(skill, user, skill.name)
    return skill


@transaction.atomic
def skill_delete(*, user, skill_id):
    """Delete one of ``user``'s skills with its sessions and metrics."""
    owned_skill(user=user, skill_id=skill_id).delete()


# Sessions and metrics -----------------------------------------------------------------


@transaction.atomic
def session_create(*, user, skill_id, **fields):
    """Record a practice session of one of ``user``'s skills (see the module's rules)."""
    skill = owned_skill(user=user, skill_id=skill_id)
    errors = FieldErrors(SkillValidationError)
    errors.refuse_unknown(fields, SESSION_FIELDS)
    minutes = errors.check(
        parse_whole,
        fields.get("duration_minutes"),
        "duration_minutes",
        low=1,
        high=MINUTES_PER_DAY,
        required=True,
    )
    practiced_at = errors.check(parse_moment, fields.get("practiced_at"), "practiced_at", user=user)
    intensity = errors.check(
        parse_whole,
        fields.get("intensity"),
        "intensity",
        low=INTENSITY_RANGE[0],
        high=INTENSITY_RANGE[1],
    )
    notes = errors.check(parse_text, fields.get("notes"), "notes", max_length=TEXT_MAX_LENGTH)
    errors.raise_any()
    session = PracticeSession(
        skill=skill,
        user=user,
        duration_minutes=minutes,
        practiced_at=practiced_at,
        intensity=intensity,
        notes=notes,
    )
    session.save()
    # Read back what the database stored (created_at comes from its default).
    return PracticeSession.objects.get(pk=session.pk)


@transaction.atomic
def metric_create(*, user, skill_id, **fields):
    """Record a metric of one of ``user``'s skills (see the module's rules)."""
    skill = owned_skill(user=user, skill_id=skill_id)
    errors = FieldErrors(SkillValidationError)
    errors.refuse_unknown(fields, METRIC_FIELDS)
    name = errors.check(
        parse_text, fields.get("name"), "name", max_length=METRIC_NAME_MAX_LENGTH, required=True
    )
    value = errors.check(parse_decimal, fields.get("value"), "value")
    unit = errors.check(parse_text, fields.get("unit"), "unit", max_length=UNIT_MAX_LENGTH)
    recorded_at = errors.check(parse_moment, fields.get("recorded_at"), "recorded_at", user=user)
    errors.raise_any()
    metric = Metric(
        skill=skill, user=user, name=name, value=value, unit=unit or "", recorded_at=recorded_at
    )
    metric.save()
    return metric
