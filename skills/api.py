"""Skills over JSON: skills with their practice figures, practice sessions and metrics.

Thin endpoints over ``skills.services`` and ``skills.selectors``: they parse,
call one function and serialize. Bad input is a 400 naming the field
(``SkillValidationError``); a missing or another user's id is a 404.
"""

import datetime
from typing import Annotated, Any

from ninja import Router, Schema
from pydantic import WithJsonSchema

from lifeos.api import DateTimeText, Id, MoneyOut, OptionalText, Text, sent_fields
from skills import selectors, services

router = Router(tags=["skills"])

# Request types for fields the services validate (a bad value gets the service's message).
Minutes = Id
Level = Id
Intensity = Id
Tags = Annotated[Any, WithJsonSchema({"type": ["array", "null"], "items": {"type": "string"}})]
DecimalText = Annotated[
    Any,
    WithJsonSchema(
        {
            "type": ["string", "null"],
            "pattern": r"^-?\d+(\.\d{1,2})?$",
            "examples": ["96.50"],
            "description": "A decimal string, at most two places (a JSON number is read exactly).",
        }
    ),
]


class SkillIn(Schema):
    name: Text = None
    category: OptionalText = None
    level: OptionalText = None
    difficulty: OptionalText = None
    current_level: Level = None
    target_level: Level = None
    description: OptionalText = None
    tags: Tags = None


class SkillOut(Schema):
    id: int
    name: str
    category: str | None
    level: str
    difficulty: str | None
    current_level: int | None
    target_level: int | None
    description: str | None
    tags: list
    created_at: datetime.datetime | None
    updated_at: datetime.datetime | None
    total_minutes: int
    sessions: int
    last_practiced_at: datetime.datetime | None
    streak_days: int


class SessionIn(Schema):
    duration_minutes: Minutes = None
    practiced_at: DateTimeText = None
    intensity: Intensity = None
    notes: OptionalText = None


class SessionOut(Schema):
    id: int
    skill_id: int
    practiced_at: datetime.datetime
    duration_minutes: int
    intensity: int | None
    notes: str | None
    created_at: datetime.datetime | None


class SessionCreatedOut(SessionOut):
    skill: SkillOut


class MetricIn(Schema):
    name: Text = None
    value: DecimalText = None
    unit: OptionalText = None
    recorded_at: DateTimeText = None


class MetricOut(Schema):
    id: int
    skill_id: int
    name: str
    value: MoneyOut
    unit: str
    recorded_at: datetime.datetime


@router.get("", response=list[SkillOut], url_name="skills")
def skill_list(request, category: str = ""):
    """Your skills with their figures, by name; ``category`` narrows to one category.

    ``total_minutes`` and ``sessions`` sum and count the practice sessions,
    ``last_practiced_at`` is the latest; ``streak_days`` counts consecutive days
    (in your time zone) with a session, ending today, or yesterday when today
    has none yet.
    """
    return selectors.skill_list(user=request.user, category=category)


@router.post("", response={201: SkillOut}, url_name="skills")
def skill_create(request, payload: SkillIn):
    """Add a skill: ``name`` (unique among yours) is required."""
    skill = services.skill_create(user=request.user, **sent_fields(payload))
    return 201, selectors.skill_get(user=request.user, skill_id=skill.pk)


@router.get("{int:skill_id}", response=SkillOut, url_name="skill")
def skill_detail(request, skill_id: int):
    """One skill with its figures."""
    return selectors.skill_get(user=request.user, skill_id=skill_id)


@router.patch("{int:skill_id}", response=SkillOut, url_name="skill")
def skill_update(request, skill_id: int, payload: SkillIn):
    """Change the fields sent."""
    services.skill_update(user=request.user, skill_id=skill_id, **sent_fields(payload))
    return selectors.skill_get(user=request.user, skill_id=skill_id)


@router.delete("{int:skill_id}", response={204: None}, url_name="skill")
def skill_delete(request, skill_id: int):
    """Delete a skill with its practice sessions and metrics."""
    services.skill_delete(user=request.user, skill_id=skill_id)
    return 204, None


@router.post("{int:skill_id}/sessions", response={201: SessionCreatedOut}, url_name="sessions")
def session_create(request, skill_id: int, payload: SessionIn):
    """Record a practice session; the answer carries the skill's updated figures as ``skill``.

    ``duration_minutes`` (1 to 1,440) is required; ``practiced_at`` defaults to
    now (a time without an offset is in your time zone); ``intensity`` 1 to 10.
    """
    session = services.session_create(user=request.user, skill_id=skill_id, **sent_fields(payload))
    skill = selectors.skill_get(user=request.user, skill_id=skill_id)
    return 201, {**selectors.session_data(session), "skill": skill}


@router.get("{int:skill_id}/metrics", response=list[MetricOut], url_name="metrics")
def metric_list(request, skill_id: int, name: str = ""):
    """A skill's metrics, oldest first; ``name`` narrows to one metric."""
    return selectors.metric_list(user=request.user, skill_id=skill_id, name=name)


@router.post("{int:skill_id}/metrics", response={201: MetricOut}, url_name="metrics")
def metric_create(request, skill_id: int, payload: MetricIn):
    """Record a metric: ``name``, ``value`` (a decimal string, two places at most), ``unit``."""
    metric = services.metric_create(user=request.user, skill_id=skill_id, **sent_fields(payload))
    return 201, selectors.metric_data(metric)
