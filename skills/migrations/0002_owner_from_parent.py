"""Skill sessions and metrics take the skill's user when inserted without one.

The original application inserts metrics without ``user_id`` and sessions with
a nullable, unenforced one. Triggers (created only when missing) fill it from
the skill on insert; the rows already there are backfilled batch by batch.
Reversing it changes nothing; applying it again is safe.
"""

from lifeos.schema.migration import SchemaThenBackfillMigration
from lifeos.schema.owners import BackfillOwnerFromParent, EnsureOwnerTrigger

OWNED_THROUGH_PARENT = [("practicesession", "skill"), ("metric", "skill")]


class Migration(SchemaThenBackfillMigration):
    dependencies = [
        ("skills", "0001_initial"),
    ]

    operations = [
        *(EnsureOwnerTrigger(model, parent=parent) for model, parent in OWNED_THROUGH_PARENT),
        *(BackfillOwnerFromParent(model, parent=parent) for model, parent in OWNED_THROUGH_PARENT),
    ]
