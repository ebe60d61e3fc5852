"""Per-account monthly balances, kept by the database from the journal lines.

``finance_account_month_balance`` holds, for each account and calendar month
(UTC) of its entries' ``posted_at``, the sums of its lines' debits and credits
in whole cents (exact on both backends: SQLite adds integers, PostgreSQL
numerics). A trial balance or a forecast's opening reads at most one row per
account and month instead of summing every line (``finance.selectors``).

Triggers keep it right whoever writes, LifeOS or the original application:

- journal lines inserted, deleted, or updated in entry, account or amount
  (on PostgreSQL the inserts and deletes are counted once per statement,
  from its transition table, so a bulk insert costs one grouped upsert);
- an entry moved to another month (``posted_at``), and an entry deleted while
  it still has lines (possible inside one transaction, the foreign keys
  being deferred): its lines leave its month; a line deleted after its entry
  is then not counted a second time;
- an account's ``user_id`` filled or changed, and an account deleted.

A row is never removed when its sums return to zero: readers skip zero rows.
Two transactions posting to the same account and month wait for each other on
its row (as on any running balance): postings are short, and a deadlock, when
two of them touch the same accounts in opposite orders, rolls one back with a
retryable error, never a wrong figure.
"""

from lifeos.schema.maintained import MaintainedTable, Trigger

TABLE = "finance_account_month_balance"
LINES = "finance_journal_line"
ENTRIES = "finance_journal_entry"
ACCOUNTS = "finance_account"


def month_sql(vendor, column):
    """SQL of the first day of ``column``'s UTC month (posted_at is naive UTC on both)."""
    if vendor == "postgresql":
        return f"date_trunc('month', {column})::date"
    return f"substr({column}, 1, 7) || '-01'"


def cents_sql(vendor, column):
    """SQL of a money column as whole cents."""
    if vendor == "postgresql":
        return f"ROUND({column} * 100)"
    return f"CAST(ROUND({column} * 100) AS INTEGER)"


def _upsert(select):
    """Add the ``(account_id, month, user_id, debit_cents, credit_cents)`` rows of ``select``."""
    return (
        f"INSERT INTO {TABLE} (account_id, month, user_id, debit_cents, credit_cents) "
        f"{select} "
        "ON CONFLICT (account_id, month) DO UPDATE SET "
        f"debit_cents = {TABLE}.debit_cents + excluded.debit_cents, "
        f"credit_cents = {TABLE}.credit_cents + excluded.credit_cents"
    )


def _lines_delta(vendor, parts):
    """Grouped deltas of ``parts``: ``(lines relation, entry id column, sign)`` each.

    A line whose entry no longer exists is left out: the entry's delete
    trigger took it out of its month already.
    """
    month, debit, credit = (
        month_sql(vendor, "e.posted_at"),
        cents_sql(vendor, "l.debit"),
        cents_sql(vendor, "l.credit"),
    )
    selects = " UNION ALL ".join(
        f"SELECT l.account_id, {month} AS month, {sign}{debit} AS debit, {sign}{credit} AS credit "
        f"FROM {relation} l JOIN {ENTRIES} e ON e.id = l.entry_id"
        for relation, sign in parts
    )
    # Ordered by key so that concurrent statements lock the rows in one order.
    return _upsert(
        f"SELECT c.account_id, c.month, a.user_id, SUM(c.debit), SUM(c.credit) "
        f"FROM ({selects}) c JOIN {ACCOUNTS} a ON a.id = c.account_id WHERE true "
        "GROUP BY c.account_id, c.month, a.user_id ORDER BY c.account_id, c.month"
    )


def _row_delta(vendor, sign, row):
    """Add ``sign`` times one line (``row`` is OLD or NEW of a row trigger) to its month.

    Nothing when its entry no longer exists (see ``_lines_delta``).
    """
    return _upsert(
        f"SELECT {row}.account_id, {month_sql(vendor, 'e.posted_at')}, a.user_id, "
        f"{sign}{cents_sql(vendor, f'{row}.debit')}, {sign}{cents_sql(vendor, f'{row}.credit')} "
        f"FROM {ENTRIES} e JOIN {ACCOUNTS} a ON a.id = {row}.account_id "
        f"WHERE e.id = {row}.entry_id"
    )


def _entry_lines(vendor, entry, month_of, sign):
    """Add ``sign`` times the lines of ``entry`` (an id expression) to the month ``month_of``."""
    debit, credit = cents_sql(vendor, "l.debit"), cents_sql(vendor, "l.credit")
    return _upsert(
        f"SELECT l.account_id, {month_sql(vendor, month_of)}, a.user_id, "
        f"{sign}SUM({debit}), {sign}SUM({credit}) "
        f"FROM {LINES} l JOIN {ACCOUNTS} a ON a.id = l.account_id "
        f"WHERE l.entry_id = {entry} GROUP BY l.account_id, a.user_id ORDER BY l.account_id"
    )


class AccountMonthBalances(MaintainedTable):
    """The triggers and the rebuild of ``finance_account_month_balance``."""

    table = TABLE
    source_tables = (LINES, ENTRIES, ACCOUNTS)
    key_label = "accounts"

    def triggers(self, vendor):
        if vendor == "postgresql":
            return self._postgresql_triggers()
        return self._sqlite_triggers()

    def _postgresql_triggers(self):
        vendor = "postgresql"
        lines = f"""
CREATE OR REPLACE FUNCTION {TABLE}_from_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_lines_delta(vendor, [("new_lines", "")])};
    ELSIF TG_OP = 'DELETE' THEN
        {_lines_delta(vendor, [("old_lines", "-")])};
    ELSE
        {_lines_delta(vendor, [("old_lines", "-"), ("new_lines", "")])};
    END IF;
    RETURN NULL;
END
$$"""
        # One row's change (its entry, account or amounts): rare, so per row.
        line_update = f"""
CREATE OR REPLACE FUNCTION {TABLE}_from_line_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_row_delta(vendor, "-", "OLD")};
    {_row_delta(vendor, "", "NEW")};
    RETURN NULL;
END
$$"""
        entry = f"""
CREATE OR REPLACE FUNCTION {TABLE}_from_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_entry_lines(vendor, "OLD.id", "OLD.posted_at", "-")};
    IF TG_OP = 'UPDATE' THEN
        {_entry_lines(vendor, "NEW.id", "NEW.posted_at", "")};
    END IF;
    RETURN NULL;
END
$$"""
        account = f"""
CREATE OR REPLACE FUNCTION {TABLE}_from_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM {TABLE} WHERE account_id = OLD.id;
    ELSE
        UPDATE {TABLE} SET user_id = NEW.user_id WHERE account_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$"""
        prefix = f"tg_{TABLE}"
        return [
            Trigger(
                f"{prefix}_line_insert",
                LINES,
                {
                    vendor: [
                        lines,
                        f"CREATE TRIGGER {prefix}_line_insert AFTER INSERT ON {LINES} "
                        "REFERENCING NEW TABLE AS new_lines "
                        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_from_lines()",
                    ]
                },
            ),
            Trigger(
                f"{prefix}_line_delete",
                LINES,
                {
                    vendor: [
                        lines,
                        f"CREATE TRIGGER {prefix}_line_delete AFTER DELETE ON {LINES} "
                        "REFERENCING OLD TABLE AS old_lines "
                        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_from_lines()",
                    ]
                },
            ),
            Trigger(
                f"{prefix}_line_update",
                LINES,
                {
                    vendor: [
                        line_update,
                        f"CREATE TRIGGER {prefix}_line_update AFTER UPDATE ON {LINES} "
                        "FOR EACH ROW WHEN (OLD.entry_id IS DISTINCT FROM NEW.entry_id "
                        "OR OLD.account_id IS DISTINCT FROM NEW.account_id "
                        "OR OLD.debit IS DISTINCT FROM NEW.debit "
                        "OR OLD.credit IS DISTINCT FROM NEW.credit) "
                        f"EXECUTE FUNCTION {TABLE}_from_line_update()",
                    ]
                },
            ),
            Trigger(
                f"{prefix}_entry_update",
                ENTRIES,
                {
                    vendor: [
                        entry,
                        f"CREATE TRIGGER {prefix}_entry_update AFTER UPDATE ON {ENTRIES} "
                        "FOR EACH ROW WHEN (date_trunc('month', OLD.posted_at) "
                        "IS DISTINCT FROM date_trunc('month', NEW.posted_at)) "
                        f"EXECUTE FUNCTION {TABLE}_from_entry()",
                    ]
                },
            ),
            Trigger(
                f"{prefix}_entry_delete",
                ENTRIES,
                {
                    vendor: [
                        entry,
                        f"CREATE TRIGGER {prefix}_entry_delete AFTER DELETE ON {ENTRIES} "
                        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_from_entry()",
                    ]
                },
            ),
            Trigger(
                f"{prefix}_account_owner",
                ACCOUNTS,
                {
                    vendor: [
                        account,
                        f"CREATE TRIGGER {prefix}_account_owner AFTER UPDATE ON {ACCOUNTS} "
                        "FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id) "
                        f"EXECUTE FUNCTION {TABLE}_from_account()",
                    ]
                },
            ),
            Trigger(
                f"{prefix}_account_delete",
                ACCOUNTS,
                {
                    vendor: [
                        account,
                        f"CREATE TRIGGER {prefix}_account_delete AFTER DELETE ON {ACCOUNTS} "
                        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_from_account()",
                    ]
                },
            ),
        ]

    def _sqlite_triggers(self):
        vendor = "sqlite"
        prefix = f"tg_{TABLE}"

        def trigger(name, table, event, body, when=""):
            when_sql = f" WHEN {when}" if when else ""
            return Trigger(
                f"{prefix}_{name}",
                table,
                {
                    vendor: [
                        f"CREATE TRIGGER IF NOT EXISTS {prefix}_{name} AFTER {event} ON {table} "
                        f"FOR EACH ROW{when_sql} BEGIN {body} END"
                    ]
                },
            )

        moved = (
            f"{_entry_lines(vendor, 'OLD.id', 'OLD.posted_at', '-')}; "
            f"{_entry_lines(vendor, 'NEW.id', 'NEW.posted_at', '')};"
        )
        return [
            trigger("line_insert", LINES, "INSERT", f"{_row_delta(vendor, '', 'NEW')};"),
            trigger("line_delete", LINES, "DELETE", f"{_row_delta(vendor, '-', 'OLD')};"),
            trigger(
                "line_update",
                LINES,
                "UPDATE OF entry_id, account_id, debit, credit",
                f"{_row_delta(vendor, '-', 'OLD')}; {_row_delta(vendor, '', 'NEW')};",
            ),
            trigger(
                "entry_update",
                ENTRIES,
                "UPDATE OF posted_at",
                moved,
                when=f"{month_sql(vendor, 'OLD.posted_at')} IS NOT "
                f"{month_sql(vendor, 'NEW.posted_at')}",
            ),
            trigger(
                "entry_delete",
                ENTRIES,
                "DELETE",
                f"{_entry_lines(vendor, 'OLD.id', 'OLD.posted_at', '-')};",
            ),
            trigger(
                "account_owner",
                ACCOUNTS,
                "UPDATE OF user_id",
                f"UPDATE {TABLE} SET user_id = NEW.user_id WHERE account_id = NEW.id;",
                when="OLD.user_id IS NOT NEW.user_id",
            ),
            trigger(
                "account_delete",
                ACCOUNTS,
                "DELETE",
                f"DELETE FROM {TABLE} WHERE account_id = OLD.id;",
            ),
        ]

    def expected_sql(self, vendor):
        """Every (account, month) of the lines: ``account_id, month, user_id, debit, credit``."""
        return (
            f"SELECT l.account_id, {month_sql(vendor, 'e.posted_at')} AS month, a.user_id, "
            f"SUM({cents_sql(vendor, 'l.debit')}) AS debit, "
            f"SUM({cents_sql(vendor, 'l.credit')}) AS credit "
            f"FROM {LINES} l JOIN {ENTRIES} e ON e.id = l.entry_id "
            f"JOIN {ACCOUNTS} a ON a.id = l.account_id "
            f"GROUP BY l.account_id, {month_sql(vendor, 'e.posted_at')}, a.user_id"
        )

    def rebuild_statements(self, vendor):
        """Bring every row to what the lines sum to, touching only the rows that differ."""
        statements = []
        if vendor == "postgresql":
            # Writers wait (they would otherwise be counted twice or not at all).
            statements.append(f"LOCK TABLE {LINES}, {ENTRIES}, {ACCOUNTS} IN SHARE MODE")
        differs = (
            f"{TABLE}.debit_cents <> excluded.debit_cents "
            f"OR {TABLE}.credit_cents <> excluded.credit_cents "
            f"OR {TABLE}.user_id IS DISTINCT FROM excluded.user_id"
        )
        if vendor != "postgresql":
            differs = differs.replace("IS DISTINCT FROM", "IS NOT")
        statements += [
            # Months no line falls in any more: zero (readers skip zero rows).
            f"UPDATE {TABLE} SET debit_cents = 0, credit_cents = 0 "
            "WHERE (debit_cents <> 0 OR credit_cents <> 0) AND NOT EXISTS ("
            f"SELECT 1 FROM {LINES} l JOIN {ENTRIES} e ON e.id = l.entry_id "
            f"WHERE l.account_id = {TABLE}.account_id "
            f"AND {month_sql(vendor, 'e.posted_at')} = {TABLE}.month)",
            f"INSERT INTO {TABLE} (account_id, month, user_id, debit_cents, credit_cents) "
            f"SELECT * FROM ({self.expected_sql(vendor)}) x WHERE true "
            "ON CONFLICT (account_id, month) DO UPDATE SET "
            "user_id = excluded.user_id, debit_cents = excluded.debit_cents, "
            f"credit_cents = excluded.credit_cents WHERE {differs}",
        ]
        return statements

    def stale_rows_sql(self, vendor):
        nonzero = "WHERE debit <> 0 OR credit <> 0"
        expected = (
            "SELECT account_id, month, user_id, debit, credit "
            f"FROM ({self.expected_sql(vendor)}) x {nonzero}"
        )
        stored = (
            f"SELECT account_id, month, user_id, debit_cents AS debit, credit_cents AS credit "
            f"FROM {TABLE} WHERE debit_cents <> 0 OR credit_cents <> 0"
        )
        # One row per (account, month) that is missing, extra or different.
        return (
            "SELECT DISTINCT account_id, month FROM ("
            f"SELECT account_id, month FROM ({expected} EXCEPT {stored}) missing "
            f"UNION ALL SELECT account_id, month FROM ({stored} EXCEPT {expected}) extra) d"
        )


MONTH_BALANCES = AccountMonthBalances()
