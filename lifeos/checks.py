"""System checks of the LifeOS database (tag ``database``: run only with --database),
and Django's model checks without the one that does not apply to LifeOS."""

import contextlib
import contextvars
import re

from django.core.checks import Error
from django.core.checks.model_checks import check_all_models
from django.db import DatabaseError, connections

from lifeos.schema.verification import check_id, lifeos_models, project_app_labels, verify

# PostgreSQL truncates identifiers beyond 63 bytes; SQLite has no limit.
POSTGRESQL_MAX_NAME_LENGTH = 63
_INDEX_NAME_TOO_LONG = re.compile(r"The index name '(?P<name>[^']+)' cannot be longer than")

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


def check_models(app_configs=None, **kwargs):
    """Django's model checks, less models.E034 where it is Oracle's rule only.

    models.E034 limits index names to 30 characters for Oracle's sake. LifeOS
    targets SQLite and PostgreSQL (63), and its index names are binding: tools
    outside the project look them up by name. So E034 is dropped for the
    project's own models' names of up to 63 characters, and only there (rather
    than silenced everywhere in settings, which hid it for every app and printed
    "(22 silenced)" after every command): a longer name, or another app's, is
    still an error.
    """
    own = set(project_app_labels())
    return [
        error
        for error in check_all_models(app_configs=app_configs, **kwargs)
        if not _is_oracle_only_name_length(error, own)
    ]


def _is_oracle_only_name_length(error, own_labels):
    if error.id != "models.E034":
        return False
    found = _INDEX_NAME_TOO_LONG.match(error.msg)
    return (
        found is not None
        and len(found["name"]) <= POSTGRESQL_MAX_NAME_LENGTH
        and getattr(getattr(error.obj, "_meta", None), "app_label", None) in own_labels
    )
