"""Reads of the relationships domain: people, when you last spoke, who to reconnect with, birthdays.

Conventions (shared with ``relationships.services``):

- Bad input raises ``RelationshipsValidationError``, a Django ``ValidationError``
  whose ``message_dict`` is keyed by the API's field name (``days``, ``name``...).
- A person id in the URL path that is missing or another user's raises
  ``Person.DoesNotExist``: the same for both.
- Every "today" is the user's local date (``lifeos.dates.user_today``).

Reconnect
---------
Each person has a target contact interval, by ``importance_level``
(``INTERVAL_DAYS``: 5 → 7 days, 4 → 14, 3 → 30, 2 → 60, 1 → 90). A person
without an importance (NULL) gets ``DEFAULT_IMPORTANCE`` (3, so 30 days); a
legacy value outside 1..5 is clamped (9 is 5, 0 or -2 is 1). ``overdue_days``
is the number of days since the last interaction (or, for someone never
contacted, since the person was added: ``created_at`` as a local date of the
user) minus the interval. Only people with ``overdue_days > 0`` are listed,
most overdue first; ties by importance (higher first, NULL counting as its
default), then name, then id.

Birthdays
---------
A person's next birthday is the first anniversary of ``birthday`` on or after
the user's today (an anniversary is after the birth date itself: a birth date
in the future has none yet). 29 February is celebrated on 28 February in a
common year. ``turning`` is the age reached that day, or None when the birth
year is a placeholder (``UNKNOWN_BIRTH_YEAR_MAX``: year 1900 or earlier, as
address books store "year unknown", e.g. 1604 or 1900).
"""

import datetime
from dataclasses import asdict, dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from lifeos.dates import user_today, user_zone
from lifeos.inputs import FieldError, path_id
from relationships.models import Interaction, Person

__all__ = [
    "DEFAULT_IMPORTANCE",
    "INTERVAL_DAYS",
    "MAX_BIRTHDAY_DAYS",
    "RelationshipsValidationError",
    "birthdays",
    "interaction_data",
    "interaction_get",
    "interaction_list",
    "interval_days",
    "last_contacted_subquery",
    "next_birthday",
    "parse_days",
    "person_data",
    "person_get",
    "person_list",
    "reconnect",
    "today_view",
    "turning",
]

# Target days between contacts, per importance level (5 = closest).
INTERVAL_DAYS = {5: 7, 4: 14, 3: 30, 2: 60, 1: 90}
# The importance a person without one (NULL) is treated as: the middle of the scale.
DEFAULT_IMPORTANCE = 3
# Birth years up to this one are placeholders for "year unknown": no age is given.
UNKNOWN_BIRTH_YEAR_MAX = 1900
# The longest birthday window, in days after today (a full leap year).
MAX_BIRTHDAY_DAYS = 366
DEFAULT_BIRTHDAY_DAYS = 30
# What the morning view shows.
TODAY_RECONNECT_COUNT = 5
TODAY_BIRTHDAY_DAYS = 7

PERSON_FIELDS = (
    "id",
    "name",
    "relationship_type",
    "importance_level",
    "tags",
    "notes",
    "birthday",
    "first_met_date",
    "email",
    "phone",
    "created_at",
    "updated_at",
)
INTERACTION_FIELDS = ("id", "person_id", "date", "method", "notes", "sentiment", "created_at")


class RelationshipsValidationError(FieldError):
    """Bad relationships input; ``message_dict`` maps each field (the API's name) to messages."""


# People ------------------------------------------------------------------------------


def last_contacted_subquery():
    """The date of the outer person's latest interaction (index-served), of the same owner."""
    return Subquery(
        Interaction.objects.filter(user_id=OuterRef("user_id"), person_id=OuterRef("pk"))
        .order_by("-date")
        .values("date")[:1]
    )


def _people(user):
    return Person.objects.for_user(user).annotate(last_contacted=last_contacted_subquery())


def clean_tags(value):
    """Tags as a list of strings, whatever JSON a legacy row holds (a string is split on commas)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [item if isinstance(item, str) else str(item) for item in value if item is not None]
    return [str(value)]


def person_data(person):
    """A person (annotated with ``last_contacted``, or not) as the API's dict."""
    data = {name: getattr(person, name) for name in PERSON_FIELDS}
    data["tags"] = clean_tags(data["tags"])
    data["last_contacted"] = getattr(person, "last_contacted", None)
    return data


def person_list(*, user):
    """``user``'s people with ``last_contacted``, by name: one query."""
    return [person_data(person) for person in _people(user).order_by("name", "id")]


def person_get(*, user, person_id):
    """One of ``user``'s people with ``last_contacted``; Person.DoesNotExist otherwise."""
    person = _people(user).filter(pk=path_id(person_id)).first()
    if person is None:
        raise Person.DoesNotExist("No such person.")
    return person_data(person)


def interaction_data(interaction):
    return {name: getattr(interaction, name) for name in INTERACTION_FIELDS}


def interaction_get(*, user, interaction_id):
    """One of ``user``'s interactions as the API's dict; Interaction.DoesNotExist otherwise."""
    return Interaction.objects.for_user(user).values(*INTERACTION_FIELDS).get(pk=interaction_id)


def interaction_list(*, user, person_id):
    """``user``'s interactions with one of their people, newest first; 2 queries."""
    if not Person.objects.for_user(user).filter(pk=path_id(person_id)).exists():
        raise Person.DoesNotExist("No such person.")
    return list(
        Interaction.objects.for_user(user)
        .filter(person_id=path_id(person_id))
        .order_by("-date", "-id")
        .values(*INTERACTION_FIELDS)
    )


# Reconnect ---------------------------------------------------------------------------


def effective_importance(importance_level):
    """The importance the interval is read for: NULL is the default, others clamped to 1..5."""
    if importance_level is None:
        return DEFAULT_IMPORTANCE
    return max(1, min(5, importance_level))


def interval_days(importance_level):
    """The target days between contacts for ``importance_level`` (see the module docstring)."""
    return INTERVAL_DAYS[effective_importance(importance_level)]


@dataclass(frozen=True)
class ReconnectRow:
    id: int
    name: str
    importance_level: int | None
    last_contacted: datetime.date | None
    interval_days: int
    overdue_days: int


def _local_date(moment, zone):
    """A stored instant (aware, or naive UTC) as a date in ``zone``."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(zone).date()


def reconnect_rows(*, user, today=None, limit=None):
    """People to reconnect with, most overdue first (``ReconnectRow``s); one query."""
    today = today or user_today(user)
    zone = user_zone(user)
    rows = []
    people = _people(user).values("id", "name", "importance_level", "created_at", "last_contacted")
    for person in people:
        since = person["last_contacted"] or _local_date(person["created_at"], zone)
        interval = interval_days(person["importance_level"])
        overdue = (today - since).days - interval
        if overdue > 0:
            rows.append(
                ReconnectRow(
                    id=person["id"],
                    name=person["name"],
                    importance_level=person["importance_level"],
                    last_contacted=person["last_contacted"],
                    interval_days=interval,
                    overdue_days=overdue,
                )
            )
    rows.sort(
        key=lambda row: (
            -row.overdue_days,
            -effective_importance(row.importance_level),
            row.name,
            row.id,
        )
    )
    return rows if limit is None else rows[:limit]


def reconnect(*, user, today=None, limit=None):
    """``reconnect_rows`` as the API's dicts."""
    return [asdict(row) for row in reconnect_rows(user=user, today=today, limit=limit)]


# Birthdays ---------------------------------------------------------------------------


def anniversary(birthday, year):
    """``birthday``'s month and day in ``year``; 29 February is 28 February in a common year."""
    try:
        return birthday.replace(year=year)
    except ValueError:  # 29 February in a common year
        return datetime.date(year, 2, 28)


def next_birthday(birthday, today):
    """The first anniversary of ``birthday`` on or after ``today`` (and after the birth), or None.

    None only when it would fall after 31 December 9999.
    """
    year = max(today.year, birthday.year)
    while year <= 9999:
        day = anniversary(birthday, year)
        if day >= today and day > birthday:
            return day
        year += 1
    return None


def turning(birthday, day):
    """The age reached on the anniversary ``day``; None when the birth year is a placeholder."""
    return None if birthday.year <= UNKNOWN_BIRTH_YEAR_MAX else day.year - birthday.year


def parse_days(value, *, default=DEFAULT_BIRTHDAY_DAYS):
    """The ``days`` input: a whole number from 0 to MAX_BIRTHDAY_DAYS (empty: ``default``)."""
    if value is None or value == "":
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise RelationshipsValidationError(
            "days", f"Give days as a whole number from 0 to {MAX_BIRTHDAY_DAYS}, not {value!r}."
        )
    if not 0 <= number <= MAX_BIRTHDAY_DAYS:
        raise RelationshipsValidationError(
            "days", f"Give days from 0 to {MAX_BIRTHDAY_DAYS} (got {number})."
        )
    return number


def birthdays(*, user, days=DEFAULT_BIRTHDAY_DAYS, today=None):
    """People whose next birthday falls within ``days`` days of today (both ends included).

    Each: ``id, name, birthday, next_birthday, days_until, turning``; soonest first,
    then by name. One query. ``days`` is parsed by ``parse_days``.
    """
    days = parse_days(days)
    today = today or user_today(user)
    try:
        last = today + datetime.timedelta(days=days)
    except OverflowError:  # near 31 December 9999 the window stops at the last date there is
        last = datetime.date.max
    found = []
    people = (
        Person.objects.for_user(user)
        .filter(birthday__isnull=False)
        .values_list("id", "name", "birthday")
    )
    for person_id, name, birthday in people:
        day = next_birthday(birthday, today)
        if day is None or day > last:
            continue
        found.append(
            {
                "id": person_id,
                "name": name,
                "birthday": birthday,
                "next_birthday": day,
                "days_until": (day - today).days,
                "turning": turning(birthday, day),
            }
        )
    found.sort(key=lambda row: (row["next_birthday"], row["name"], row["id"]))
    return found


# Today -------------------------------------------------------------------------------


def today_view(*, user, today):
    """The morning view's relationships: whom to reconnect with, birthdays this week (2 queries).

    ``{"reconnect": [the first TODAY_RECONNECT_COUNT rows of the reconnect list],
    "birthdays": [birthdays in the next TODAY_BIRTHDAY_DAYS days, today included]}``.
    """
    return {
        "reconnect": reconnect(user=user, today=today, limit=TODAY_RECONNECT_COUNT),
        "birthdays": birthdays(user=user, days=TODAY_BIRTHDAY_DAYS, today=today),
    }
