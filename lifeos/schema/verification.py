"""Compare the live database with the LifeOS models: the models are the only list.

Read-only: it introspects and reads rows, and never changes the database.
Structure (tables, columns, named indexes and constraints) is compared here;
data invariants live in ``lifeos.schema.invariants``.
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from lifeos.schema.convergence import column_drift
from lifeos.schema.state import expected_constraints, inspect_table

# The domain apps, whose migrations the tests and the benchmark forget and replay.
# What verify_schema checks is wider: every app of the project (project_app_labels).
LIFEOS_APPS = ("finance", "journal", "habits", "health", "skills", "projects", "relationships")
MIGRATE = "python manage.py migrate"
FIX_BACKFILL = "python manage.py verify_schema --fix-backfill"

# Every kind of problem, in the order of their system check ids (lifeos.E001...).
# Append only: the ids are public.
PROBLEM_KINDS = (
    "missing_table",
    "missing_column",
    "column_type",
    "column_null",
    "column_not_null",
    "column_default",
    "column_collation",
    "missing_index",
    "wrong_index",
    "missing_unique",
    "wrong_unique",
    "missing_check",
    "empty_normalized_name",
    "stale_normalized_name",
    "unbalanced_journal_entry",
    "check_violation",
    "database_unreachable",
    "missing_trigger",
    "stale_maintained_rows",
)

# Django field types that store the same kind of value. Backends legitimately
# differ inside a family (SQLite has one integer type; a varchar may be read
# back as text), so only a change of family is a wrong type.
TYPE_FAMILIES = {
    "integer": {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
    },
    "text": {"CharField", "TextField"},
    "number": {"DecimalField", "FloatField"},
    "boolean": {"BooleanField"},
    "datetime": {"DateTimeField"},
    "date": {"DateField"},
    "time": {"TimeField"},
    "duration": {"DurationField"},
    "json": {"JSONField"},
    "uuid": {"UUIDField"},
    "binary": {"BinaryField"},
}
FAMILY_OF = {name: family for family, names in TYPE_FAMILIES.items() for name in names}


def check_id(kind):
    """The system check id of a problem kind: lifeos.E001 for the first."""
    return f"lifeos.E{PROBLEM_KINDS.index(kind) + 1:03d}"


@dataclass(frozen=True)
class Problem:
    """One way the database differs from the models, and how to repair it."""

    domain: str
    kind: str
    table: str
    name: str
    message: str
    repair: str = MIGRATE
    rows: int = 0
    sample_ids: tuple = ()

    def as_dict(self):
        return {**asdict(self), "sample_ids": list(self.sample_ids), "id": check_id(self.kind)}


def project_app_labels():
    """Labels of the project's own apps, from the app registry, in INSTALLED_APPS order.

    An app is the project's own when its package sits at the repository root
    (``lifeos``, ``finance``, ...), unlike Django's or a third party's apps: a new
    app, and any model added to one, is verified without being listed anywhere.
    """
    root = Path(settings.BASE_DIR).resolve()
    return tuple(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == root
    )


def lifeos_models(app_labels=None):
    """Every concrete, managed model of ``app_labels`` (default: the project's apps)."""
    if app_labels is None:
        app_labels = project_app_labels()
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


def expected_field_type(field):
    """The Django field type a column of ``field`` reads back as; FKs take their target's."""
    while field.is_relation:
        field = field.target_field
    return field.get_internal_type()


def live_field_types(connection, table):
    """Each column of ``table`` as introspection reads it back (a Django field type)."""
    types = {}
    with connection.cursor() as cursor:
        for info in connection.introspection.get_table_description(cursor, table):
            try:
                types[info.name] = connection.introspection.get_field_type(info.type_code, info)
            except KeyError:
                types[info.name] = None  # a type Django cannot name: not judged
    return types


def type_problem(connection, model, field, live_type):
    """A Problem when the column stores another kind of value than ``field`` wants."""
    wanted = expected_field_type(field)
    wanted_family = FAMILY_OF.get(wanted)
    live_family = FAMILY_OF.get(live_type)
    if live_type is None or wanted_family is None or wanted_family == live_family:
        return None
    table = model._meta.db_table
    db_type = field.db_parameters(connection)["type"] or wanted
    return Problem(
        model._meta.app_label,
        "column_type",
        table,
        field.column,
        f"column {table}.{field.column} is stored as {live_type}; the model wants {wanted} "
        f"({db_type})",
        repair=f"change the column's type to {db_type} by hand (migrate adds and aligns "
        "columns but never converts a column's type)",
    )


def table_problems(connection, model, state=None):
    """Problems of one model's table: missing, or its columns and named indexes."""
    table = model._meta.db_table
    domain = model._meta.app_label
    state = state or inspect_table(connection, table)
    if not state.exists:
        return [Problem(domain, "missing_table", table, "", f"table {table} is missing")]
    problems = []
    live_types = live_field_types(connection, table)
    for field_ in model._meta.local_concrete_fields:
        actual = state.columns.get(field_.column)
        if actual is None:
            problems.append(
                Problem(
                    domain,
                    "missing_column",
                    table,
                    field_.column,
                    f"column {table}.{field_.column} is missing",
                )
            )
            continue
        wrong_type = type_problem(connection, model, field_, live_types.get(field_.column))
        if wrong_type:
            problems.append(wrong_type)
        for reason in column_drift(field_, actual, connection):
            wanted = {
                "null": "NULL allowed",
                "not null": "NOT NULL",
                "default": "a database default",
                "collation": f"collation {field_.db_parameters(connection).get('collation')}",
            }[reason]
            problems.append(
                Problem(
                    domain,
                    f"column_{reason.replace(' ', '_')}",
                    table,
                    field_.column,
                    f"column {table}.{field_.column} should have {wanted}",
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


def is_name_index(model, constraint):
    """Whether a unique constraint is a named unique index over data (``ux_..._user_name``).

    A unique constraint over foreign keys only (one row per user, one link per
    pair) is a rule about relations, counted with the constraints instead.
    """
    return isinstance(constraint, models.UniqueConstraint) and any(
        not model._meta.get_field(name).is_relation for name in constraint.fields
    )


def named_index_names(models_=None):
    """Names of the named indexes and unique constraints the models declare."""
    names = []
    for model in models_ or lifeos_models():
        names += [index.name for index in model._meta.indexes]
        names += [c.name for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    return names


def counted_index_names(models_=None):
    """The named indexes of the summary: Meta.indexes and unique constraints over data."""
    names = []
    for model in models_ or lifeos_models():
        names += [index.name for index in model._meta.indexes]
        names += [c.name for c in model._meta.constraints if is_name_index(model, c)]
    return names


def expected_counts(models_=None):
    """What the verification covers, counted from the models."""
    models_ = models_ or lifeos_models()
    constraints = [(m, c) for m in models_ for c in m._meta.constraints]
    return {
        "tables": len(models_),
        "indexes": len(counted_index_names(models_)),
        "unique_constraints": sum(
            1
            for m, c in constraints
            if isinstance(c, models.UniqueConstraint) and not is_name_index(m, c)
        ),
        "check_constraints": sum(
            1 for _, c in constraints if isinstance(c, models.CheckConstraint)
        ),
    }


@dataclass
class Report:
    """The outcome of one verification: what was checked and every problem found."""

    database: str
    vendor: str
    produced_at: object
    domains: dict = field(default_factory=dict)  # domain -> [table, ...]
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        counts = self.counts
        return (
            f"{counts['tables']} tables, {counts['indexes']} indexes, "
            f"{counts['unique_constraints'] + counts['check_constraints']} constraints "
            f"({counts['unique_constraints']} unique, {counts['check_constraints']} check), "
            f"{len(self.problems)} problem"
            f"{'' if len(self.problems) == 1 else 's'}"
        )

    def by_domain(self):
        """Per domain: its tables, each with its problems, in model order."""
        grouped = []
        for domain, tables in self.domains.items():
            rows = [
                {"table": table, "problems": [p for p in self.problems if p.table == table]}
                for table in tables
            ]
            grouped.append(
                {
                    "domain": domain,
                    "tables": rows,
                    "problem_count": sum(len(row["problems"]) for row in rows),
                }
            )
        return grouped

    def as_dict(self):
        return {
            "database": self.database,
            "vendor": self.vendor,
            "produced_at": self.produced_at.isoformat(),
            "ok": self.ok,
            "summary": self.summary(),
            "counts": {**self.counts, "problems": len(self.problems)},
            "problems": [p.as_dict() for p in self.problems],
        }


def verify(connection, models_=None):
    """Verify structure and data of the LifeOS tables on ``connection``; read only."""
    from lifeos.schema.invariants import data_problems
    from lifeos.schema.maintained import maintained_problems

    models_ = models_ or lifeos_models()
    report = Report(
        database=connection.alias,
        vendor=connection.vendor,
        produced_at=timezone.now(),
        counts=expected_counts(models_),
    )
    states = {}
    for model in models_:
        report.domains.setdefault(model._meta.app_label, []).append(model._meta.db_table)
        states[model] = inspect_table(connection, model._meta.db_table)
        report.problems += table_problems(connection, model, states[model])
    report.problems += data_problems(connection, states)
    report.problems += maintained_problems(connection, states)
    return report


def render_text(report):
    """The report for people: per domain its problems, then the one-line summary."""
    lines = [
        f"Schema of database {report.database!r} ({report.vendor}), "
        f"verified {report.produced_at:%Y-%m-%d %H:%M:%S %Z}:"
    ]
    for domain in report.by_domain():
        count = domain["problem_count"]
        tables = len(domain["tables"])
        status = "ok" if not count else f"{count} problem{'' if count == 1 else 's'}"
        lines.append(f"{domain['domain']}: {tables} table{'' if tables == 1 else 's'}, {status}")
        for row in domain["tables"]:
            for problem in row["problems"]:
                lines.append(f"  [{check_id(problem.kind)} {problem.kind}] {problem.message}")
                lines.append(f"      repair: {problem.repair}")
    lines.append(report.summary())
    return "\n".join(lines)
