"""System checks of the LifeOS database (tag ``database``: run only with --database)."""

import contextlib
import contextvars

from django.core.checks import Error
from django.db import DatabaseError, connections

from lifeos.schema.verification import check_id, lifeos_models, project_app_labels, verify

_schema_checks_suppressed = contextvars.ContextVar("lifeos_schema_checks_suppressed", default=False)


@contextlib.contextmanager
def schema_checks_suppressed():
    """Leave the schema checks out, for ``migrate``: drift is what it repairs."""
    token = _schema_checks_suppressed.set(True)
    try:
        yield
    finally:
        _schema_checks_suppressed.reset(token)


def check_schema(app_configs=None, databases=None, **kwargs):
    """Every problem verify_schema finds, as errors lifeos.E001...; no database, no access."""
    if not databases or _schema_checks_suppressed.get():
        return []
    labels = project_app_labels()
    if app_configs is not None:
        labels = [c.label for c in app_configs if c.label in labels]
        if not labels:
            return []
    errors = []
    for alias in databases:
        try:
            report = verify(connections[alias], lifeos_models(labels))
        except DatabaseError as error:
            errors.append(
                Error(
                    f"database {alias!r} cannot be reached or read: {str(error).strip()}",
                    hint="check DATABASE_URL and that the server is running",
                    id=check_id("database_unreachable"),
                )
            )
            continue
        errors += [
            Error(
                problem.message,
                hint=f"repair: {problem.repair}",
                obj=f"{alias}.{problem.table}",
                id=check_id(problem.kind),
            )
            for problem in report.problems
        ]
    return errors
