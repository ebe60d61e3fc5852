"""The one normalization of account names, shared by saves, the backfill and search."""

# Name of the SQL function that runs normalize_account_name inside SQLite, so a
# set-based UPDATE gives exactly what the model's save gives.
SQLITE_NORMALIZE_FUNCTION = "lifeos_normalize_name"

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
