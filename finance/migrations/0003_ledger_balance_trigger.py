"""A balanced ledger, enforced by PostgreSQL: debits equal credits in every journal entry.

A deferred constraint trigger on finance_journal_line (the approach of
django-hordak) checks, at commit, every journal entry whose lines the
transaction inserted, deleted or changed (entry, debit or credit: filling a
line's user_id does not re-check it); a transaction that leaves one whose
debits and credits differ fails with a check violation (SQLSTATE 23514) and
writes nothing. Lines may be unbalanced in between, so an entry is written line
by line inside one transaction.

Each entry is summed once per transaction, not once per line (which made an
entry of 20,000 lines take 89 s to post): the deferred trigger records each
entry it has found balanced in a temporary table of the session,
``finance_journal_entry_checked`` (ON COMMIT DELETE ROWS, so a record lives
until the end of its transaction), and skips the other events of that entry.
An immediate row trigger, ``tr_finance_journal_entry_unchecked``, removes an
entry's record whenever its lines change again, so writes made after the check
(``SET CONSTRAINTS ... IMMEDIATE`` then more writes) are checked again at
commit. A rolled-back savepoint rolls its records back with it.

Idempotent: CREATE OR REPLACE FUNCTION (the balance trigger keeps its name,
definition and function name: only the function's body changed), and each
trigger is created only when missing, so applying it again (or after the
history is forgotten) is safe and replaces a database's quadratic check.
Reversing it keeps the triggers, like every LifeOS migration keeps what it
added. On SQLite it is a no-op: the finance services enforce the same rule
there.
"""

from django.db import migrations

from lifeos.schema.operations import RunSQLOnPostgreSQL

CHECK_FUNCTION = """
CREATE OR REPLACE FUNCTION finance_journal_entry_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[];
    entry bigint;
    difference numeric;
BEGIN
    IF TG_OP = 'INSERT' THEN
        touched := ARRAY[NEW.entry_id];
    ELSIF TG_OP = 'DELETE' OR NEW.entry_id IS NOT DISTINCT FROM OLD.entry_id THEN
        touched := ARRAY[OLD.entry_id];
    ELSE
        touched := ARRAY[NEW.entry_id, OLD.entry_id];
    END IF;
    IF to_regclass('pg_temp.finance_journal_entry_checked') IS NULL THEN
        CREATE TEMPORARY TABLE finance_journal_entry_checked (entry_id bigint PRIMARY KEY)
            ON COMMIT DELETE ROWS;
    END IF;
    FOREACH entry IN ARRAY touched LOOP
        CONTINUE WHEN entry IS NULL OR EXISTS (
            SELECT 1 FROM pg_temp.finance_journal_entry_checked c WHERE c.entry_id = entry
        );
        SELECT COALESCE(SUM(debit), 0) - COALESCE(SUM(credit), 0) INTO difference
        FROM finance_journal_line WHERE entry_id = entry;
        IF difference <> 0 THEN
            RAISE EXCEPTION 'journal entry % is unbalanced: debits minus credits is %',
                entry, difference
                USING ERRCODE = 'check_violation',
                      TABLE = 'finance_journal_line',
                      CONSTRAINT = 'tr_finance_journal_entry_balanced';
        END IF;
        INSERT INTO pg_temp.finance_journal_entry_checked (entry_id) VALUES (entry);
    END LOOP;
    RETURN NULL;
END
$$
"""

UNCHECK_FUNCTION = """
CREATE OR REPLACE FUNCTION finance_journal_entry_unchecked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.finance_journal_entry_checked') IS NOT NULL THEN
        IF TG_OP <> 'DELETE' THEN
            DELETE FROM pg_temp.finance_journal_entry_checked WHERE entry_id = NEW.entry_id;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM pg_temp.finance_journal_entry_checked WHERE entry_id = OLD.entry_id;
        END IF;
    END IF;
    RETURN NULL;
END
$$
"""

CREATE_TRIGGERS = """
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
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgname = 'tr_finance_journal_entry_unchecked'
        AND tgrelid = 'finance_journal_line'::regclass
    ) THEN
        CREATE TRIGGER tr_finance_journal_entry_unchecked
        AFTER INSERT OR DELETE OR UPDATE OF entry_id, debit, credit ON finance_journal_line
        FOR EACH ROW EXECUTE FUNCTION finance_journal_entry_unchecked();
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
            sql=[CHECK_FUNCTION, UNCHECK_FUNCTION, CREATE_TRIGGERS],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
