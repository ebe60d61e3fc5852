"""The diary over JSON: entries (filtered, keyset-paged) and the weekly mood trend.

Thin endpoints over ``journal.services`` and ``journal.selectors``: they
parse, call one function and serialize. Bad input is a 400 naming the field
(``JournalValidationError``); a missing or another user's id is a 404.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Query, Router, Schema
from pydantic import WithJsonSchema

from journal import selectors, services
from lifeos.api import DateText, Flag, OptionalText, Text, sent_fields

router = Router(tags=["journal"])

Mood = Annotated[
    Any,
    WithJsonSchema(
        {"type": ["integer", "null"], "minimum": -5, "maximum": 5, "description": "-5 to 5"}
    ),
]
TagList = Annotated[
    Any,
    WithJsonSchema(
        {"type": ["array", "null"], "items": {"type": "string", "maxLength": 64}, "maxItems": 20}
    ),
]
DecimalOut = Annotated[
    Decimal, WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["2.33"]})
]


class EntryIn(Schema):
    """A diary entry; on create, ``entry_date`` defaults to your today, ``is_private`` to true."""

    entry_date: DateText = None
    title: OptionalText = None
    body: Text = None
    mood_int: Mood = None
    tags: TagList = None
    is_private: Flag = None
    emotion_label: OptionalText = None


class EntryOut(Schema):
    id: int
    entry_date: datetime.date
    title: str | None
    body: str
    content: str | None = Field(description="the original application's pre-2025-12-11 text")
    mood: str | None = Field(description="the stored text mood (legacy rows: free text)")
    mood_int: int | None = Field(description="the mood, -5 to 5: mood_int, else an integer `mood`")
    tags: list[str]
    is_private: bool
    emotion_label: str | None
    sentiment_score: DecimalOut | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class EntryPageOut(Schema):
    results: list[EntryOut]
    next_cursor: str | None


class EntryFilters(Schema):
    date_from: str = Query("", alias="from", description="first entry date, YYYY-MM-DD")
    date_to: str = Query("", alias="to", description="last entry date, YYYY-MM-DD")
    mood: str = Query("", description="a mood from -5 to 5")
    tag: str = Query("", description="a tag name (any case)")
    q: str = Query("", description="text in the title or body (any case)")
    limit: str = Query("", description="entries per page, 1 to 100 (default 20)")
    cursor: str = Query("", description="next_cursor of the previous page")


class MoodWeekOut(Schema):
    week: str = Field(examples=["2025-W03"])
    start: datetime.date
    average_mood: DecimalOut | None
    count: int
    mood_count: int


class MoodTrendOut(Schema):
    from_: datetime.date = Field(alias="from")
    to: datetime.date
    weeks: list[MoodWeekOut]

    model_config = {"populate_by_name": True}


@router.get("entries", response=EntryPageOut, url_name="journal-entries")
def entry_list(request, filters: Query[EntryFilters]):
    """Your entries, newest first (entry date, then id), a page at a time.

    Pass ``next_cursor`` as ``cursor`` for the next page; ``null`` means the last page.
    """
    return selectors.entry_list(user=request.user, **filters.model_dump())


@router.post("entries", response={201: EntryOut}, url_name="journal-entries")
def entry_create(request, payload: EntryIn):
    """Write an entry; ``tags`` is a list of names (new names need no creating first)."""
    entry = services.entry_create(user=request.user, **sent_fields(payload))
    return 201, selectors.entry_data(entry)


@router.get("entries/{int:entry_id}", response=EntryOut, url_name="journal-entry")
def entry_detail(request, entry_id: int):
    """One entry."""
    return selectors.entry_get(user=request.user, entry_id=entry_id)


@router.patch("entries/{int:entry_id}", response=EntryOut, url_name="journal-entry")
def entry_update(request, entry_id: int, payload: EntryIn):
    """Change the fields sent; ``tags``, when sent, replaces the list."""
    entry = services.entry_update(user=request.user, entry_id=entry_id, **sent_fields(payload))
    return selectors.entry_data(entry)


@router.delete("entries/{int:entry_id}", response={204: None}, url_name="journal-entry")
def entry_delete(request, entry_id: int):
    """Delete an entry."""
    services.entry_delete(user=request.user, entry_id=entry_id)
    return 204, None


@router.get("mood-trend", response=MoodTrendOut, by_alias=True, url_name="journal-mood-trend")
def mood_trend(
    request,
    date_from: str = Query("", alias="from", description="first day, YYYY-MM-DD"),
    date_to: str = Query("", alias="to", description="last day, YYYY-MM-DD (default: today)"),
):
    """Per ISO week of the window: the average mood and the number of entries.

    Every week of the window is listed, oldest first, with ``count`` 0 and
    ``average_mood`` null when it has no entry. ``count`` counts all the week's
    entries, ``mood_count`` those with a mood (the ones averaged).
    """
    return selectors.mood_trend(user=request.user, date_from=date_from, date_to=date_to)
