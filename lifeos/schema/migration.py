"""A migration applied in ordered phases: schema changes atomic, backfills batch by batch.

Django runs a migration in one transaction, so a long backfill inside it either
commits all at once or, when ``migrate`` is killed, loses everything it did. A
``SchemaThenBackfillMigration`` is non-atomic for Django and splits its
operations into phases, in their order: each run of consecutive schema
operations is one phase applied in a transaction of its own (with Django's
deferred SQL, such as foreign keys), so a failure there leaves that phase's
schema as it was; each backfill operation (``commits_in_batches``) is a phase
that commits after every batch. So a migration can add a column, backfill it,
then index it: building an index over a filled column is much cheaper than
keeping it up to date through a million updates.

Interrupted anywhere (even by SIGKILL), the migration is not recorded, and
applying it again is safe: every LifeOS operation is idempotent, so the
committed phases find their objects present and do nothing, the backfill
touches only the rows still pending, and the phases that never ran run. Until
then the database holds the schema of the committed phases, which is always a
subset of the final one (these migrations only add), and the rows not yet
backfilled keep an empty value, as they had before the migration.
"""

import copy
import itertools

from django.db import migrations, transaction


def _commits_in_batches(operation):
    return getattr(operation, "commits_in_batches", False)


class SchemaThenBackfillMigration(migrations.Migration):
    """Consecutive schema operations in one transaction each; backfills committing per batch."""

    atomic = False

    def phases(self):
        """The operations as (commits_in_batches, operations) phases, in order."""
        return [
            (batched, list(operations))
            for batched, operations in itertools.groupby(self.operations, _commits_in_batches)
        ]

    def _part(self, operations):
        part = copy.copy(self)
        part.operations = operations
        return part

    def apply(self, project_state, schema_editor, collect_sql=False):
        connection = schema_editor.connection
        for batched, operations in self.phases():
            part = self._part(operations)
            if batched:
                if collect_sql:
                    schema_editor.collected_sql.append(
                        "-- Committed batch by batch, outside any transaction:"
                    )
                project_state = migrations.Migration.apply(
                    part, project_state, schema_editor, collect_sql
                )
            elif collect_sql:
                transactional = connection.features.can_rollback_ddl
                if transactional:
                    schema_editor.collected_sql.append(connection.ops.start_transaction_sql())
                project_state = migrations.Migration.apply(
                    part, project_state, schema_editor, collect_sql
                )
                self._flush_deferred_sql(schema_editor)
                if transactional:
                    schema_editor.collected_sql.append(connection.ops.end_transaction_sql())
            else:
                with transaction.atomic(using=connection.alias):
                    project_state = migrations.Migration.apply(part, project_state, schema_editor)
                    self._flush_deferred_sql(schema_editor)
        return project_state

    @staticmethod
    def _flush_deferred_sql(schema_editor):
        """Run the SQL Django defers to the end of a migration inside the phase's transaction."""
        for statement in schema_editor.deferred_sql:
            schema_editor.execute(statement)
        schema_editor.deferred_sql = []
