"""A migration whose schema changes are atomic and whose backfill commits batch by batch.

Django runs a migration in one transaction, so a long backfill inside it either
commits all at once or, when ``migrate`` is killed, loses everything it did. A
``SchemaThenBackfillMigration`` is non-atomic for Django, but applies all its
schema operations in one transaction of its own (with Django's deferred SQL,
such as foreign keys), so a failure there leaves the schema as it was; then its
trailing backfill operations (``commits_in_batches``) commit after every batch.
Every LifeOS operation is idempotent, so when it is interrupted, applying the
whole migration again is safe and finishes only the pending rows.
"""

import copy

from django.db import migrations, transaction


class SchemaThenBackfillMigration(migrations.Migration):
    """Schema operations in one transaction, then backfills committing per batch."""

    atomic = False

    def _split(self):
        batched = [getattr(op, "commits_in_batches", False) for op in self.operations]
        first = batched.index(True) if True in batched else len(batched)
        if not all(batched[first:]):
            raise ValueError(
                f"{self.app_label}.{self.name}: backfill operations must come after every "
                "schema operation, so the schema part can commit before they start"
            )
        return self.operations[:first], self.operations[first:]

    def _part(self, operations):
        part = copy.copy(self)
        part.operations = operations
        return part

    def apply(self, project_state, schema_editor, collect_sql=False):
        schema_operations, backfills = self._split()
        connection = schema_editor.connection
        schema = self._part(schema_operations)
        if collect_sql:
            transactional = connection.features.can_rollback_ddl
            if transactional:
                schema_editor.collected_sql.append(connection.ops.start_transaction_sql())
            project_state = migrations.Migration.apply(
                schema, project_state, schema_editor, collect_sql
            )
            self._flush_deferred_sql(schema_editor)
            if transactional:
                schema_editor.collected_sql.append(connection.ops.end_transaction_sql())
            schema_editor.collected_sql.append(
                "-- The backfill below runs after that commit, committing every batch."
            )
        else:
            with transaction.atomic(using=connection.alias):
                project_state = migrations.Migration.apply(schema, project_state, schema_editor)
                self._flush_deferred_sql(schema_editor)
        return migrations.Migration.apply(
            self._part(backfills), project_state, schema_editor, collect_sql
        )

    @staticmethod
    def _flush_deferred_sql(schema_editor):
        """Run the SQL Django defers to the end of a migration inside the schema transaction."""
        for statement in schema_editor.deferred_sql:
            schema_editor.execute(statement)
        schema_editor.deferred_sql = []
