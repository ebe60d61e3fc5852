"""Model fields shared by the LifeOS apps."""

import datetime

from django.db import models
from django.utils import timezone

from lifeos.validators import validate_storable_datetime


class BinaryCollationCharField(models.CharField):
    """A CharField compared byte by byte (code point order) on every backend.

    PostgreSQL gives the column the "C" collation so that a prefix range or
    ``LIKE 'abc%'`` can use a plain b-tree index, and ``ORDER BY ... LIMIT`` can
    read it in order, whatever the database's default collation (libc or ICU).
    SQLite's default BINARY collation already compares this way.
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class UTCDateTimeField(models.DateTimeField):
    """A datetime stored as naive UTC in ``timestamp without time zone`` (the legacy type).

    The original application writes ``datetime.utcnow()`` into such columns; its
    databases keep them. Django reads them as aware UTC datetimes and writes
    aware datetimes converted to naive UTC, so neither side shifts the other's
    times and no naive-datetime warning is raised. On SQLite Django's own
    DateTimeField already stores naive UTC text, so only PostgreSQL differs.

    Only datetimes whose UTC value lies in year 1..9999 can be stored: model and
    form validation (every admin form) reject others with a field error.
    """

    default_validators = [validate_storable_datetime]

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "timestamp"
        return super().db_type(connection)

    def from_db_value(self, value, expression, connection):
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            return value.replace(tzinfo=datetime.UTC)
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if (
            connection.vendor == "postgresql"
            and isinstance(value, datetime.datetime)
            and timezone.is_aware(value)
        ):
            return value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value


class LegacyJSONField(models.JSONField):
    """A JSONField stored in PostgreSQL's ``json`` type (the legacy type), not ``jsonb``.

    psycopg2 decodes ``json`` columns itself (Django only disables that for
    ``jsonb``), so a value may arrive already decoded.
    """

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def from_db_value(self, value, expression, connection):
        if value is not None and not isinstance(value, str | bytes | bytearray):
            return value
        return super().from_db_value(value, expression, connection)


class CurrentDate(models.Func):
    """SQL ``CURRENT_DATE``: the database default of the legacy date columns."""

    template = "CURRENT_DATE"
    output_field = models.DateField()

    def __init__(self):
        super().__init__()
