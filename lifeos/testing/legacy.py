"""Databases of the original application, built from its 20251216 DDL and filled as it fills them.

``legacy_schema/`` holds the schema the original's Alembic chain leaves at
revision 20251216 on each backend (a copy of what the project was given, so
the tests need nothing outside the repository). Everything here is driven by
that DDL, through Django's introspection, not by a hand-picked list of
tables: ``fill_legacy_database`` writes rows into every table, and
``legacy_insert`` writes the INSERT the legacy schema accepts with the least
(its NOT NULL columns without a default), as the original application can.
"""

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import bcrypt
from django.db import connections

SCHEMA_DIR = Path(__file__).resolve().parent / "legacy_schema"
REVISION = "20251216_drop_legacy_habits_relationships"
ROWS_PER_TABLE = 6
USERS = 3
# The first legacy user's password, hashed as Flask-Bcrypt does (cost 12).
LEGACY_PASSWORD = "correct horse battery staple"
# Names the original's service would have normalized, and names created another
# way: '' (the demo seed) or LOWER(TRIM(name)) (its 20251206 backfill).
ACCOUNT_NAMES = [
    ("  Cash   Wallet ", "cash wallet"),
    ("ΣΊΣΥΦΟΣ Fund", ""),
    ("Ramen\tShops", "ramen\tshops"),
    ("Café\u00a0Crème", ""),
    ("İstanbul Trip", "i̇stanbul trip"),
    ("Straße\u3000Savings", ""),
]
SKIPPED = {"alembic_version", "finance_journal_line"}


def load_legacy_schema(alias):
    """Create the 45 tables of a 20251216 database, with ``alembic_version`` recorded."""
    connection = connections[alias]
    sql = (SCHEMA_DIR / f"lifeos_20251216_{connection.vendor}.sql").read_text()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.executescript(sql)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            # pg_dump empties the search path for the session that loads it.
            cursor.execute("RESET search_path")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO alembic_version (version_num) VALUES (%s)", [REVISION])


def legacy_tables(alias):
    """The tables of the legacy database, parents before children."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        relations = {name: connection.introspection.get_relations(cursor, name) for name in names}
    ordered, placed = [], set()
    while len(ordered) < len(names):
        for name in names:
            parents = {table for _, table in relations[name].values()} - {name}
            if name not in placed and parents <= placed:
                ordered.append(name)
                placed.add(name)
    return ordered


def describe(alias, table):
    """Columns of ``table``: (name, Django field type, nullable, has default, max length)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
        relations = connection.introspection.get_relations(cursor, table)
        primary_key = connection.introspection.get_primary_key_columns(cursor, table) or []
    columns = []
    for info in description:
        try:
            field_type = connection.introspection.get_field_type(info.type_code, info)
        except KeyError:  # types Django does not map: SQLite's NUMERIC(p, s) and JSON,
            # PostgreSQL's json (type oid 114)
            declared = str(info.type_code).lower().split("(")[0]
            field_type = {"numeric": "DecimalField", "json": "JSONField", "114": "JSONField"}[
                declared
            ]
        columns.append(
            {
                "name": info.name,
                "type": field_type,
                "null": bool(info.null_ok),
                "default": info.default is not None,
                "length": next(
                    (n for n in (info.display_size, info.internal_size) if n and n > 0), None
                ),
                "precision": (info.precision, info.scale),
                "references": relations.get(info.name),
            }
        )
    return columns, primary_key


def _ids(alias, table):
    quote = connections[alias].ops.quote_name
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT id FROM {quote(table)} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def column_value(column, table, index, *, fresh=""):
    """A realistic value of ``column`` for row ``index`` (``fresh`` makes unique text new)."""
    name, kind = column["name"], column["type"]
    if name == "email":
        return f"person{index}{fresh}@example.com"
    if name == "password_hash":
        return bcrypt.hashpw(
            f"password {index}".encode(), bcrypt.gensalt(12 if index == 0 else 4)
        ).decode()
    if kind == "CharField":
        length = column["length"] or 64
        return f"{name[:6]} {index}{fresh} é  x"[:length]
    if kind == "TextField":
        return f"{table} {name} {index}{fresh}:  spaced\ttext"
    if kind in ("IntegerField", "SmallIntegerField", "BigIntegerField"):
        return index % 5 + 1
    if kind == "DecimalField":
        return Decimal(index) + Decimal("1.25")
    if kind == "BooleanField":
        return index % 2 == 0
    if kind == "DateField":
        return datetime.date(2025, 12, 1) + datetime.timedelta(days=index)
    if kind == "DateTimeField":
        return datetime.datetime(2025, 12, 1, 8, 30, 15, 123456) + datetime.timedelta(hours=index)
    if kind == "JSONField":
        return '["calm", "é"]'
    raise AssertionError(f"no value for {table}.{name} ({kind})")


def _insert(alias, table, values):
    connection = connections[alias]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in values)
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})",
            list(values.values()),
        )


def _row(alias, table, columns, index, ids, users):
    values = {}
    for column in columns:
        name = column["name"]
        if column["references"]:
            _, parent = column["references"]
            parents = users if parent == "user" else ids[parent]
            values[name] = parents[index % len(parents)]
        elif column["null"] and index % 2 == 1:
            values[name] = None
        else:
            values[name] = column_value(column, table, index)
    if table == "finance_account":
        values["name"], values["normalized_name"] = ACCOUNT_NAMES[index % len(ACCOUNT_NAMES)]
        values["account_type"] = ["asset", "liability", "income", "expense", "equity"][index % 5]
    if table == "finance_account_category":
        values["code"] = ["ASSET", "LIABILITY", "INCOME", "Expenses", "Equity", "OTHER"][index]
    if table == "journal_entry":
        values["mood"] = str(index - 3)
        values["mood_int"] = None
    if table in ("project_task", "project_task_log", "skill_practice_session"):
        # Rows older than the original's 20251215 / 20251208 have no owner.
        values["user_id"] = None if index % 2 == 0 else users[index % len(users)]
    return values


def fill_legacy_database(alias):
    """Write rows into every table as the original application writes them; return the user ids.

    ``USERS`` users (the first with ``LEGACY_PASSWORD``), ``ROWS_PER_TABLE`` rows
    per table, row ``i`` owned by user ``i % USERS`` and pointing at row ``i``
    of each parent (so owners agree); NULL in every nullable column of odd
    rows; odd and non-ASCII account names; two balanced lines per journal
    entry, written without ``user_id`` as the original writes them.
    """
    ids = {}
    users = []
    for table in legacy_tables(alias):
        if table in SKIPPED:
            continue
        columns, primary_key = describe(alias, table)
        generated = [] if len(primary_key) > 1 else primary_key
        columns = [c for c in columns if c["name"] not in generated]
        count = USERS if table == "user" else ROWS_PER_TABLE
        for index in range(count):
            values = _row(alias, table, columns, index, ids, users)
            if table == "user" and index == 0:
                values["password_hash"] = bcrypt.hashpw(
                    LEGACY_PASSWORD.encode(), bcrypt.gensalt(12)
                ).decode()
            _insert(alias, table, values)
        if generated:
            ids[table] = _ids(alias, table)
            if table == "user":
                users = ids[table]
    accounts = ids["finance_account"]
    for index, entry_id in enumerate(ids["finance_journal_entry"]):
        amount = Decimal("10.05") * (index + 1)
        other = accounts[(index + USERS) % len(accounts)]
        _insert(
            alias,
            "finance_journal_line",
            {"entry_id": entry_id, "account_id": accounts[index], "debit": amount, "memo": None},
        )
        _insert(
            alias,
            "finance_journal_line",
            {"entry_id": entry_id, "account_id": other, "credit": amount, "memo": "paid"},
        )
    return users


def legacy_insert(alias, table):
    """The smallest INSERT the legacy schema accepts on ``table``; return the new row's values.

    Only the NOT NULL columns without a database default are written, as an
    application that maps just those would. Foreign keys point at existing rows
    (composite keys at a pair not used yet); unique text is fresh.
    """
    columns, primary_key = describe(alias, table)
    connection = connections[alias]
    values = {}
    for column in columns:
        if column["null"] or column["default"]:
            continue
        if column["name"] in primary_key and len(primary_key) == 1:
            continue
        if column["references"]:
            _, parent = column["references"]
            parent_ids = _ids(alias, parent)
            position = -1 if column["name"] == primary_key[0] else 0
            values[column["name"]] = parent_ids[position]
        else:
            values[column["name"]] = column_value(column, table, 99, fresh="new")
    if table == "alembic_version":
        values["version_num"] = "a later revision"
    _insert(alias, table, values)
    if len(primary_key) == 1:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(primary_key[0])}) FROM {quote(table)}")
            values[primary_key[0]] = cursor.fetchone()[0]
    return values


def table_checksums(alias, columns_by_table):
    """A checksum of each table's rows over the given columns (the legacy ones)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    sums = {}
    for table, columns in columns_by_table.items():
        selected = ", ".join(quote(c) for c in columns)
        with connection.cursor() as cursor:
            # Sorted in Python: PostgreSQL cannot order by a json column.
            cursor.execute(f"SELECT {selected} FROM {quote(table)}")
            rows = sorted(repr(tuple(map(_canonical, row))) for row in cursor.fetchall())
        digest = hashlib.sha256(repr(rows).encode())
        sums[table] = (len(rows), digest.hexdigest())
    return sums


def _canonical(value):
    """One spelling per value, whatever the driver returns (SQLite text, PostgreSQL types)."""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return str(Decimal(str(value)).normalize())
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def legacy_columns(alias):
    """Each legacy table's columns, read before the migration."""
    return {table: [c["name"] for c in describe(alias, table)[0]] for table in legacy_tables(alias)}
