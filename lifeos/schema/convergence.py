"""Bring one table to what its model describes, creating only what is missing.

Every function here reads the table's state first (``current_state``) and then
issues only the statements that close the gap. Nothing is dropped but a named
index whose definition is wrong (indexes hold no data), and no column is
removed: a table that an earlier release created keeps the columns the models
do not know, with their data, on both backends.

While ``sqlmigrate`` collects SQL, nothing is read from the database: the
planner compares the model with the state the migration starts from, so the
reviewer sees the statements that take such a database to the target, each
run at migrate time only if introspection finds its object missing.
"""

import copy
import logging
import re

from django.apps.registry import Apps
from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models.expressions import Value

from lifeos.schema.state import TableState, expected_column, field_columns, inspect_table

logger = logging.getLogger("lifeos.schema")


def note(schema_editor, text):
    """Add a comment to what ``sqlmigrate`` prints; nothing while migrating."""
    if schema_editor.collect_sql:
        schema_editor.collected_sql.append(f"-- {text}")


def current_state(schema_editor, model, assumed):
    """The table's live state; while reviewing, the state the migration assumes."""
    if schema_editor.collect_sql:
        return assumed
    return inspect_table(schema_editor.connection, model._meta.db_table)


class PreservedColumn(models.Field):
    """A column the models do not know, carried through a SQLite rebuild as declared."""

    def __init__(self, declared_type, default_sql=None, **kwargs):
        self.declared_type = declared_type
        self.default_sql = default_sql
        super().__init__(**kwargs)

    def db_type(self, connection):
        if self.default_sql is None:
            return self.declared_type
        return f"{self.declared_type} DEFAULT {self.default_sql}".strip()


def column_drift(field, actual, connection):
    """How the live column differs from the field: a list of short reasons."""
    expected = expected_column(field, connection)
    reasons = []
    if expected.null != actual.null:
        reasons.append("null" if expected.null else "not null")
    if expected.has_default and not actual.has_default:
        reasons.append("default")
    if expected.collation and (actual.collation or "") != expected.collation:
        reasons.append("collation")
    return reasons


def create_table(schema_editor, model):
    """CREATE TABLE with its indexes; unique constraints become named unique indexes.

    SQLite would otherwise inline UNIQUE into the table as an anonymous
    ``sqlite_autoindex``; a named index is what tools look up on both backends.
    """
    uniques = [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    others = [c for c in model._meta.constraints if c not in uniques]
    original = model._meta.constraints
    model._meta.constraints = others
    try:
        schema_editor.create_model(model)
    finally:
        model._meta.constraints = original
    for constraint in uniques:
        schema_editor.execute(constraint.create_sql(model, schema_editor))


def ensure_table(schema_editor, model, assumed):
    """Create ``model``'s table, or adopt an existing one by adding what it lacks."""
    state = current_state(schema_editor, model, assumed)
    table = model._meta.db_table
    if not state.exists:
        note(schema_editor, f"{table}: created only if the table is missing")
        create_table(schema_editor, model)
        return
    # An adopted table (the original's ``user``) may lack the tables of its
    # many-to-many fields (Django's user_groups, user_user_permissions).
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            ensure_table(schema_editor, through, TableState(through._meta.db_table, exists=False))
    note(schema_editor, f"{table}: exists, so only its missing columns and indexes are added")
    state = converge_table(
        schema_editor,
        model,
        fields=model._meta.local_concrete_fields,
        constraints=model._meta.constraints,
        state=state,
    )
    for index in model._meta.indexes:
        ensure_index(schema_editor, model, index, state)


def converge_table(schema_editor, model, *, fields, constraints, state):
    """Add missing columns and constraints; align nullability, defaults, collation.

    Returns the table's state afterwards.
    """
    connection = schema_editor.connection
    missing = [f for f in fields if f.column not in state.columns]
    drifted = [
        (f, state.columns[f.column])
        for f in fields
        if f.column in state.columns and column_drift(f, state.columns[f.column], connection)
    ]
    checks = [
        c
        for c in constraints
        if isinstance(c, models.CheckConstraint) and c.name not in state.constraints
    ]
    checks = [c for c in checks if enforceable(schema_editor, model, c, state)]
    # Only a foreign key about to be added needs its rows checked (a full join).
    candidates = [f for f in fields if f.column in state.columns and missing_foreign_key(f, state)]
    orphaned = {f.column for f in candidates if has_orphans(schema_editor, f)}
    foreign_keys = [f for f in candidates if f.column not in orphaned]
    extend = (
        connection.vendor == "sqlite"
        and not (drifted or checks or foreign_keys)
        and not all(sqlite_can_add_column(schema_editor, f) for f in missing)
    )
    rebuild = connection.vendor == "sqlite" and (
        drifted
        or checks
        or foreign_keys
        or not all(sqlite_can_add_column(schema_editor, f) for f in missing)
    )
    if rebuild and not extend:
        # The rebuilt table re-declares every foreign key of the model.
        orphaned |= {
            f.column
            for f in fields
            if f.column in state.columns and f not in candidates and has_orphans(schema_editor, f)
        }
    changed = bool(missing or drifted or checks or foreign_keys)

    if extend:
        extend_sqlite_table(schema_editor, model, missing)
    elif rebuild:
        rebuild_sqlite_table(
            schema_editor,
            model,
            state,
            skip_checks=unenforced_checks(model, state, checks),
            skip_foreign_keys=orphaned,
        )
    else:
        for field in foreign_keys:
            note(schema_editor, f"{model._meta.db_table}.{field.column}: foreign key added")
            schema_editor.execute(
                schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s")
            )
        for field in missing:
            note(schema_editor, f"{model._meta.db_table}.{field.column}: added only if missing")
            BaseDatabaseSchemaEditor.add_field(schema_editor, model, field)
        for field, actual in drifted:
            alter_column(schema_editor, model, field, actual)
        for constraint in checks:
            note(schema_editor, f"{constraint.name}: added only if missing")
            schema_editor.execute(constraint.create_sql(model, schema_editor))

    # Re-read the table only where something was done to it (introspection of
    # a SQLite table parses its SQL, the costliest step of adopting a database).
    if changed:
        state = refreshed_state(schema_editor, model, state, fields, constraints)
    for constraint in constraints:
        if isinstance(constraint, models.UniqueConstraint):
            changed |= ensure_unique(schema_editor, model, constraint, state)
    if changed:
        state = refreshed_state(schema_editor, model, state, fields, constraints)
    return state


def refreshed_state(schema_editor, model, before, fields, constraints):
    """The table's state after changes: re-read live, or derived while reviewing."""
    if not schema_editor.collect_sql:
        return inspect_table(schema_editor.connection, model._meta.db_table)
    state = copy.deepcopy(before)
    for field in fields:
        state.columns[field.column] = expected_column(field, schema_editor.connection)
    for constraint in constraints:
        if isinstance(constraint, models.CheckConstraint):
            state.constraints[constraint.name] = {"columns": [], "check": True, "index": False}
    return state


def unenforced_checks(model, state, adding):
    """Check constraints of ``model`` the table neither has nor can get now."""
    return [
        c
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint)
        and c.name not in state.constraints
        and c not in adding
    ]


def sqlite_can_add_column(schema_editor, field):
    """Whether SQLite's ALTER TABLE ADD COLUMN can add ``field`` without a rebuild."""
    if field.primary_key or field.unique:
        return False
    if field.has_db_default():
        return isinstance(field._db_default_expression, Value)
    return field.null and schema_editor.effective_default(field) is None


def fill_value_sql(schema_editor, field):
    """SQL (and params) for the value a NOT NULL column gets where it holds NULL."""
    if field.has_db_default():
        return schema_editor.db_default_sql(field)
    default = schema_editor.effective_default(field)
    if default is None:
        return None, []
    if schema_editor.connection.features.requires_literal_defaults:
        return schema_editor.prepare_default(default), []
    return "%s", [default]


def alter_column(schema_editor, model, field, actual):
    """Align a live column's nullability, default and collation (not SQLite)."""
    quote = schema_editor.quote_name
    table, column = quote(model._meta.db_table), quote(field.column)
    reasons = column_drift(field, actual, schema_editor.connection)
    note(schema_editor, f"{model._meta.db_table}.{field.column}: aligned ({', '.join(reasons)})")
    if "not null" in reasons:
        value_sql, params = fill_value_sql(schema_editor, field)
        if value_sql is not None:
            schema_editor.execute(
                f"UPDATE {table} SET {column} = {value_sql} WHERE {column} IS NULL", params
            )
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL")
    if "null" in reasons:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP NOT NULL")
    if "default" in reasons:
        value_sql, params = schema_editor.db_default_sql(field)
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {value_sql}", params
        )
    if "collation" in reasons:
        db_type = field.db_parameters(schema_editor.connection)["type"]
        collation = quote(field.db_parameters(schema_editor.connection)["collation"])
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {db_type} COLLATE {collation}"
        )


def missing_foreign_key(field, state):
    """Whether ``field`` should reference another table and the live table has no such key."""
    if not (field.remote_field and field.db_constraint):
        return False
    target = (field.target_field.model._meta.db_table, field.target_field.column)
    return not any(
        c.get("foreign_key")
        and tuple(c["foreign_key"]) == target
        and c["columns"] == [field.column]
        for c in state.constraints.values()
    )


def has_orphans(schema_editor, field):
    """Whether rows reference missing targets, so a foreign key cannot be enforced on them."""
    if schema_editor.collect_sql or not (field.remote_field and field.db_constraint):
        return False
    quote = schema_editor.quote_name
    target = field.target_field
    query = (
        f"SELECT COUNT(*) FROM {quote(field.model._meta.db_table)} AS t "
        f"LEFT JOIN {quote(target.model._meta.db_table)} AS r "
        f"ON t.{quote(field.column)} = r.{quote(target.column)} "
        f"WHERE t.{quote(field.column)} IS NOT NULL AND r.{quote(target.column)} IS NULL"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(query)
        orphans = cursor.fetchone()[0]
    if orphans:
        logger.warning(
            "%s.%s: %s rows reference missing %s rows, so no foreign key is enforced on it",
            field.model._meta.db_table,
            field.column,
            orphans,
            target.model._meta.db_table,
        )
    return bool(orphans)


def rebuild_sqlite_table(schema_editor, model, state, skip_checks=(), skip_foreign_keys=()):
    """Rebuild a SQLite table to ``model``'s definition, keeping every row and column.

    SQLite's ALTER TABLE cannot add a NOT NULL column with an expression default,
    a CHECK constraint or NOT NULL to an existing column. This follows SQLite's
    documented twelve-step procedure like Django's ``_remake_table``, but copies
    only the columns the old table really has (Django's would select a missing
    column's quoted name, which SQLite reads as a string literal), carries the
    columns the model does not know with their declared type, and re-creates
    the old table's indexes and triggers from their saved definitions.
    """
    quote = schema_editor.quote_name
    table = model._meta.db_table
    saved = []
    if not schema_editor.collect_sql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE tbl_name = %s AND type IN ('index', 'trigger') AND sql IS NOT NULL",
                [table],
            )
            saved = cursor.fetchall()
    note(
        schema_editor,
        f"{table}: rebuilt (SQLite cannot alter it in place); every row and column is kept",
    )

    known = {f.column for f in model._meta.local_concrete_fields}
    body = {f.name: copy.deepcopy(f) for f in model._meta.local_concrete_fields}
    for field in body.values():
        if field.column in skip_foreign_keys:
            field.db_constraint = False
    copied = {}
    for field in model._meta.local_concrete_fields:
        actual = state.columns.get(field.column)
        if actual is None:
            if not field.has_db_default():
                value_sql, _ = fill_value_sql(schema_editor, field)
                if value_sql is not None:
                    copied[field.column] = value_sql
            continue
        if actual.null and not field.null:
            value_sql, _ = fill_value_sql(schema_editor, field)
            if value_sql is not None:
                copied[field.column] = f"coalesce({quote(field.column)}, {value_sql})"
                continue
        copied[field.column] = quote(field.column)
    for position, (name, column) in enumerate(sorted(state.columns.items())):
        if name in known:
            continue
        body[f"preserved_column_{position}"] = PreservedColumn(
            column.data_type, default_sql=column.default_sql, null=column.null, db_column=name
        )
        copied[name] = quote(name)

    meta = type(
        "Meta",
        (),
        {
            "app_label": model._meta.app_label,
            "db_table": f"new__{table}",
            "indexes": [],
            "constraints": [
                c
                for c in model._meta.constraints
                if isinstance(c, models.CheckConstraint) and c not in skip_checks
            ],
            "apps": Apps(),
        },
    )
    body.update(Meta=meta, __module__=model.__module__)
    new_model = type(f"New{model._meta.object_name}", model.__bases__, body)

    schema_editor.create_model(new_model)
    schema_editor.execute(
        "INSERT INTO {new} ({columns}) SELECT {values} FROM {old}".format(
            new=quote(new_model._meta.db_table),
            columns=", ".join(quote(c) for c in copied),
            values=", ".join(copied.values()),
            old=quote(table),
        )
    )
    schema_editor.execute(f"DROP TABLE {quote(table)}")
    # Triggers of other tables may name this one (finance.balances): with the table
    # dropped, SQLite's schema check of a rename would fail on them.
    schema_editor.execute("PRAGMA legacy_alter_table = ON")
    schema_editor.alter_db_table(new_model, new_model._meta.db_table, table)
    schema_editor.execute("PRAGMA legacy_alter_table = OFF")
    for statement in schema_editor.deferred_sql:
        schema_editor.execute(statement)
    schema_editor.deferred_sql = []
    if saved:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE tbl_name = %s", [table])
            present = {row[0] for row in cursor.fetchall()}
        for name, sql in saved:
            if name not in present:
                schema_editor.execute(sql)


CREATE_TABLE = re.compile(
    r'^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?("[^"]+"|\S+?)\s*\(', re.I
)
TABLE_CONSTRAINT = re.compile(r"^\s*(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b", re.I)


def split_definitions(body):
    """The comma-separated items of a CREATE TABLE body, at the top level only."""
    items, depth, quote, current = [], 0, None, []
    for char in body:
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"`[":
            quote = "]" if char == "[" else char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return [item for item in items if item.strip()]


def extended_create_sql(create_sql, new_table, column_definitions):
    """``create_sql`` for ``new_table``, with ``column_definitions`` after its last column.

    Every existing column, constraint and default is kept exactly as declared.
    """
    match = CREATE_TABLE.match(create_sql)
    body = create_sql[match.end() : create_sql.rindex(")")]
    items = split_definitions(body)
    position = next((i for i, item in enumerate(items) if TABLE_CONSTRAINT.match(item)), len(items))
    items[position:position] = [f" {definition}" for definition in column_definitions]
    return f'CREATE TABLE "{new_table}" (' + ",".join(items) + "\n)"


def extend_sqlite_table(schema_editor, model, fields):
    """Add columns SQLite's ALTER TABLE cannot add, keeping the table's own declaration.

    SQLite refuses ``ADD COLUMN`` with an expression default (``created_at``
    DEFAULT CURRENT_TIMESTAMP) on a table with rows. The table is copied into
    one declared exactly as before plus the new columns, following SQLite's
    documented procedure, and its indexes and triggers are re-created: the
    legacy columns keep their declared types, defaults and foreign keys.
    """
    quote = schema_editor.quote_name
    table = model._meta.db_table
    definitions = []
    for field in fields:
        definition, params = schema_editor.column_sql(model, field, include_default=True)
        if params:
            definition = definition % tuple(schema_editor.quote_value(p) for p in params)
        definitions.append(f"{quote(field.column)} {definition}")
    note(
        schema_editor,
        f"{table}: copied into a table declared as before plus {', '.join(definitions)} "
        "(SQLite cannot add these in place); every row, column, index and trigger is kept",
    )
    if schema_editor.collect_sql:
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        (create_sql,) = cursor.fetchone()
        cursor.execute(
            "SELECT sql FROM sqlite_master "
            "WHERE tbl_name = %s AND type IN ('index', 'trigger') AND sql IS NOT NULL",
            [table],
        )
        saved = [row[0] for row in cursor.fetchall()]
        old_columns = [
            info.name
            for info in schema_editor.connection.introspection.get_table_description(cursor, table)
        ]
    columns = ", ".join(quote(c) for c in old_columns)
    schema_editor.execute(extended_create_sql(create_sql, f"new__{table}", definitions))
    schema_editor.execute(
        f"INSERT INTO {quote('new__' + table)} ({columns}) SELECT {columns} FROM {quote(table)}"
    )
    schema_editor.execute(f"DROP TABLE {quote(table)}")
    # As in rebuild_sqlite_table: no schema check of other tables' triggers mid-swap.
    schema_editor.execute("PRAGMA legacy_alter_table = ON")
    schema_editor.execute(f"ALTER TABLE {quote('new__' + table)} RENAME TO {quote(table)}")
    schema_editor.execute("PRAGMA legacy_alter_table = OFF")
    for statement in saved:
        schema_editor.execute(statement)


def constraint_columns(model, constraint):
    """The columns a check or unique constraint reads."""
    if isinstance(constraint, models.CheckConstraint):
        names = constraint.condition.referenced_base_fields
    else:
        names = constraint.fields
    return {model._meta.get_field(name).column for name in names}


def enforceable(schema_editor, model, constraint, state):
    """Whether existing rows satisfy ``constraint``; when not, warn and leave it out.

    A table that predates a rule may hold rows that break it: the migration keeps
    them (no row is lost) and verify_schema reports them. A rule on a column that
    is only being added now holds: the new column takes its default.
    """
    if schema_editor.collect_sql or not constraint_columns(model, constraint) <= set(state.columns):
        return True
    quote = schema_editor.quote_name
    table = quote(model._meta.db_table)
    if isinstance(constraint, models.CheckConstraint):
        condition = constraint._get_check_sql(model, schema_editor)
        query = f"SELECT COUNT(*) FROM {table} WHERE NOT ({condition})"
    else:
        columns = [quote(c) for c in field_columns(model, constraint.fields)]
        query = (
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE "
            + " AND ".join(f"{c} IS NOT NULL" for c in columns)
            + f" GROUP BY {', '.join(columns)} HAVING COUNT(*) > 1) AS duplicated"
        )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(query)
        violating = cursor.fetchone()[0]
    if violating:
        logger.warning(
            "%s: %s rows of %s break it, so it is not added; fix them and migrate again "
            "(verify_schema lists them)",
            constraint.name,
            violating,
            model._meta.db_table,
        )
        return False
    return True


def drop_named(schema_editor, model, name, existing):
    """Drop a named index or constraint whose definition is wrong."""
    quote = schema_editor.quote_name
    note(schema_editor, f"{name}: re-created because its columns are wrong")
    if existing.get("index") or schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX {quote(name)}")
    else:
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} DROP CONSTRAINT {quote(name)}"
        )


def ensure_unique(schema_editor, model, constraint, state):
    """Create a unique constraint (a named unique index) unless it exists as declared.

    Returns whether the table changed.
    """
    columns = field_columns(model, constraint.fields)
    existing = state.constraints.get(constraint.name)
    if existing and existing.get("unique") and existing.get("columns") == columns:
        return False
    if existing:
        drop_named(schema_editor, model, constraint.name, existing)
    if not enforceable(schema_editor, model, constraint, state):
        return bool(existing)
    note(schema_editor, f"{constraint.name}: created only if missing")
    schema_editor.execute(constraint.create_sql(model, schema_editor))
    return True


def ensure_index(schema_editor, model, index, state):
    """Create a named index unless it exists on the same columns, in the same order."""
    columns = field_columns(model, index.fields)
    existing = state.constraints.get(index.name)
    if (
        existing
        and existing.get("index")
        and not existing.get("unique")
        and existing.get("columns") == columns
    ):
        return
    if existing:
        drop_named(schema_editor, model, index.name, existing)
    note(schema_editor, f"{index.name}: created only if missing")
    schema_editor.add_index(model, index)


__all__ = [
    "TableState",
    "converge_table",
    "create_table",
    "ensure_index",
    "ensure_table",
    "ensure_unique",
]
