"""Writes of the relationships domain: people and interactions with them.

Errors follow ``relationships.selectors``: ``RelationshipsValidationError``
keyed by the API's field name for bad input (nothing is written then), and
``Person.DoesNotExist`` for a person id that is missing or another user's (the
same for both). Every write runs in a transaction.
"""

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from lifeos import inputs
from lifeos.dates import user_today
from lifeos.inputs import FieldErrors
from relationships.models import Interaction, Person
from relationships.selectors import RelationshipsValidationError, path_id

__all__ = [
    "PERSON_FIELDS",
    "clean_interaction",
    "clean_person",
    "interaction_create",
    "person_create",
    "person_delete",
    "person_update",
]

PERSON_FIELDS = (
    "name",
    "relationship_type",
    "importance_level",
    "tags",
    "notes",
    "birthday",
    "first_met_date",
    "email",
    "phone",
)
INTERACTION_FIELDS = ("date", "method", "notes", "sentiment")
IMPORTANCE_MIN, IMPORTANCE_MAX = 1, 5
# Application limits, so a typo cannot store megabytes.
NOTES_MAX_LENGTH = 10_000
MAX_TAGS = 50
TAG_MAX_LENGTH = 64


def _max_length(model, name):
    return model._meta.get_field(name).max_length


_parse_text = partial(inputs.parse_text, error=RelationshipsValidationError)


def _parse_date(value, *, field_name, today, past_only=True):
    """A date (or YYYY-MM-DD) not after ``today``, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        raise RelationshipsValidationError(
            field_name, "Give a date (YYYY-MM-DD), not a date and time."
        )
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise RelationshipsValidationError(
                field_name, f"{value!r} is not a date (YYYY-MM-DD)."
            ) from None
    if not isinstance(value, datetime.date):
        raise RelationshipsValidationError(field_name, f"{value!r} is not a date (YYYY-MM-DD).")
    if past_only and value > today:
        raise RelationshipsValidationError(
            field_name, f"{value} is in the future (today is {today})."
        )
    return value


def _parse_importance(value, *, field_name):
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool):
        raise RelationshipsValidationError(
            field_name, f"Give a whole number from {IMPORTANCE_MIN} to {IMPORTANCE_MAX}."
        )
    if not IMPORTANCE_MIN <= value <= IMPORTANCE_MAX:
        raise RelationshipsValidationError(
            field_name, f"Give a whole number from {IMPORTANCE_MIN} to {IMPORTANCE_MAX}."
        )
    return value


def _parse_tags(value, *, field_name):
    """A list of distinct, non-blank tags (stripped, in the order given)."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise RelationshipsValidationError(field_name, "Give the tags as a list of text.")
    tags = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise RelationshipsValidationError(field_name, "Each tag is non-blank text.")
        tag = item.strip()
        if len(tag) > TAG_MAX_LENGTH:
            raise RelationshipsValidationError(
                field_name, f"A tag has at most {TAG_MAX_LENGTH} characters: {tag[:20]!r}..."
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise RelationshipsValidationError(field_name, f"Give at most {MAX_TAGS} tags.")
    return tags


def _parse_email(value, *, field_name):
    email = _parse_text(
        value, field_name=field_name, max_length=_max_length(Person, "email"), blank=""
    )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RelationshipsValidationError(
                field_name, f"{email!r} is not an e-mail address."
            ) from None
    return email


def clean_person(*, user, fields, person=None):
    """``fields`` of a person (all of them, or those changing ``person``) checked and parsed.

    Rules: ``name`` required, at most 255 characters, not the name of another
    of ``user``'s people (exact match, as the unique index compares);
    ``relationship_type`` free text (suggested: ``RELATIONSHIP_TYPES``), at most
    64; ``importance_level`` 1..5 or None; ``tags`` a list of text; ``notes`` at
    most NOTES_MAX_LENGTH; ``birthday`` and ``first_met_date`` dates not after
    the user's today; ``email`` an e-mail address or blank; ``phone`` text, at
    most 64. Blank optional text is stored as NULL (``email`` and ``phone``:
    ""). Raises RelationshipsValidationError naming every bad field.
    """
    errors = FieldErrors(RelationshipsValidationError)
    errors.refuse_unknown(fields, PERSON_FIELDS)
    errors.raise_any()
    today = user_today(user)
    cleaned = {}
    text_fields = {
        "name": {"max_length": _max_length(Person, "name"), "required": True},
        "relationship_type": {"max_length": _max_length(Person, "relationship_type")},
        "notes": {"max_length": NOTES_MAX_LENGTH},
        "phone": {"max_length": _max_length(Person, "phone"), "blank": ""},
    }
    for name, options in text_fields.items():
        if name in fields:
            cleaned[name] = errors.check(_parse_text, fields[name], name, **options)
    if "importance_level" in fields:
        cleaned["importance_level"] = errors.check(
            _parse_importance, fields["importance_level"], "importance_level"
        )
    if "tags" in fields:
        cleaned["tags"] = errors.check(_parse_tags, fields["tags"], "tags")
    for name in ("birthday", "first_met_date"):
        if name in fields:
            cleaned[name] = errors.check(_parse_date, fields[name], name, today=today)
    if "email" in fields:
        cleaned["email"] = errors.check(_parse_email, fields["email"], "email")
    name = cleaned.get("name")
    if name:
        others = Person.objects.for_user(user).filter(name=name)
        if person is not None:
            others = others.exclude(pk=person.pk)
        if others.exists():
            errors.add("name", f"You already have a person named {name!r}.")
    errors.raise_any()
    return cleaned


def _duplicate_name(name):
    return RelationshipsValidationError("name", f"You already have a person named {name!r}.")


def _get_person(user, person_id, *, lock=False):
    people = Person.objects.for_user(user)
    if lock:
        people = people.select_for_update()
    person = people.filter(pk=path_id(person_id)).first()
    if person is None:
        raise Person.DoesNotExist("No such person.")
    return person


def person_create(
    *,
    user,
    name,
    relationship_type=None,
    importance_level=None,
    tags=None,
    notes=None,
    birthday=None,
    first_met_date=None,
    email="",
    phone="",
):
    """Add one of ``user``'s people (rules: ``clean_person``); returns the Person."""
    cleaned = clean_person(
        user=user,
        fields={
            "name": name,
            "relationship_type": relationship_type,
            "importance_level": importance_level,
            "tags": tags,
            "notes": notes,
            "birthday": birthday,
            "first_met_date": first_met_date,
            "email": email,
            "phone": phone,
        },
    )
    try:
        with transaction.atomic():
            return Person.objects.create(user=user, **cleaned)
    except IntegrityError:
        # Another request added the same name between the check and the insert.
        raise _duplicate_name(cleaned["name"]) from None


def person_update(*, user, person_id, **fields):
    """Change the fields given of ``user``'s person ``person_id`` (rules: ``clean_person``).

    Raises Person.DoesNotExist for a missing or another user's person.
    """
    try:
        with transaction.atomic():
            person = _get_person(user, person_id, lock=True)
            cleaned = clean_person(user=user, fields=fields, person=person)
            for name, value in cleaned.items():
                setattr(person, name, value)
            if cleaned:
                person.save(update_fields=[*cleaned, "updated_at"])
    except IntegrityError:
        raise _duplicate_name(fields.get("name")) from None
    return person


def person_delete(*, user, person_id):
    """Delete ``user``'s person ``person_id`` with their interactions."""
    with transaction.atomic():
        person = _get_person(user, person_id)
        Interaction.objects.for_user(user).filter(person=person).delete()
        person.delete()


def clean_interaction(*, user, fields):
    """An interaction's fields checked and parsed.

    ``date`` defaults to the user's today and may not be after it (an
    interaction is something that happened); ``method`` free text (suggested:
    ``INTERACTION_METHODS``), at most 64; ``sentiment`` free text, at most 32;
    ``notes`` at most NOTES_MAX_LENGTH. Blank text is stored as NULL.
    """
    errors = FieldErrors(RelationshipsValidationError)
    errors.refuse_unknown(fields, INTERACTION_FIELDS)
    errors.raise_any()
    today = user_today(user)
    cleaned = {
        "date": errors.check(_parse_date, fields.get("date"), "date", today=today) or today,
        "method": errors.check(
            _parse_text,
            fields.get("method"),
            "method",
            max_length=_max_length(Interaction, "method"),
        ),
        "sentiment": errors.check(
            _parse_text,
            fields.get("sentiment"),
            "sentiment",
            max_length=_max_length(Interaction, "sentiment"),
        ),
        "notes": errors.check(
            _parse_text, fields.get("notes"), "notes", max_length=NOTES_MAX_LENGTH
        ),
    }
    errors.raise_any()
    return cleaned


def interaction_create(*, user, person_id, **fields):
    """Record an interaction with ``user``'s person ``person_id``; returns the Interaction.

    Raises Person.DoesNotExist for a missing or another user's person,
    RelationshipsValidationError naming each bad field (rules: ``clean_interaction``).
    """
    with transaction.atomic():
        person = _get_person(user, person_id)
        cleaned = clean_interaction(user=user, fields=fields)
        return Interaction.objects.create(user=user, person=person, **cleaned)
