"""Idempotent, additive migration operations: each creates only what is missing.

They change the migration state exactly like the Django operations they extend,
so ``makemigrations --check`` sees ordinary models; on the database they
introspect first (``lifeos.schema.convergence``). Reversing any of them changes
no table and loses no row, and applying them again afterwards adopts what is
there.

On PostgreSQL every statement they issue waits a bounded time for its table
lock and is retried (``lifeos.schema.bounded_ddl``).

Under ``sqlmigrate`` they read nothing from the database and print the SQL that
takes a database in the migration's starting state to its end state.
"""

from django.conf import settings
from django.db import migrations
from django.db.migrations.operations.base import Operation
from django.db.models import UniqueConstraint

from lifeos.schema.backfill import (
    INDEX_REBUILD_THRESHOLD,
    NormalizedColumnBackfill,
    TerminalProgress,
    backfill_in_committed_batches,
    drop_indexes,
)
from lifeos.schema.bounded_ddl import bound_ddl
from lifeos.schema.convergence import (
    converge_table,
    current_state,
    ensure_index,
    ensure_table,
    ensure_unique,
    note,
)
from lifeos.schema.state import TableState, expected_table


class EnsureCreateModel(migrations.CreateModel):
    """Create the model's table, or adopt an existing one by adding what it lacks."""

    reduces_to_sql = True

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        bound_ddl(schema_editor)
        model = to_state.apps.get_model(app_label, self.name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            assumed = TableState(name=model._meta.db_table, exists=False)
            ensure_table(schema_editor, model, assumed)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Keep the table and its rows: these migrations only ever add."""

    def describe(self):
        return f"Ensure model {self.name} (create its table, or add what an existing one lacks)"


class EnsureAddIndex(migrations.AddIndex):
    """Create a named index unless it exists on the same columns."""

    reduces_to_sql = True

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        bound_ddl(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            before = from_state.apps.get_model(app_label, self.model_name)
            assumed = expected_table(before, schema_editor.connection)
            state = current_state(schema_editor, model, assumed)
            ensure_index(schema_editor, model, self.index, state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Keep the index: reversing an additive migration changes nothing."""

    def describe(self):
        return f"Ensure index {self.index.name} on {self.model_name}"


class EnsureAddConstraint(migrations.AddConstraint):
    """Add a named constraint unless it exists; rows that break it are kept and reported."""

    reduces_to_sql = True

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        bound_ddl(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        before = from_state.apps.get_model(app_label, self.model_name)
        state = current_state(
            schema_editor, model, expected_table(before, schema_editor.connection)
        )
        if isinstance(self.constraint, UniqueConstraint):
            ensure_unique(schema_editor, model, self.constraint, state)
        else:
            converge_table(
                schema_editor, model, fields=[], constraints=[self.constraint], state=state
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Keep the constraint: reversing an additive migration changes nothing."""

    def describe(self):
        return f"Ensure constraint {self.constraint.name} on {self.model_name}"


def _no_python(apps, schema_editor):
    """Placeholder: EnsureColumns does its work in database_forwards."""


class EnsureColumns(migrations.RunPython):
    """Add the columns (and constraints) of existing-table fields that are missing.

    Meant as the database side of a ``SeparateDatabaseAndState`` whose state side
    holds the matching ``AddField``/``AddConstraint`` operations. It needs no
    model from the migration state: Django runs a database operation there with
    the state from *before* the state operations, so it adds the fields to a
    copy of that state itself. Columns that exist are left alone, except that
    nullability, database default and collation are aligned with the model.
    """

    reduces_to_sql = True

    def __init__(self, model_name, fields, constraints=(), hints=None):
        self.model_name = model_name.lower()
        self.fields = list(fields)
        self.constraints = list(constraints)
        super().__init__(_no_python, migrations.RunPython.noop, hints=hints)

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "fields": self.fields}
        if self.constraints:
            kwargs["constraints"] = self.constraints
        return self.__class__.__qualname__, [], kwargs

    def _target_model(self, app_label, from_state):
        state = from_state.clone()
        model_state = state.models[app_label, self.model_name]
        for name, field in self.fields:
            if name not in model_state.fields:
                state.add_field(app_label, self.model_name, name, field.clone(), True)
        present = {c.name for c in model_state.options.get("constraints", [])}
        for constraint in self.constraints:
            if constraint.name not in present:
                state.add_constraint(app_label, self.model_name, constraint.clone())
        return state.apps.get_model(app_label, self.model_name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        bound_ddl(schema_editor)
        model = self._target_model(app_label, from_state)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        note(schema_editor, self.describe())
        fields = [model._meta.get_field(name) for name, _ in self.fields]
        names = {c.name for c in self.constraints}
        constraints = [c for c in model._meta.constraints if c.name in names]
        assumed = expected_table(model, schema_editor.connection)
        for field in fields:
            assumed.columns.pop(field.column, None)
        for name in names:
            assumed.constraints.pop(name, None)
        state = current_state(schema_editor, model, assumed)
        converge_table(schema_editor, model, fields=fields, constraints=constraints, state=state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Keep the columns and their data: the source's rollback is a no-op."""

    def describe(self):
        names = ", ".join(name for name, _ in self.fields)
        return f"Ensure columns {names} on {self.model_name} (added only where missing)"


class BackfillNormalizedColumn(Operation):
    """Fill ``target`` with the normalization of ``source`` where it is empty or NULL.

    Outside a transaction (a backfill phase of a ``SchemaThenBackfillMigration``) it
    commits after every primary-key batch, so an interrupted backfill keeps the
    batches it finished and the next run completes only the pending rows. On a
    terminal it shows its progress.
    """

    reduces_to_sql = True
    reversible = True
    commits_in_batches = True

    def __init__(self, model_name, source, target):
        self.model_name = model_name.lower()
        self.source = source
        self.target = target

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "source": self.source, "target": self.target},
        )

    def state_forwards(self, app_label, state):
        """The backfill changes data, not the state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        options = {
            "table": model._meta.db_table,
            "pk": model._meta.pk.column,
            "source": model._meta.get_field(self.source).column,
            "target": model._meta.get_field(self.target).column,
        }
        batch_size = settings.LIFEOS_BACKFILL_BATCH_SIZE
        if schema_editor.collect_sql:
            backfill = NormalizedColumnBackfill(schema_editor.connection, **options)
            schema_editor.collected_sql.extend(backfill.review_sql(batch_size))
            return
        progress = TerminalProgress.for_stdout(
            f"Backfilling {options['table']}.{options['target']}"
        )
        connection = schema_editor.connection
        bound_ddl(schema_editor)
        indexes = [
            index for index in model._meta.indexes if self.target in index.fields and index.name
        ]
        pending = NormalizedColumnBackfill(connection, **options).count_pending()
        rebuild = pending >= INDEX_REBUILD_THRESHOLD and not connection.in_atomic_block
        if rebuild:
            # Keeping the target's indexes up to date through every updated row
            # costs far more than building them once afterwards; they hold no data.
            drop_indexes(schema_editor, model, indexes)
        backfill_in_committed_batches(
            connection, batch_size=batch_size, progress=progress, **options
        )
        if progress:
            progress.finish()
        # Always, so a backfill interrupted after dropping them finds them re-created.
        state = current_state(schema_editor, model, expected_table(model, connection))
        for index in indexes:
            ensure_index(schema_editor, model, index, state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        """Normalized values stay: they are derived data and lose nothing."""

    def describe(self):
        return (
            f"Backfill {self.model_name}.{self.target} from {self.source} where it is empty or NULL"
        )


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL applied on PostgreSQL only (a no-op elsewhere); its SQL must be idempotent.

    For what only PostgreSQL can enforce, such as constraint triggers. Its
    statements run with bounded lock waits like every LifeOS operation, and
    ``sqlmigrate`` prints them as they are.
    """

    def _applies(self, schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if self._applies(schema_editor):
            bound_ddl(schema_editor)
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if self._applies(schema_editor):
            bound_ddl(schema_editor)
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL operation (PostgreSQL only; idempotent)"
