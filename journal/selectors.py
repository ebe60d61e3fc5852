"""Reads of the journal: entries (filtered, keyset-paged), the weekly mood trend, today's mood.

Errors: ``JournalValidationError`` (a Django ``ValidationError`` whose
``message_dict`` is keyed by the API's field names) for bad input, the model's
``DoesNotExist`` for an entry id that is missing or another user's (the same
for both).

Moods. An entry's mood is ``mood_int``, else the legacy text ``mood`` when it
is an integer literal from -5 to 5 (the original application writes only the
text). ``effective_mood()`` computes that in SQL, so filters, averages and the
JSON agree on every row, legacy ones included.

Tags. ``journal_entry.tags`` is a JSON list of names on each entry (SCHEMA.md
v2); the original's global ``journal_tag``/``journal_entry_tag`` tables are not
modelled and never read or written, so one user's tag names cannot reach
another user. Tags match case-insensitively.

Text. ``q`` and ``tag`` compare lower-cased text: Python's ``str.lower`` on the
query, SQL ``LOWER`` on PostgreSQL (Unicode-aware under a UTF-8 ``LC_CTYPE``)
and the same Python function registered on SQLite connections
(``SQLITE_LOWER_FUNCTION``), whose built-in ``LOWER`` folds only ASCII.
"""

import base64
import binascii
import datetime
import json
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.db.models import BooleanField, Case, Count, F, Func, IntegerField, Q, Sum, When
from django.db.models.functions import Cast

from journal.models import MOOD_MAX, MOOD_MIN, Entry
from lifeos.dates import user_today
from lifeos.inputs import FieldError

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "JournalValidationError",
    "effective_mood",
    "entry_data",
    "entry_get",
    "entry_list",
    "mood_trend",
    "today_view",
]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Longest ``q`` and ``tag`` filters: application limits.
MAX_QUERY_LENGTH = 200
TAG_MAX_LENGTH = 64
# Default and longest mood-trend windows.
DEFAULT_TREND_WEEKS = 12
MAX_TREND_DAYS = 3 * 366
SQLITE_LOWER_FUNCTION = "journal_lower"
CURSOR_SALT = "journal.entries.cursor"
# A legacy text mood read as an integer: optional ASCII space, sign, leading zeros, 0..5.
_SPACE = " \t\n\r\f\v"
MOOD_TEXT_PATTERN = f"^[{_SPACE}]*[+-]?0*[0-5][{_SPACE}]*$"
ENTRY_FIELDS = (
    "id",
    "entry_date",
    "title",
    "body",
    "content",
    "mood",
    "tags",
    "is_private",
    "emotion_label",
    "sentiment_score",
    "created_at",
    "updated_at",
)


class JournalValidationError(FieldError):
    """Bad journal input; ``message_dict`` maps each field (the API's name) to its messages."""


# SQL helpers ------------------------------------------------------------------------


def sqlite_lower(value):
    """SQLite's ``journal_lower``: Python's Unicode lower-casing (NULL stays NULL)."""
    return None if value is None else str(value).lower()


class UnicodeLower(Func):
    """``LOWER(x)`` folding every script on both backends."""

    function = "LOWER"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_LOWER_FUNCTION, **extra_context)


class HasTag(Func):
    """True when the entry's JSON ``tags`` list holds ``name`` (compared lower-cased, trimmed).

    Rows whose ``tags`` is not a JSON array (a legacy value) have no tags.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, name):
        super().__init__(F("tags"))
        self.name = name

    def as_sql(self, compiler, connection, **extra_context):  # SQLite
        tags, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid({tags}) "
            f"AND json_type({tags}) = 'array' THEN {tags} ELSE '[]' END) AS journal_tag "
            f"WHERE journal_tag.type = 'text' "
            f"AND {SQLITE_LOWER_FUNCTION}(TRIM(journal_tag.value)) = %s)"
        )
        return sql, [*params, *params, *params, self.name]

    def as_postgresql(self, compiler, connection, **extra_context):
        tags, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"EXISTS (SELECT 1 FROM json_array_elements(CASE WHEN json_typeof({tags}) = 'array' "
            f"THEN {tags} ELSE '[]'::json END) AS journal_tag(value) "
            f"WHERE json_typeof(journal_tag.value) = 'string' "
            f"AND LOWER(TRIM(journal_tag.value #>> '{{}}')) = %s)"
        )
        return sql, [*params, *params, self.name]


def effective_mood():
    """The entry's mood in SQL: ``mood_int``, else the legacy text when an integer -5..5."""
    return Case(
        When(mood_int__isnull=False, then=F("mood_int")),
        When(mood__regex=MOOD_TEXT_PATTERN, then=Cast("mood", IntegerField())),
        default=None,
        output_field=IntegerField(),
    )


# Parsing --------------------------------------------------------------------------


def parse_date(value, *, field_name):
    """``value`` (an ISO ``YYYY-MM-DD`` string or a date) as a date; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        raise JournalValidationError(field_name, "Give a date (YYYY-MM-DD), not a date and time.")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise JournalValidationError(
        field_name, f"{value!r} is not a date (YYYY-MM-DD, years 0001 to 9999)."
    )


def parse_mood(value, *, field_name):
    """An integer mood from -5 to 5 (a JSON integer or, in a query string, its digits)."""
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,6}", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise JournalValidationError(
            field_name,
            f"{value!r} is not a mood: give a whole number from {MOOD_MIN} to {MOOD_MAX}.",
        )
    if not MOOD_MIN <= value <= MOOD_MAX:
        raise JournalValidationError(
            field_name, f"{value} is out of range: give a mood from {MOOD_MIN} to {MOOD_MAX}."
        )
    return value


def parse_limit(value):
    if value is None or value == "":
        return DEFAULT_LIMIT
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_LIMIT:
        raise JournalValidationError(
            "limit", f"{value!r} is not a limit: give a whole number from 1 to {MAX_LIMIT}."
        )
    return int(text)


def normalize_tag(value):
    """A tag name as stored and compared: surrounding space dropped, inner runs of space one."""
    return " ".join(value.split())


def parse_text_filter(value, *, field_name):
    text = " ".join(str(value or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        raise JournalValidationError(
            field_name, f"Use at most {MAX_QUERY_LENGTH} characters (it has {len(text)})."
        )
    return text


def encode_cursor(entry_date, entry_id):
    """The opaque cursor after (entry_date, id): signed base64 JSON."""
    payload = json.dumps({"d": entry_date.isoformat(), "i": entry_id}, separators=(",", ":"))
    encoded = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    return signing.Signer(salt=CURSOR_SALT).sign(encoded)


CURSOR_MESSAGE = "This cursor is not valid: pass next_cursor exactly as a previous page gave it."


def decode_cursor(value):
    """(entry_date, id) of a cursor this API gave; a 400 naming ``cursor`` otherwise."""
    try:
        encoded = signing.Signer(salt=CURSOR_SALT).unsign(value.strip())
        payload = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        entry_date = datetime.date.fromisoformat(payload["d"])
        entry_id = payload["i"]
    except (signing.BadSignature, binascii.Error, ValueError, TypeError, KeyError):
        raise JournalValidationError("cursor", CURSOR_MESSAGE) from None
    if isinstance(entry_id, bool) or not isinstance(entry_id, int):
        raise JournalValidationError("cursor", CURSOR_MESSAGE)
    return entry_date, entry_id


# Entries ----------------------------------------------------------------------------


def _tags_out(value):
    """The stored ``tags`` as a list of names (legacy non-list values read as no tags)."""
    if not isinstance(value, list):
        return []
    return [tag if isinstance(tag, str) else json.dumps(tag) for tag in value if tag is not None]


def _entry_row(row):
    row = dict(row)
    row["mood_int"] = row.pop("mood_value")
    row["tags"] = _tags_out(row["tags"])
    return row


def _entries(entries):
    return entries.annotate(mood_value=effective_mood()).values(*ENTRY_FIELDS, "mood_value")


def entry_data(entry):
    """One entry (a model instance just written) as the API shows it (re-read: one query)."""
    return _entry_row(_entries(Entry.objects.filter(pk=entry.pk)).get())


def entry_get(*, user, entry_id):
    """One of ``user``'s entries as a dict; DoesNotExist for a missing or foreign id."""
    try:
        return _entry_row(_entries(Entry.objects.for_user(user)).get(pk=entry_id))
    except Entry.DoesNotExist:
        raise Entry.DoesNotExist("No such diary entry.") from None


def entry_list(*, user, date_from="", date_to="", mood="", tag="", q="", limit="", cursor=""):
    """A page of ``user``'s entries, newest first: ``{"results": [...], "next_cursor": ...}``.

    Ordered by (entry_date, id) descending; ``cursor`` continues after the last
    row of the previous page (keyset pagination), so rows written between two
    pages are never repeated nor make another row skipped. Filters (all
    optional, combined with AND): ``date_from``/``date_to`` (inclusive),
    ``mood`` (the effective mood), ``tag`` (case-insensitive), ``q`` (text in
    the title, body or legacy content, case-insensitive). One query.
    """
    errors = {}

    def check(parse, *args, **kwargs):
        try:
            return parse(*args, **kwargs)
        except JournalValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
            return None

    start = check(parse_date, date_from, field_name="from")
    end = check(parse_date, date_to, field_name="to")
    mood_value = check(parse_mood, mood, field_name="mood") if str(mood).strip() else None
    tag_name = check(parse_text_filter, tag, field_name="tag")
    text = check(parse_text_filter, q, field_name="q")
    page_size = check(parse_limit, limit)
    after = check(decode_cursor, cursor) if cursor else None
    if start and end and end < start:
        errors.setdefault("to", []).append(f"{end} is before from ({start}).")
    if errors:
        raise JournalValidationError(errors)

    entries = _entries(Entry.objects.for_user(user))
    if start:
        entries = entries.filter(entry_date__gte=start)
    if end:
        entries = entries.filter(entry_date__lte=end)
    if mood_value is not None:
        entries = entries.filter(mood_value=mood_value)
    if tag_name:
        entries = entries.filter(HasTag(tag_name.lower()))
    if text:
        folded = text.lower()
        entries = entries.annotate(
            title_folded=UnicodeLower("title"),
            body_folded=UnicodeLower("body"),
            content_folded=UnicodeLower("content"),
        ).filter(
            Q(title_folded__contains=folded)
            | Q(body_folded__contains=folded)
            | Q(content_folded__contains=folded)
        )
    if after:
        after_date, after_id = after
        entries = entries.filter(
            Q(entry_date__lt=after_date) | Q(entry_date=after_date, id__lt=after_id)
        )
    rows = list(entries.order_by("-entry_date", "-id")[: page_size + 1])
    next_cursor = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        next_cursor = encode_cursor(rows[-1]["entry_date"], rows[-1]["id"])
    return {"results": [_entry_row(row) for row in rows], "next_cursor": next_cursor}


# Mood trend -------------------------------------------------------------------------


def iso_week_label(day):
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


def mood_trend(*, user, date_from="", date_to="", today=None):
    """Per ISO week of [from, to]: the average mood and the entry counts. One query.

    ``to`` defaults to the user's today, ``from`` to the Monday 11 weeks before
    ``to``'s week (12 weeks). Each week of the window is listed, oldest first,
    also when it has no entry (``count`` 0, ``average_mood`` null); ``start`` is
    the week's Monday, even when ``from`` falls later in that week (only the
    window's days count). ``count`` counts the week's entries, ``mood_count``
    those with a mood; ``average_mood`` is the mean of those moods, rounded half
    up to two places (a Decimal), null when none has one.
    """
    errors = {}
    start = end = None
    try:
        end = parse_date(date_to, field_name="to")
    except JournalValidationError as error:
        errors.update(error.message_dict)
    try:
        start = parse_date(date_from, field_name="from")
    except JournalValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise JournalValidationError(errors)
    if end is None:
        end = today or user_today(user)
    if start is None:
        weeks_back = datetime.timedelta(weeks=DEFAULT_TREND_WEEKS - 1)
        # Near year 1 the default window starts on the first day there is.
        start = max(datetime.date.min + weeks_back, _monday(end)) - weeks_back
    if end < start:
        raise JournalValidationError("to", f"{end} is before from ({start}).")
    if (end - start).days >= MAX_TREND_DAYS:
        raise JournalValidationError(
            "to", f"The window is too long: give at most {MAX_TREND_DAYS} days from `from`."
        )

    mood = effective_mood()
    days = (
        Entry.objects.for_user(user)
        .filter(entry_date__gte=start, entry_date__lte=end)
        .values("entry_date")
        .annotate(entries=Count("id"), moods=Count(mood), mood_sum=Sum(mood))
        .order_by()
    )
    weeks = {}
    monday = _monday(start)
    while True:
        weeks[monday] = {"entries": 0, "moods": 0, "mood_sum": 0}
        # Compared before adding: the Monday after 9999-12-27 does not exist.
        if (end - monday).days < 7:
            break
        monday += datetime.timedelta(weeks=1)
    for day in days:
        week = weeks[_monday(day["entry_date"])]
        week["entries"] += day["entries"]
        week["moods"] += day["moods"]
        week["mood_sum"] += day["mood_sum"] or 0
    return {
        "from": start,
        "to": end,
        "weeks": [
            {
                "week": iso_week_label(monday),
                "start": monday,
                "average_mood": (
                    (Decimal(week["mood_sum"]) / week["moods"]).quantize(
                        Decimal("0.01"), rounding=ROUND_HALF_UP
                    )
                    if week["moods"]
                    else None
                ),
                "count": week["entries"],
                "mood_count": week["moods"],
            }
            for monday, week in weeks.items()
        ],
    }


# Today -------------------------------------------------------------------------------


def today_view(*, user, today):
    """``{"last_mood": {"entry_date", "mood", "mood_int"} | None}``: one query.

    The user's latest entry dated ``today`` or earlier that has a mood
    (``mood_int``, else a legacy integer text ``mood``); latest by entry date,
    then by id.
    """
    row = (
        Entry.objects.for_user(user)
        .filter(entry_date__lte=today)
        .annotate(mood_value=effective_mood())
        .filter(mood_value__isnull=False)
        .order_by("-entry_date", "-id")
        .values("entry_date", "mood", "mood_value")
        .first()
    )
    if row is None:
        return {"last_mood": None}
    return {
        "last_mood": {
            "entry_date": row["entry_date"],
            "mood": row["mood"],
            "mood_int": row["mood_value"],
        }
    }
