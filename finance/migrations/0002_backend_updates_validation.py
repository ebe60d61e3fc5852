"""Migration 20251218_backend_updates_validation: what LifeOS adds to the finance tables' data.

Migration ID: 20251218_backend_updates_validation
Revision chain: 20251216_drop_legacy_habits_relationships -> 20251218_backend_updates_validation
(here: finance.0001_initial -> finance.0002_backend_updates_validation)

finance.0001_initial creates the finance tables, or adopts the original
application's tables by adding only the columns and indexes they lack (all
nullable or with a database default). This migration then:

1. creates, where missing, the triggers that give a journal line, scenario
   row, receivable entry or loan-group link inserted without ``user_id`` (as
   the original application inserts them) the user of its parent row;
2. backfills ``finance_account.normalized_name`` where it is empty or NULL with
   lifeos.normalization.normalize_account_name (the original's rule); values
   already there are kept;
3. backfills the NULL ``user_id`` of those four tables from the parent rows.

Step 1 applies in one transaction; the backfills commit batch by batch
(LIFEOS_BACKFILL_BATCH_SIZE rows), so a migrate killed anywhere keeps what
committed and the next one finishes only the pending rows
(lifeos.schema.migration.SchemaThenBackfillMigration). Reversing it changes no
table and loses no row; applying it again afterwards is safe.
"""

from lifeos.schema.migration import SchemaThenBackfillMigration
from lifeos.schema.operations import BackfillNormalizedColumn
from lifeos.schema.owners import BackfillOwnerFromParent, EnsureOwnerTrigger

OWNED_THROUGH_PARENT = [
    ("journalline", "entry"),
    ("moneyschedulescenariorow", "scenario"),
    ("receivablemanualentry", "tracker"),
    ("loangrouplink", "group"),
]


class Migration(SchemaThenBackfillMigration):
    dependencies = [
        ("finance", "0001_initial"),
    ]

    operations = [
        *(EnsureOwnerTrigger(model, parent=parent) for model, parent in OWNED_THROUGH_PARENT),
        BackfillNormalizedColumn("account", source="name", target="normalized_name"),
        *(BackfillOwnerFromParent(model, parent=parent) for model, parent in OWNED_THROUGH_PARENT),
    ]
