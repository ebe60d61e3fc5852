"""System checks of the LifeOS database (tag ``database``: run only with --database)."""

import sys

from django.core.checks import Error
from django.db import DatabaseError, connections

from lifeos.schema.verification import LIFEOS_APPS, check_id, lifeos_models, verify


def inside_migrate():
    """Whether ``manage.py migrate`` is running (it runs the database checks first).

    migrate is what repairs schema drift, so these errors must not stop it.
    """
    from django.core.management.commands.migrate import Command as MigrateCommand

    frame = sys._getframe(1)
    while frame is not None:
        if isinstance(frame.f_locals.get("self"), MigrateCommand):
            return True
        frame = frame.f_back
    return False


def check_schema(app_configs=None, databases=None, **kwargs):
    """Every problem verify_schema finds, as errors lifeos.E001...; no database, no access."""
    if not databases or inside_migrate():
        return []
    labels = LIFEOS_APPS
    if app_configs is not None:
        labels = [c.label for c in app_configs if c.label in LIFEOS_APPS]
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
