"""Tables the database keeps in step with others by triggers, declared on their models.

A model whose rows are derived from other tables (a per-account balance summed
from journal lines, say) declares ``maintained_by``: a ``MaintainedTable``
naming its triggers and the SQL that rebuilds and checks its rows. The core
knows no such table; it finds them among the project's models:

- the app's migration runs ``EnsureMaintainedTable``: it creates each missing
  trigger (PostgreSQL functions are always replaced: ``CREATE OR REPLACE``)
  and, when any trigger was missing, rebuilds the rows from their source, in
  the migration's transaction, so no write is counted twice or lost;
- ``migrate`` repairs the same after the history is complete
  (``lifeos.schema.repair``): a dropped trigger is recreated and the table
  rebuilt, since writes made without the trigger were not counted;
- ``verify_schema`` reports a missing trigger (``missing_trigger``) and rows
  that differ from what their source sums to (``stale_maintained_rows``);
  ``verify_schema --fix-backfill`` rebuilds them.

Writes of the original application, which knows nothing of these tables, are
counted by the triggers like LifeOS's own.
"""

from dataclasses import dataclass, field

from django.db import migrations, transaction

from lifeos.schema.bounded_ddl import bound_ddl
from lifeos.schema.convergence import note


@dataclass(frozen=True)
class Trigger:
    """One trigger: its name, the table it is on, and the statements creating it per vendor.

    A PostgreSQL trigger's statements start with the ``CREATE OR REPLACE
    FUNCTION`` it executes; the last statement creates the trigger itself.
    """

    name: str
    table: str
    statements: dict = field(default_factory=dict)  # vendor -> [sql, ...]


class MaintainedTable:
    """What keeps a derived table right; subclasses fill in the SQL.

    ``table`` is the derived table, ``source_tables`` the tables it is derived
    from (the first holds the rows it sums); ``triggers(vendor)`` the triggers that keep
    it; ``rebuild_statements(vendor)`` recompute every row from the source
    (locking the source against writes on PostgreSQL while they run);
    ``stale_rows_sql(vendor)`` selects one row ``(key, ...)`` per derived row
    that differs from its source, the first column an id that names it.
    """

    table = ""
    source_tables = ()
    # What the first column of stale_rows_sql names, in messages ("accounts 3, 7").
    key_label = "ids"

    def triggers(self, vendor):
        raise NotImplementedError

    def rebuild_statements(self, vendor):
        raise NotImplementedError

    def stale_rows_sql(self, vendor):
        raise NotImplementedError


def maintained_models(models_):
    """The models of ``models_`` that declare ``maintained_by``."""
    return [model for model in models_ if getattr(model, "maintained_by", None) is not None]


def existing_triggers(connection, names):
    """Which of the trigger ``names`` exist on ``connection``."""
    if not names:
        return set()
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ({marks})",
                list(names),
            )
        else:
            cursor.execute(
                f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
                list(names),
            )
        return {name for (name,) in cursor.fetchall()}


def missing_triggers(connection, model):
    """The triggers of ``model``'s ``maintained_by`` that ``connection`` lacks."""
    triggers = model.maintained_by.triggers(connection.vendor)
    present = existing_triggers(connection, [trigger.name for trigger in triggers])
    return [trigger for trigger in triggers if trigger.name not in present]


def _rebuild_in(schema_editor, model):
    spec = model.maintained_by
    note(schema_editor, f"{spec.table}: every row recomputed from {', '.join(spec.source_tables)}")
    for statement in spec.rebuild_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def rebuild(connection, model):
    """Recompute every row of ``model``'s table from its source, in one transaction."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in model.maintained_by.rebuild_statements(connection.vendor):
            cursor.execute(statement)


def ensure_maintained(schema_editor, model, *, force_rebuild=False):
    """Create ``model``'s missing triggers; rebuild its rows when any was missing.

    The rows are rebuilt too when ``force_rebuild``, or when the table is empty
    while its source has rows (``is_emptied``).

    Returns the names of the triggers created. While ``sqlmigrate`` collects
    SQL, every trigger and the rebuild are shown (as if all were missing).
    """
    connection = schema_editor.connection
    spec = model.maintained_by
    triggers = spec.triggers(connection.vendor)
    missing = triggers if schema_editor.collect_sql else missing_triggers(connection, model)
    for trigger in triggers:
        statements = trigger.statements[connection.vendor]
        if trigger in missing:
            note(schema_editor, f"{trigger.name} on {trigger.table}: created only if missing")
            run = statements
        else:
            # Keep the function of an existing PostgreSQL trigger current.
            run = statements[:-1]
        for statement in run:
            schema_editor.execute(statement, params=None)
    if missing or force_rebuild or (not schema_editor.collect_sql and is_emptied(connection, spec)):
        _rebuild_in(schema_editor, model)
    return [trigger.name for trigger in missing]


def is_emptied(connection, spec):
    """Whether ``spec``'s table is empty while its first source table has rows.

    Such a table was dropped and created again (its triggers, which live on
    the source tables, survived): every row must be recomputed.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM {spec.table}) "
            f"AND EXISTS (SELECT 1 FROM {spec.source_tables[0]})"
        )
        return cursor.fetchone() is not None


def stale_rows(connection, model, *, sample=5):
    """(count, first ids) of ``model``'s rows that differ from their source."""
    sql = model.maintained_by.stale_rows_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        keys = [row[0] for row in cursor.fetchall()]
    return len(keys), tuple(sorted(set(keys))[:sample])


class EnsureMaintainedTable(migrations.operations.base.Operation):
    """Create a maintained table's missing triggers and rebuild its rows if any was missing."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name):
        self.model_name = model_name.lower()

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"model_name": self.model_name})

    def state_forwards(self, app_label, state):
        """Triggers are not part of Django's model state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        from django.apps import apps

        state_model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, state_model):
            return
        # The historical model has no class attributes; the spec is the current model's.
        model = apps.get_model(app_label, self.model_name)
        bound_ddl(schema_editor)
        ensure_maintained(schema_editor, model)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Keep the triggers and rows: reversing an additive migration changes nothing."""

    def describe(self):
        return f"Ensure the triggers of {self.model_name} (rows rebuilt when one was missing)"


def maintained_problems(connection, states):
    """Missing triggers and stale rows of the maintained tables among ``states``' models."""
    from lifeos.schema.verification import FIX_BACKFILL, MIGRATE, Problem

    problems = []
    for model in maintained_models(list(states)):
        state = states[model]
        if not state.exists:
            continue  # reported as missing_table; migrate creates it with its triggers
        domain, table = model._meta.app_label, model._meta.db_table
        for trigger in missing_triggers(connection, model):
            problems.append(
                Problem(
                    domain,
                    "missing_trigger",
                    table,
                    trigger.name,
                    f"trigger {trigger.name} on {trigger.table} is missing: writes to "
                    f"{trigger.table} no longer update {table}",
                    repair=f"{MIGRATE} (recreates the trigger and recomputes {table})",
                )
            )
        if not set(model.maintained_by.source_tables) <= set(_tables(connection)):
            continue
        count, sample = stale_rows(connection, model)
        ids = ", ".join(str(pk) for pk in sample) + (", ..." if count > len(sample) else "")
        if count:
            problems.append(
                Problem(
                    domain,
                    "stale_maintained_rows",
                    table,
                    "",
                    f"{count} row(s) of {table} differ from what "
                    f"{', '.join(model.maintained_by.source_tables)} sum to "
                    f"({model.maintained_by.key_label} {ids})",
                    repair=f"{FIX_BACKFILL} (recomputes {table})",
                    rows=count,
                    sample_ids=sample,
                )
            )
    return problems


def _tables(connection):
    return connection.introspection.table_names()
