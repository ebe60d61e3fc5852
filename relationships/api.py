"""The relationships endpoints: people, interactions, whom to reconnect with, birthdays.

Thin endpoints over ``relationships.services`` and ``relationships.selectors``:
they parse, call one function and serialize. Bad input is a 400 naming the
field; a missing or another user's person is a 404.
"""

import datetime
from typing import Annotated, Any

from ninja import Router, Schema
from pydantic import WithJsonSchema

from lifeos.api import DateText, OptionalDateText, OptionalText, Text, sent_fields
from relationships import selectors, services

router = Router(tags=["relationships"])

# Validated by the services (so the message names the field); documented here.
Importance = Annotated[
    Any,
    WithJsonSchema(
        {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": 5,
            "description": "5 = closest; sets the target contact interval (see /reconnect).",
        }
    ),
]
Tags = Annotated[Any, WithJsonSchema({"type": ["array", "null"], "items": {"type": "string"}})]


class PersonIn(Schema):
    name: Text = None
    relationship_type: OptionalText = None
    importance_level: Importance = None
    tags: Tags = None
    notes: OptionalText = None
    birthday: OptionalDateText = None
    first_met_date: OptionalDateText = None
    email: OptionalText = None
    phone: OptionalText = None


class PersonOut(Schema):
    id: int
    name: str
    relationship_type: str | None
    importance_level: int | None
    tags: list[str]
    notes: str | None
    birthday: datetime.date | None
    first_met_date: datetime.date | None
    email: str
    phone: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    last_contacted: datetime.date | None


class InteractionIn(Schema):
    date: DateText = None
    method: OptionalText = None
    notes: OptionalText = None
    sentiment: OptionalText = None


class InteractionOut(Schema):
    id: int
    person_id: int
    date: datetime.date
    method: str | None
    notes: str | None
    sentiment: str | None
    created_at: datetime.datetime


class ReconnectOut(Schema):
    id: int
    name: str
    importance_level: int | None
    last_contacted: datetime.date | None
    interval_days: int
    overdue_days: int


class BirthdayOut(Schema):
    id: int
    name: str
    birthday: datetime.date
    next_birthday: datetime.date
    days_until: int
    turning: int | None


@router.get("people", response=list[PersonOut], url_name="relationships-people")
def person_list(request):
    """Your people by name, each with ``last_contacted`` (the latest interaction's date)."""
    return selectors.person_list(user=request.user)


@router.post("people", response={201: PersonOut}, url_name="relationships-people")
def person_create(request, payload: PersonIn):
    """Add a person; ``name`` is required and unique among your people."""
    person = services.person_create(user=request.user, **sent_fields(payload, required=("name",)))
    return 201, selectors.person_get(user=request.user, person_id=person.pk)


@router.get("people/{int:person_id}", response=PersonOut, url_name="relationships-person")
def person_detail(request, person_id: int):
    """One person with ``last_contacted``."""
    return selectors.person_get(user=request.user, person_id=person_id)


@router.patch("people/{int:person_id}", response=PersonOut, url_name="relationships-person")
def person_update(request, person_id: int, payload: PersonIn):
    """Change the fields sent."""
    services.person_update(user=request.user, person_id=person_id, **sent_fields(payload))
    return selectors.person_get(user=request.user, person_id=person_id)


@router.delete("people/{int:person_id}", response={204: None}, url_name="relationships-person")
def person_delete(request, person_id: int):
    """Delete a person with their interactions."""
    services.person_delete(user=request.user, person_id=person_id)
    return 204, None


@router.get(
    "people/{int:person_id}/interactions",
    response=list[InteractionOut],
    url_name="relationships-interactions",
)
def interaction_list(request, person_id: int):
    """Your interactions with a person, newest first."""
    return selectors.interaction_list(user=request.user, person_id=person_id)


@router.post(
    "people/{int:person_id}/interactions",
    response={201: InteractionOut},
    url_name="relationships-interactions",
)
def interaction_create(request, person_id: int, payload: InteractionIn):
    """Record a call, message or meeting; ``date`` defaults to your today, never in the future."""
    interaction = services.interaction_create(
        user=request.user, person_id=person_id, **sent_fields(payload)
    )
    return 201, selectors.interaction_get(user=request.user, interaction_id=interaction.pk)


@router.get("reconnect", response=list[ReconnectOut], url_name="relationships-reconnect")
def reconnect(request):
    """People overdue for contact given their importance, most overdue first.

    Target interval by ``importance_level``: 5 → 7 days, 4 → 14, 3 → 30, 2 → 60,
    1 → 90 (none: 30). ``overdue_days`` = days since the last interaction (or since
    the person was added) minus the interval; only people with ``overdue_days > 0``.
    """
    return selectors.reconnect(user=request.user)


@router.get("birthdays", response=list[BirthdayOut], url_name="relationships-birthdays")
def birthdays(request, days: str = ""):
    """Birthdays from today to ``days`` days ahead (0..366, default 30), in your local dates.

    29 February is celebrated on 28 February in common years; ``turning`` is
    null when the birth year is unknown (1900 or earlier).
    """
    return selectors.birthdays(user=request.user, days=days)
