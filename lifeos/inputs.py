"""Parsing of API input, shared by every app's selectors and services.

Bad input raises a ``FieldError``: a Django ``ValidationError`` whose
``message_dict`` is keyed by the API's field name (``from``, ``amount``,
``rows.0.memo``...). Each app subclasses it (``HabitValidationError``...), and
passes its class to the parse functions (``error=``) and to ``FieldErrors``, so
that it keeps raising its own class.

``FieldErrors`` collects every field's problem of one input, so one answer
names them all::

    errors = FieldErrors(HabitValidationError)
    errors.refuse_unknown(fields, HABIT_FIELDS)
    name = errors.check(parse_text, fields.get("name"), "name", max_length=255, required=True)
    errors.raise_any()
"""

import datetime

from django.core.exceptions import ValidationError

__all__ = [
    "ID_MAX",
    "FieldError",
    "FieldErrors",
    "parse_date",
    "parse_id",
    "parse_optional_text",
    "parse_text",
    "path_id",
]

# Largest id a key can have: the primary keys are 32-bit integers on PostgreSQL.
ID_MAX = 2**31 - 1


class FieldError(ValidationError):
    """Bad input; ``message_dict`` maps each field (the API's name) to its messages.

    ``FieldError(field_name, message)`` for one field, ``FieldError({field_name:
    [message, ...], ...})`` for several.
    """

    def __init__(self, field_name, message=None):
        if isinstance(field_name, dict):
            super().__init__(field_name)
        else:
            super().__init__({field_name: [message]})


class FieldErrors:
    """Collects every field's problem, so one answer names them all; raises ``error``."""

    def __init__(self, error=FieldError):
        self.error = error
        self.messages = {}

    def check(self, parse, value, field_name, **kwargs):
        """``parse(value, field_name=field_name, **kwargs)``, or None after recording its error."""
        try:
            return parse(value, field_name=field_name, **kwargs)
        except self.error as error:
            for name, messages in error.message_dict.items():
                self.messages.setdefault(name, []).extend(messages)
            return None

    def add(self, field_name, message):
        self.messages.setdefault(field_name, []).append(message)

    def refuse_unknown(self, fields, allowed):
        """Records "This field cannot be set." for each of ``fields`` not in ``allowed``."""
        for name in sorted(set(fields) - set(allowed)):
            self.add(name, "This field cannot be set.")

    def raise_any(self):
        """Raises ``error`` naming every field recorded, if any."""
        if self.messages:
            raise self.error(self.messages)


def parse_date(value, *, field_name, required=True, error=FieldError):
    """``value`` as a ``datetime.date`` (a date or an ISO ``YYYY-MM-DD`` string), or None."""
    if value is None or value == "":
        if required:
            raise error(field_name, "Give a date (YYYY-MM-DD).")
        return None
    if isinstance(value, datetime.datetime):
        # A datetime is a date too (subclass); a moment is not what is asked for.
        raise error(field_name, "Give a date (YYYY-MM-DD), not a date and time.")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise error(field_name, f"{value!r} is not a date (YYYY-MM-DD).")


def parse_id(value, *, field_name, noun, error=FieldError):
    """``value`` (an int or a string of digits) as a key; anything else does not exist."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= ID_MAX:
        raise error(field_name, f"{noun} {value!r} does not exist.")
    return number


def path_id(value):
    """A path id as an int; ids that cannot exist become 0, which matches nothing.

    Strict: an int, or a string of ASCII digits only (no surrounding space).
    """
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAX:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
        return number if 1 <= number <= ID_MAX else 0
    return 0


def parse_text(value, *, field_name, max_length, required=False, blank=None, error=FieldError):
    """Text, surrounding space dropped; blank is ``blank`` (an error when ``required``).

    ``max_length`` counts the characters left once the space is dropped.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise error(field_name, "This field is required.")
        return blank
    if not isinstance(value, str):
        raise error(field_name, "Give text.")
    value = value.strip()
    if len(value) > max_length:
        raise error(field_name, f"Use at most {max_length:,} characters (it has {len(value):,}).")
    return value


def parse_optional_text(value, *, field_name, max_length, error=FieldError):
    """Text or None; surrounding space dropped, blank stored as NULL (as the original does).

    Unlike ``parse_text``, ``max_length`` counts the characters as given,
    surrounding space included.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise error(field_name, "Give text.")
    if len(value) > max_length:
        raise error(field_name, f"Use at most {max_length:,} characters (it has {len(value):,}).")
    return value.strip() or None
