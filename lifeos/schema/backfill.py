"""Set-based, batched backfill of a normalized column from its source column.

Every backend produces exactly ``normalize_account_name(source)``:
- SQLite calls that very Python function, registered as a deterministic SQL
  function on every connection (``lifeos.apps``), in one UPDATE per batch;
- PostgreSQL normalizes plain-ASCII names in SQL, where ``btrim`` with Python's
  ASCII white space and a C-collation ``lower`` agree with Python, and the rest
  (non-ASCII names, rare) in Python, in the same batch.
Only rows whose target is empty or NULL are touched, so a re-run, or a run after
an interruption, finishes only what is still pending.
"""

import sys
import time
from dataclasses import dataclass

from lifeos.normalization import ASCII_WHITESPACE, SQLITE_NORMALIZE_FUNCTION, normalize_account_name

# From this many pending rows on, a migration's backfill drops the indexes on
# the column it fills and builds them again afterwards: on a 20251216 database,
# whose normalized_name indexes already exist, updating them row by row made a
# 1,000,000-row backfill tens of times slower than building them once.
INDEX_REBUILD_THRESHOLD = 50_000


def drop_indexes(schema_editor, model, indexes):
    """Drop the named ``indexes`` of ``model`` that exist (committed before the backfill)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        present = connection.introspection.get_constraints(cursor, model._meta.db_table)
    for index in indexes:
        if index.name in present:
            schema_editor.execute(schema_editor._delete_index_sql(model, index.name))


@dataclass
class BackfillProgress:
    """Where a running backfill is: passed to the progress callback after each batch."""

    rows_done: int
    rows_total: int
    seconds: float

    @property
    def rows_per_second(self):
        return self.rows_done / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self):
        rate = self.rows_per_second
        return (self.rows_total - self.rows_done) / rate if rate else 0.0


def _pg_whitespace_literal():
    """ASCII_WHITESPACE as a PostgreSQL escape-string literal."""
    return "E'" + "".join(f"\\{ord(ch):03o}" for ch in ASCII_WHITESPACE) + "'"


class NormalizedColumnBackfill:
    """The statements of one backfill, for one table, on one connection.

    By default only rows whose target is empty or NULL are touched (the
    migration's backfill). With ``include_stale`` every row whose target differs
    from the normalization of its source is repaired too (``verify_schema
    --fix-backfill``).
    """

    def __init__(self, connection, *, table, pk, source, target, include_stale=False):
        quote = connection.ops.quote_name
        self.connection = connection
        self.table, self.pk = quote(table), quote(pk)
        self.source, self.target = quote(source), quote(target)
        self.include_stale = include_stale
        if connection.vendor == "sqlite":
            self.normalized = f"{SQLITE_NORMALIZE_FUNCTION}({self.source})"
            self.sql_rows = ""
        else:
            whitespace = _pg_whitespace_literal()
            run = "E'[" + whitespace[2:-1] + "]+'"
            self.normalized = (
                f"lower(regexp_replace(btrim({self.source}, {whitespace}), {run}, ' ', 'g') "
                'COLLATE "C")'
            )
            self.sql_rows = f" AND octet_length({self.source}) = char_length({self.source})"
        # Not ``target IS NULL OR target = ''``: the planner, whose statistics
        # predate the backfill, would read that through the index on the
        # target and scan every pending row in every batch; this form keeps
        # each batch a primary-key range scan.
        self.empty = f"coalesce({self.target}, '') = ''"
        # Rows a batch walks over: all of them when looking for stale values.
        self.candidates = "TRUE" if include_stale else self.empty

    def set_based_update(self, where=""):
        """The UPDATE that normalizes rows in SQL (on PostgreSQL: the plain-ASCII names)."""
        if self.include_stale:
            condition = f"({self.target} IS NULL OR {self.target} <> {self.normalized})"
        else:
            condition = self.empty
        return (
            f"UPDATE {self.table} SET {self.target} = {self.normalized} "
            f"WHERE {condition}{self.sql_rows}{where}"
        )

    def python_rows_query(self, where=""):
        """Rows normalized in Python: non-ASCII names on PostgreSQL; none on SQLite."""
        if self.connection.vendor == "sqlite":
            return None
        return (
            f"SELECT {self.pk}, {self.source}, {self.target} FROM {self.table} "
            f"WHERE {self.candidates} "
            f"AND octet_length({self.source}) <> char_length({self.source}){where}"
        )

    def review_sql(self, batch_size):
        """The statements as ``sqlmigrate`` shows them."""
        lines = [
            f"-- Backfill, in primary-key batches of {batch_size} rows; only rows whose "
            f"{self.target} is empty or NULL are touched.",
        ]
        if self.connection.vendor == "sqlite":
            lines.append(
                f"-- {SQLITE_NORMALIZE_FUNCTION}() is lifeos.normalization.normalize_account_name, "
                "registered on every LifeOS SQLite connection."
            )
        lines.append(self.set_based_update() + ";")
        python_rows = self.python_rows_query()
        if python_rows:
            lines += [
                "-- Non-ASCII names are normalized by lifeos.normalization.normalize_account_name",
                "-- (Python's lower() and split(), which SQL's lower/btrim/regexp do not match):",
                python_rows + ";",
                f"-- UPDATE {self.table} SET {self.target} = v.normalized "
                "FROM (VALUES (%s, %s), ...) "
                f"AS v(id, normalized) WHERE {self.table}.{self.pk} = v.id;",
            ]
        return lines

    def count_pending(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {self.table} WHERE {self.candidates}")
            return cursor.fetchone()[0]

    def first_pending_after(self, after):
        """The smallest primary key above ``after`` of a row still pending, or None."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MIN({self.pk}) FROM {self.table} "
                f"WHERE {self.pk} > %s AND {self.candidates}",
                [after],
            )
            return cursor.fetchone()[0]

    def last_pk(self):
        """The largest primary key of the table (an index look-up), or None when it is empty."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({self.pk}) FROM {self.table}")
            return cursor.fetchone()[0]

    def run_batch(self, after, until):
        """Normalize the pending rows with ``after < pk <= until``; return rows changed."""
        where = f" AND {self.pk} > %s AND {self.pk} <= %s"
        with self.connection.cursor() as cursor:
            cursor.execute(self.set_based_update(where), [after, until])
            changed = cursor.rowcount
            python_rows = self.python_rows_query(where)
            if python_rows:
                cursor.execute(python_rows, [after, until])
                rows = [
                    (pk, normalized)
                    for pk, name, current in cursor.fetchall()
                    if (normalized := normalize_account_name(name)) != current
                ]
                if rows:
                    values = ", ".join(["(%s, %s)"] * len(rows))
                    cursor.execute(
                        f"UPDATE {self.table} SET {self.target} = v.normalized "
                        f"FROM (VALUES {values}) AS v(id, normalized) "
                        f"WHERE {self.table}.{self.pk} = v.id::bigint",
                        [item for row in rows for item in row],
                    )
                    changed += cursor.rowcount
        return changed


def backfill_normalized_column(
    connection,
    *,
    table,
    pk,
    source,
    target,
    batch_size,
    include_stale=False,
    commit=None,
    progress=None,
):
    """Normalize ``target`` from ``source`` where it is empty or NULL; return rows changed.

    With ``include_stale``, also where it differs from the normalization of ``source``.

    ``commit`` is called after each batch (the resumable backfill commits there);
    ``progress`` receives a BackfillProgress after each batch.
    """
    backfill = NormalizedColumnBackfill(
        connection, table=table, pk=pk, source=source, target=target, include_stale=include_stale
    )
    total = backfill.count_pending() if progress else 0
    started = time.monotonic()
    done = changed = 0
    after, seek = -(2**63), True
    while True:
        # Batches are primary-key ranges, ``after < pk <= after + batch_size``,
        # found by arithmetic rather than by a query per batch. Where the keys
        # are sparse a range holds fewer rows; where a range changed nothing
        # (a gap in the keys, or rows already filled) and at the end (rows
        # inserted meanwhile), the next pending row is looked up instead.
        if seek:
            first = backfill.first_pending_after(after)
            if first is None:
                break
            after = first - 1
            last = max(backfill.last_pk(), first)
        until = min(after + batch_size, last)
        batch_changed = backfill.run_batch(after, until)
        changed += batch_changed
        if commit:
            commit()
        if progress:
            done = min(total, done + batch_changed)
            progress(BackfillProgress(done, total, time.monotonic() - started))
        # Rows whose name normalizes to '' stay pending by definition; the loop
        # still ends because ``after`` only grows.
        after = until
        seek = batch_changed == 0 or after >= last
    return changed


def in_committed_batches(connection, backfill):
    """Run ``backfill(commit=...)``, which commits after every batch; return its result.

    A kill loses at most the batch in flight: the next run finds the committed
    rows filled and finishes the rest. Inside a caller's transaction (an atomic
    migration, a test) it cannot commit, so it runs in that transaction.
    """
    if connection.in_atomic_block:
        return backfill(commit=None)
    connection.set_autocommit(False)
    try:
        result = backfill(commit=connection.commit)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.set_autocommit(True)
    return result


def backfill_in_committed_batches(connection, *, progress=None, **options):
    """Run ``backfill_normalized_column`` committing after every batch; return rows changed."""
    return in_committed_batches(
        connection,
        lambda commit: backfill_normalized_column(
            connection, commit=commit, progress=progress, **options
        ),
    )


class TerminalProgress:
    """Shows a backfill's progress on one terminal line: rows done, rows/s, time left."""

    def __init__(self, label, stream=None, min_interval=0.25):
        self.label = label
        self.stream = stream or sys.stdout
        self.min_interval = min_interval
        self.shown_at = None

    @classmethod
    def for_stdout(cls, label):
        """A TerminalProgress when stdout is a terminal, else None (no progress)."""
        return cls(label) if sys.stdout.isatty() else None

    def line(self, progress):
        return (
            f"  {self.label}: {progress.rows_done:,} of {progress.rows_total:,} rows, "
            f"{progress.rows_per_second:,.0f} rows/s, {progress.seconds_left:,.0f}s left"
        )

    def __call__(self, progress):
        now = time.monotonic()
        last = progress.rows_done >= progress.rows_total
        if not last and self.shown_at is not None and now - self.shown_at < self.min_interval:
            return
        self.stream.write(
            ("\n" if self.shown_at is None else "\r") + self.line(progress) + "\x1b[K"
        )
        self.stream.flush()
        self.shown_at = now

    def finish(self):
        """End the progress line, if one was shown."""
        if self.shown_at is not None:
            self.stream.write("\n")
            self.stream.flush()
