"""The one normalization of account names, shared by saves, the backfill and search."""

import unicodedata

from django.db import models

# Name of the SQL function that runs normalize_account_name inside SQLite, so a
# set-based UPDATE gives exactly what the model's save gives.
SQLITE_NORMALIZE_FUNCTION = "lifeos_normalize_name"
# Name of the SQL function that runs canonical_name inside SQLite (PostgreSQL
# has normalize(text, NFC)).
SQLITE_NFC_FUNCTION = "lifeos_nfc"

# Characters Python's str.split() cuts plain-ASCII text at. For such text SQL's
# btrim with this set, a regexp collapsing runs of it into one space and an
# ASCII-only lower-casing equal normalize_account_name; other text is
# normalized in Python.
ASCII_WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def normalize_account_name(name):
    """Return ``name`` lower-cased, its white-space runs collapsed to one space, trimmed.

    The original application's rule, with Python semantics: ``str.lower()`` (full
    Unicode case mapping), then ``str.split()`` (any ``str.isspace()`` character),
    joined by one U+0020. ``"  Ramen   Shops\n"`` becomes ``"ramen shops"``.
    """
    if name is None:
        return ""
    return " ".join(name.lower().strip().split())


def canonical_name(text):
    """``text`` in Unicode NFC: the form duplicate account names are compared on.

    ``normalize_account_name`` does not compose (the original application
    stores its result as is), so "Épargne" typed as E + U+0301 (NFD) and as a
    precomposed É (NFC) have different normalized names but one canonical name.
    """
    if text is None:
        return ""
    return unicodedata.normalize("NFC", text)


class NFC(models.Func):
    """SQL: an expression's text in Unicode NFC (``canonical_name`` in the database)."""

    output_field = models.CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="normalize(%(expressions)s, NFC)")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_NFC_FUNCTION)
