"""Tasks and task logs take their project's user when inserted without one.

The original's 20251215 added a nullable ``user_id`` to both tables without
filling it: older rows hold NULL. Triggers (created only when missing) fill it
on insert, a task from its project and a log from its task; the NULLs already
there are backfilled batch by batch, tasks first, so the logs find their
task's user. This is the only rewrite of a legacy ``user_id``. Reversing it
changes nothing; applying it again is safe.
"""

from lifeos.schema.migration import SchemaThenBackfillMigration
from lifeos.schema.owners import BackfillOwnerFromParent, EnsureOwnerTrigger

OWNED_THROUGH_PARENT = [("task", "project"), ("tasklog", "task")]


class Migration(SchemaThenBackfillMigration):
    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        *(EnsureOwnerTrigger(model, parent=parent) for model, parent in OWNED_THROUGH_PARENT),
        *(BackfillOwnerFromParent(model, parent=parent) for model, parent in OWNED_THROUGH_PARENT),
    ]
