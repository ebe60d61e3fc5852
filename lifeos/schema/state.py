"""What a table looks like: read from a live database, or expected from a model.

Both sides use one shape, so the planner in ``convergence`` compares like with
like, and ``sqlmigrate`` can plan against the state a migration starts from.
"""

from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class ColumnState:
    """One column: how the database stores it, or how a model expects it."""

    name: str
    data_type: str
    null: bool
    has_default: bool
    collation: str | None = None
    default_sql: str | None = None


@dataclass
class TableState:
    """A table's columns and its named indexes and constraints.

    ``constraints`` uses the shape of Django's ``get_constraints`` introspection:
    name -> {"columns": [...], "unique": bool, "index": bool, "check": bool, ...}.
    """

    name: str
    exists: bool
    columns: dict[str, ColumnState] = field(default_factory=dict)
    constraints: dict[str, dict] = field(default_factory=dict)


def table_names(connection):
    """Names of the tables of the live database."""
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def inspect_table(connection, table):
    """Read ``table``'s live state through Django's introspection."""
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return TableState(name=table, exists=False)
        description = connection.introspection.get_table_description(cursor, table)
        constraints = connection.introspection.get_constraints(cursor, table)
    columns = {
        info.name: ColumnState(
            name=info.name,
            data_type=str(info.type_code),
            null=bool(info.null_ok),
            has_default=info.default is not None,
            collation=info.collation or None,
            default_sql=None if info.default is None else str(info.default),
        )
        for info in description
    }
    return TableState(name=table, exists=True, columns=columns, constraints=constraints)


def expected_column(field, connection):
    """The column a concrete model field asks for."""
    db_params = field.db_parameters(connection=connection)
    return ColumnState(
        name=field.column,
        data_type=db_params["type"] or "",
        null=field.null,
        has_default=field.has_db_default(),
        collation=db_params.get("collation"),
    )


def field_columns(model, field_names):
    """Database columns of ``field_names`` on ``model``, in order."""
    return [model._meta.get_field(name).column for name in field_names]


def expected_constraints(model):
    """The named indexes and constraints ``model``'s Meta declares, as introspection shows them."""
    expected = {}
    for index in model._meta.indexes:
        expected[index.name] = {
            "columns": field_columns(model, index.fields),
            "unique": False,
            "index": True,
            "check": False,
        }
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            expected[constraint.name] = {
                "columns": field_columns(model, constraint.fields),
                "unique": True,
                "index": True,
                "check": False,
            }
        elif isinstance(constraint, models.CheckConstraint):
            expected[constraint.name] = {
                "columns": [],
                "unique": False,
                "index": False,
                "check": True,
            }
    return expected


def expected_table(model, connection):
    """The state ``model`` describes: what a migration assumes when it is reviewed."""
    columns = {
        field.column: expected_column(field, connection)
        for field in model._meta.local_concrete_fields
    }
    return TableState(
        name=model._meta.db_table,
        exists=True,
        columns=columns,
        constraints=expected_constraints(model),
    )
