"""A balanced ledger, enforced by PostgreSQL: debits equal credits in every journal entry.

A deferred constraint trigger on finance_journal_line (the approach of
django-hordak) checks, at commit, every journal entry whose lines the
transaction inserted, deleted or changed (entry, debit or credit: filling a
line's user_id does not re-check it); a transaction that leaves one whose
debits and credits differ fails with a check violation (SQLSTATE 23514) and
writes nothing. Lines may be unbalanced in between, so an entry is written line
by line inside one transaction.

Idempotent: CREATE OR REPLACE FUNCTION, and the trigger is created only when
missing, so applying it again (or after the history is forgotten) is safe.
Reversing it keeps the trigger, like every LifeOS migration keeps what it added.
On SQLite it is a no-op: the finance services enforce the same rule there.
"""

from django.db import migrations

from lifeos.schema.operations import RunSQLOnPostgreSQL

CHECK_FUNCTION = """
CREATE OR REPLACE FUNCTION finance_journal_entry_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[] := ARRAY[]::bigint[];
    entry bigint;
    difference numeric;
BEGIN
    IF TG_OP <> 'DELETE' THEN
        touched := touched || NEW.entry_id;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        touched := touched || OLD.entry_id;
    END IF;
    FOREACH entry IN ARRAY touched LOOP
        SELECT COALESCE(SUM(debit), 0) - COALESCE(SUM(credit), 0) INTO difference
        FROM finance_journal_line WHERE entry_id = entry;
        IF difference <> 0 THEN
            RAISE EXCEPTION 'journal entry % is unbalanced: debits minus credits is %',
                entry, difference
                USING ERRCODE = 'check_violation',
                      TABLE = 'finance_journal_line',
                      CONSTRAINT = 'tr_finance_journal_entry_balanced';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$
"""

CREATE_TRIGGER = """
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgname = 'tr_finance_journal_entry_balanced'
        AND tgrelid = 'finance_journal_line'::regclass
    ) THEN
        CREATE CONSTRAINT TRIGGER tr_finance_journal_entry_balanced
        AFTER INSERT OR DELETE OR UPDATE OF entry_id, debit, credit ON finance_journal_line
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION finance_journal_entry_balanced();
    END IF;
END
$$
"""


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_backend_updates_validation"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            sql=[CHECK_FUNCTION, CREATE_TRIGGER],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
