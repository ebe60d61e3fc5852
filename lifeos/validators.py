"""Range checks of date and time inputs, shared by every app's services, models and forms.

Datetime columns hold naive UTC (``timestamp without time zone`` on PostgreSQL,
text on SQLite; see lifeos.fields.UTCDateTimeField), so a datetime can be
stored only when its UTC value is a Python datetime: from 0001-01-01 00:00:00
to 9999-12-31 23:59:59.999999 UTC. "0001-01-01T00:00:00+01:00" is a valid
aware datetime whose UTC value lies in year 0: PostgreSQL would store it as a
BC timestamp that nothing can read back, SQLite cannot convert it at all.

Dates need no check: a Python date is always within year 1..9999, which both
backends' date columns store and read back.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

DATETIME_MIN = datetime.datetime.min.replace(tzinfo=datetime.UTC)
DATETIME_MAX = datetime.datetime.max.replace(tzinfo=datetime.UTC)
DATETIME_RANGE_TEXT = "0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z"


def is_storable_datetime(value):
    """Whether ``value`` (naive: in the current time zone) has a UTC value in year 1..9999."""
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        return False
    return True


def datetime_range_message(field, value):
    """The error naming ``field``, its value and the allowed range."""
    shown = value.isoformat() if isinstance(value, datetime.datetime) else repr(value)
    return (
        f"{field} {shown} is out of range: give a date and time between "
        f"{DATETIME_RANGE_TEXT} (in UTC)."
    )


def validate_storable_datetime(value):
    """Model and form validator: a datetime column can store ``value`` (None passes)."""
    if isinstance(value, datetime.datetime) and not is_storable_datetime(value):
        raise ValidationError(
            "Enter a date and time between %(low)s and %(high)s (in UTC); "
            "%(value)s is outside that range.",
            code="datetime_out_of_range",
            params={
                "low": DATETIME_MIN.isoformat(),
                "high": DATETIME_MAX.isoformat(),
                "value": value.isoformat(),
            },
        )
