"""The one normalization of account names, shared by saves, the backfill and search."""

# Name of the SQL function that runs normalize_account_name inside SQLite, so a
# set-based UPDATE gives exactly what the model's save gives.
SQLITE_NORMALIZE_FUNCTION = "lifeos_normalize_name"

# Characters Python's str.strip() removes from plain-ASCII text. For such text
# SQL's btrim with this set, then an ASCII-only lower-casing, equals
# normalize_account_name; other text is normalized in Python.
ASCII_WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def normalize_account_name(name):
    """Return ``name`` trimmed of surrounding white space and lower-cased."""
    if name is None:
        return ""
    return name.strip().lower()
