"""Writes of the journal: diary entries with their mood and tags.

Bad input raises ``JournalValidationError`` keyed by the API's field names,
naming every bad field at once; nothing is written. An entry id that is
missing or another user's raises ``Entry.DoesNotExist`` (the same for both).

Tags are a list of names stored on the entry (``journal_entry.tags``, JSON):
a name is "created" simply by being written on one of the user's entries, so
tags are per user by construction. The original's global ``journal_tag``
table (a unique name shared by every user) is not written: reusing its rows
would tell one user which tag names another user has.
"""

from django.db import transaction

from journal.models import Entry
from journal.selectors import (
    TAG_MAX_LENGTH,
    JournalValidationError,
    normalize_tag,
    parse_date,
    parse_mood,
)
from lifeos.dates import user_today

__all__ = ["ENTRY_FIELDS", "clean_entry", "entry_create", "entry_delete", "entry_update"]

ENTRY_FIELDS = ("entry_date", "title", "body", "mood_int", "tags", "is_private", "emotion_label")
TITLE_MAX_LENGTH = Entry._meta.get_field("title").max_length
EMOTION_MAX_LENGTH = Entry._meta.get_field("emotion_label").max_length
# Application limits, so a typo cannot store megabytes.
BODY_MAX_LENGTH = 100_000
MAX_TAGS = 20


def _optional_text(value, *, field_name, max_length):
    """Text or None; surrounding space dropped, blank stored as NULL."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise JournalValidationError(field_name, "Give text.")
    value = value.strip()
    if len(value) > max_length:
        raise JournalValidationError(
            field_name, f"Use at most {max_length:,} characters (it has {len(value):,})."
        )
    return value or None


def _body(value):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise JournalValidationError("body", "Give text.")
    if len(value) > BODY_MAX_LENGTH:
        raise JournalValidationError(
            "body", f"Use at most {BODY_MAX_LENGTH:,} characters (it has {len(value):,})."
        )
    return value


def _tags(value):
    """A list of tag names: trimmed, inner space collapsed, repeats (ignoring case) dropped."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise JournalValidationError("tags", "Give a list of tag names.")
    names, seen = [], set()
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str) or not normalize_tag(item):
            raise JournalValidationError("tags", f"Tag {position} must be a non-blank name.")
        name = normalize_tag(item)
        if len(name) > TAG_MAX_LENGTH:
            raise JournalValidationError(
                "tags", f"Tag {position} is too long: use at most {TAG_MAX_LENGTH} characters."
            )
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    if len(names) > MAX_TAGS:
        raise JournalValidationError("tags", f"Give at most {MAX_TAGS} tags.")
    return names


def _flag(value, *, field_name):
    if not isinstance(value, bool):
        raise JournalValidationError(field_name, "Give true or false.")
    return value


def _entry_date(value):
    day = parse_date(value, field_name="entry_date")
    if day is None:
        raise JournalValidationError("entry_date", "Give a date (YYYY-MM-DD).")
    return day


def _mood(value):
    if isinstance(value, str):
        raise JournalValidationError("mood_int", "Give a whole number from -5 to 5, not text.")
    return None if value is None else parse_mood(value, field_name="mood_int")


PARSERS = {
    "entry_date": _entry_date,
    "title": lambda value: _optional_text(value, field_name="title", max_length=TITLE_MAX_LENGTH),
    "body": _body,
    "mood_int": _mood,
    "tags": _tags,
    "is_private": lambda value: _flag(value, field_name="is_private"),
    "emotion_label": lambda value: _optional_text(
        value, field_name="emotion_label", max_length=EMOTION_MAX_LENGTH
    ),
}


def clean_entry(fields):
    """``fields`` (a subset of ENTRY_FIELDS) checked and parsed; every bad field named at once."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise JournalValidationError({name: ["Unknown field."] for name in sorted(unknown)})
    cleaned, errors = {}, {}
    for name, value in fields.items():
        try:
            cleaned[name] = PARSERS[name](value)
        except JournalValidationError as error:
            for field_name, messages in error.message_dict.items():
                errors.setdefault(field_name, []).extend(messages)
    if errors:
        raise JournalValidationError(errors)
    return cleaned


@transaction.atomic
def entry_create(*, user, **fields):
    """A new entry of ``user``; ``entry_date`` defaults to the user's today, ``is_private`` true."""
    if fields.get("entry_date") is None:
        fields["entry_date"] = user_today(user)
    if fields.get("is_private") is None:
        fields["is_private"] = True
    cleaned = clean_entry(fields)
    entry = Entry(user=user, **cleaned)
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, user, entry_id, **fields):
    """Change the fields given of one of ``user``'s entries (only those columns are written).

    The legacy ``mood`` text is rewritten only when ``mood_int`` is given, so a
    legacy entry's text mood ("happy") survives edits of its other fields.
    """
    entry = Entry.objects.for_user(user).select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise Entry.DoesNotExist("No such diary entry.")
    cleaned = clean_entry(fields)
    if not cleaned:
        return entry
    for name, value in cleaned.items():
        setattr(entry, name, value)
    entry.save(update_fields=[*cleaned, "updated_at"])
    return entry


@transaction.atomic
def entry_delete(*, user, entry_id):
    """Delete one of ``user``'s entries."""
    deleted, _ = Entry.objects.for_user(user).filter(pk=entry_id).delete()
    if not deleted:
        raise Entry.DoesNotExist("No such diary entry.")
