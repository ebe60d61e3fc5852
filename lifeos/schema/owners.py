"""``user_id`` derived from the parent row, on tables the original writes without it.

The original application inserts journal lines, scenario rows, receivable
entries, loan-group links, skill metrics and sessions, tasks and task logs
without a ``user_id`` (or with NULL). LifeOS scopes every read by ``user_id``,
so for each such table:

- a database trigger gives a row inserted with a NULL ``user_id`` its parent's
  user (PostgreSQL: BEFORE INSERT, setting NEW.user_id; SQLite: AFTER INSERT,
  updating the new row), so rows the original writes after the migration are
  visible to their owner;
- a batched, resumable backfill fills the NULLs of the rows already there,
  committing per primary-key batch like the ``normalized_name`` backfill.

Both are idempotent: the trigger is created only when missing, and the
backfill touches only rows whose ``user_id`` is NULL.
"""

import time

from django.db import migrations

from lifeos.schema.backfill import BackfillProgress, TerminalProgress, in_committed_batches
from lifeos.schema.bounded_ddl import bound_ddl
from lifeos.schema.convergence import note
from lifeos.schema.maintained import existing_triggers


def owner_path(model, parent):
    """(table, parent foreign-key column, parent table) of a row owned through ``parent``."""
    parent_field = model._meta.get_field(parent)
    return (
        model._meta.db_table,
        parent_field.column,
        parent_field.related_model._meta.db_table,
    )


def trigger_name(table):
    return f"tg_{table}_owner"


def owner_trigger_sql(connection, model, parent):
    """The statements that create the owner trigger of ``model``'s table."""
    quote = connection.ops.quote_name
    table, parent_column, parent_table = owner_path(model, parent)
    name = trigger_name(table)
    parent_user = (
        f"SELECT p.user_id FROM {quote(parent_table)} AS p WHERE p.id = NEW.{quote(parent_column)}"
    )
    if connection.vendor == "postgresql":
        function = f"lifeos_{table}_owner"
        return [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF NEW.user_id IS NULL THEN NEW.user_id := ({parent_user}); END IF; "
            "RETURN NEW; END $$",
            f"CREATE TRIGGER {name} BEFORE INSERT ON {quote(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER INSERT ON {quote(table)} "
        f"FOR EACH ROW WHEN NEW.user_id IS NULL BEGIN "
        f"UPDATE {quote(table)} SET user_id = ({parent_user}) WHERE id = NEW.id; END"
    ]


def has_owner_trigger(connection, table):
    """Whether the owner trigger of ``table`` exists."""
    name = trigger_name(table)
    return name in existing_triggers(connection, [name])


def ensure_owner_trigger(schema_editor, model, parent):
    """Create ``model``'s owner trigger unless it exists."""
    table = model._meta.db_table
    if not schema_editor.collect_sql and has_owner_trigger(schema_editor.connection, table):
        return False
    note(schema_editor, f"{trigger_name(table)}: created only if missing")
    for statement in owner_trigger_sql(schema_editor.connection, model, parent):
        schema_editor.execute(statement, params=None)
    return True


def backfill_sql(connection, model, parent):
    """The UPDATE filling NULL ``user_id``s of one primary-key range from the parent rows."""
    quote = connection.ops.quote_name
    table, parent_column, parent_table = owner_path(model, parent)
    return (
        f"UPDATE {quote(table)} SET user_id = (SELECT p.user_id FROM {quote(parent_table)} AS p "
        f"WHERE p.id = {quote(table)}.{quote(parent_column)}) "
        f"WHERE user_id IS NULL AND id > %s AND id <= %s"
    )


def backfill_owner(connection, model, parent, *, batch_size, commit=None, progress=None):
    """Fill NULL ``user_id``s from the parent rows, batch by batch; return rows changed."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id), COUNT(*) FROM {table} WHERE user_id IS NULL")
        first, last, total = cursor.fetchone()
    if first is None:
        return 0
    statement = backfill_sql(connection, model, parent)
    started, changed, after = time.monotonic(), 0, first - 1
    while after < last:
        until = min(after + batch_size, last)
        with connection.cursor() as cursor:
            cursor.execute(statement, [after, until])
            changed += cursor.rowcount
        if commit:
            commit()
        if progress:
            progress(BackfillProgress(min(changed, total), total, time.monotonic() - started))
        after = until
    return changed


def backfill_owner_in_committed_batches(connection, model, parent, *, batch_size, progress=None):
    """``backfill_owner`` committing after each batch (inside a transaction: in it)."""
    return in_committed_batches(
        connection,
        lambda commit: backfill_owner(
            connection, model, parent, batch_size=batch_size, commit=commit, progress=progress
        ),
    )


class EnsureOwnerTrigger(migrations.operations.base.Operation):
    """Create the trigger that gives rows inserted without ``user_id`` their parent's user."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name, parent):
        self.model_name = model_name.lower()
        self.parent = parent

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "parent": self.parent},
        )

    def state_forwards(self, app_label, state):
        """A trigger is not part of Django's model state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            bound_ddl(schema_editor)
            ensure_owner_trigger(schema_editor, model, self.parent)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Keep the trigger: reversing an additive migration changes nothing."""

    def describe(self):
        return f"Ensure the owner trigger of {self.model_name} (user_id from the parent row)"


class BackfillOwnerFromParent(migrations.operations.base.Operation):
    """Fill ``user_id`` from the parent row where it is NULL, committing per batch."""

    reduces_to_sql = True
    reversible = True
    commits_in_batches = True

    def __init__(self, model_name, parent):
        self.model_name = model_name.lower()
        self.parent = parent

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "parent": self.parent},
        )

    def state_forwards(self, app_label, state):
        """The backfill changes data, not the state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        from django.conf import settings

        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        batch_size = settings.LIFEOS_BACKFILL_BATCH_SIZE
        connection = schema_editor.connection
        if schema_editor.collect_sql:
            schema_editor.collected_sql += [
                f"-- Backfill, in primary-key batches of {batch_size} rows; only rows whose "
                "user_id is NULL are touched.",
                backfill_sql(connection, model, self.parent)
                .replace("%s", "<batch start>", 1)
                .replace("%s", "<batch end>")
                + ";",
            ]
            return
        progress = TerminalProgress.for_stdout(f"Backfilling {model._meta.db_table}.user_id")
        backfill_owner_in_committed_batches(
            connection, model, self.parent, batch_size=batch_size, progress=progress
        )
        if progress and progress.shown_at is not None:
            progress.finish()

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Filled owners stay: they are derived data and lose nothing."""

    def describe(self):
        return f"Backfill {self.model_name}.user_id from its parent row where it is NULL"
