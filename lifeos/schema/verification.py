"""Compare the live database with the LifeOS models: the models are the only list.

Read-only: it introspects and never changes the database.
"""

from dataclasses import asdict, dataclass

from django.apps import apps
from django.db import models

from lifeos.schema.convergence import column_drift
from lifeos.schema.state import expected_constraints, inspect_table

LIFEOS_APPS = ("finance", "journal", "habits", "health", "skills", "projects", "relationships")
MIGRATE = "python manage.py migrate"


@dataclass(frozen=True)
class Problem:
    """One way the database differs from the models, and how to repair it."""

    domain: str
    kind: str
    table: str
    name: str
    message: str
    repair: str = MIGRATE

    def as_dict(self):
        return asdict(self)


def lifeos_models(app_labels=LIFEOS_APPS):
    """Every concrete model of the LifeOS domain apps, app by app."""
    return [
        model
        for label in app_labels
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and model._meta.managed
    ]


def _index_problems(model, table, expected_name, expected, actual):
    domain = model._meta.app_label
    kind = "unique" if expected.get("unique") else ("check" if expected.get("check") else "index")
    if actual is None:
        return [
            Problem(
                domain,
                f"missing_{kind}",
                table,
                expected_name,
                f"{kind} {expected_name} on "
                f"{table}({', '.join(expected['columns'])}) is missing".replace("()", ""),
            )
        ]
    if expected.get("check"):
        return []
    if actual.get("columns") != expected["columns"] or bool(actual.get("unique")) != bool(
        expected.get("unique")
    ):
        return [
            Problem(
                domain,
                f"wrong_{kind}",
                table,
                expected_name,
                f"{expected_name} on {table} covers ({', '.join(actual.get('columns') or [])})"
                f"{' unique' if actual.get('unique') else ''}; the model wants "
                f"({', '.join(expected['columns'])}){' unique' if expected.get('unique') else ''}",
            )
        ]
    return []


def table_problems(connection, model):
    """Problems of one model's table: missing, or its columns and named indexes."""
    table = model._meta.db_table
    domain = model._meta.app_label
    state = inspect_table(connection, table)
    if not state.exists:
        return [Problem(domain, "missing_table", table, "", f"table {table} is missing")]
    problems = []
    for field in model._meta.local_concrete_fields:
        actual = state.columns.get(field.column)
        if actual is None:
            problems.append(
                Problem(
                    domain,
                    "missing_column",
                    table,
                    field.column,
                    f"column {table}.{field.column} is missing",
                )
            )
            continue
        for reason in column_drift(field, actual, connection):
            wanted = {
                "null": "NULL allowed",
                "not null": "NOT NULL",
                "default": "a database default",
                "collation": f"collation {field.db_parameters(connection).get('collation')}",
            }[reason]
            problems.append(
                Problem(
                    domain,
                    f"column_{reason.replace(' ', '_')}",
                    table,
                    field.column,
                    f"column {table}.{field.column} should have {wanted}",
                )
            )
    for name, expected in expected_constraints(model).items():
        problems += _index_problems(model, table, name, expected, state.constraints.get(name))
    return problems


def schema_problems(connection, models_=None):
    """Every structural difference between the database and the LifeOS models."""
    problems = []
    for model in models_ or lifeos_models():
        problems += table_problems(connection, model)
    return problems


def named_index_names(models_=None):
    """Names of the named indexes and unique constraints the models declare."""
    names = []
    for model in models_ or lifeos_models():
        names += [index.name for index in model._meta.indexes]
        names += [c.name for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    return names
