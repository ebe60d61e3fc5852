"""Repairs of what verify_schema reports: schema drift after migrate, and the backfill.

``converge_schema`` runs from ``post_migrate`` (``lifeos.apps``): the migrations
are recorded once, so a table that drifted later (a dropped index, a lost
column) would otherwise never be repaired by ``manage.py migrate``.
"""

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from lifeos.schema.backfill import backfill_normalized_column
from lifeos.schema.convergence import ensure_table
from lifeos.schema.maintained import (
    ensure_maintained,
    is_emptied,
    maintained_models,
    missing_triggers,
    rebuild,
    stale_rows,
)
from lifeos.schema.state import TableState
from lifeos.schema.verification import lifeos_models, project_app_labels, schema_problems

# Drift that ensure_table cannot repair: it never converts a column's type.
NOT_CONVERGED = {"column_type"}


def fully_migrated_apps(connection):
    """The project's apps whose every migration is recorded as applied on ``connection``."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    return [
        label
        for label in project_app_labels()
        if label in loader.migrated_apps
        and all(node in applied for node in loader.graph.leaf_nodes(label))
    ]


def converge_schema(connection, models_):
    """Add what the tables of ``models_`` lack (tables, columns, indexes); return their names."""
    drifted = {p.table for p in schema_problems(connection, models_) if p.kind not in NOT_CONVERGED}
    repaired = [model for model in models_ if model._meta.db_table in drifted]
    if not repaired:
        return []
    with connection.schema_editor() as schema_editor:
        for model in repaired:
            table = model._meta.db_table
            ensure_table(schema_editor, model, TableState(name=table, exists=False))
    return [model._meta.db_table for model in repaired]


def converge_maintained(connection, models_, *, rebuilt_tables=()):
    """Recreate the maintained tables' missing triggers among ``models_``; recompute stale ones.

    A table that lost a trigger, was just recreated (``rebuilt_tables``) or is
    empty while its source has rows is recomputed from its source: writes made
    meanwhile were not counted.
    Returns the names of the triggers created.
    """
    created = []
    for model in maintained_models(models_):
        force = model._meta.db_table in rebuilt_tables
        if not (
            force
            or missing_triggers(connection, model)
            or is_emptied(connection, model.maintained_by)
        ):
            continue
        # The schema editor is atomic: triggers and recomputed rows commit together.
        with connection.schema_editor() as editor:
            created += ensure_maintained(editor, model, force_rebuild=force)
    return created


def converge_after_migrate(sender, using, verbosity=1, stdout=None, **kwargs):
    """post_migrate: repair drift of the apps whose migrations are all applied."""
    connection = connections[using]
    labels = fully_migrated_apps(connection)
    if not labels:
        return
    models_ = lifeos_models(labels)
    repaired = converge_schema(connection, models_)
    triggers = converge_maintained(connection, models_, rebuilt_tables=repaired)
    if verbosity >= 1 and stdout is not None:
        if repaired:
            stdout.write(
                f"  Repaired schema drift of {len(repaired)} table(s): {', '.join(repaired)}"
            )
        if triggers:
            stdout.write(
                f"  Recreated {len(triggers)} trigger(s) and recomputed what they keep: "
                f"{', '.join(triggers)}"
            )


def fix_maintained(connection):
    """Recompute every maintained table with stale rows; return the rows that were stale."""
    stale = 0
    for model in maintained_models(lifeos_models()):
        table = model._meta.db_table
        if table not in connection.introspection.table_names():
            continue
        count, _ = stale_rows(connection, model)
        if count:
            rebuild(connection, model)
            stale += count
    return stale


def fix_backfill(connection, *, progress=None):
    """Re-normalize every account whose normalized_name drifted; return rows changed."""
    from django.apps import apps

    account = apps.get_model("finance", "Account")
    return backfill_normalized_column(
        connection,
        table=account._meta.db_table,
        pk=account._meta.pk.column,
        source=account._meta.get_field("name").column,
        target=account._meta.get_field("normalized_name").column,
        batch_size=settings.LIFEOS_BACKFILL_BATCH_SIZE,
        include_stale=True,
        progress=progress,
    )
