"""Model fields shared by the LifeOS apps."""

from django.db import models


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
