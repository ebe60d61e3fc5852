"""PostgreSQL's ledger trigger: each entry summed once per transaction, re-checked after a change.

``SET CONSTRAINTS ALL IMMEDIATE`` fires the deferred check inside the test's
transaction exactly as a commit would.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from finance.models import JournalEntry, JournalLine
from finance.tests.conftest import make_account

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the ledger trigger is PostgreSQL's; on SQLite the finance services enforce balance",
)


def check_now():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def lines_read_in_this_transaction():
    """Rows of finance_journal_line read (sequential and index scans) so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) "
            "FROM pg_stat_xact_user_tables WHERE relname = 'finance_journal_line'"
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def write_lines(entry, pairs):
    JournalLine.objects.bulk_create(
        JournalLine(user=entry.user, entry=entry, account=account, debit=debit, credit=credit)
        for account, debit, credit in pairs
    )


@pytest.fixture
def ledger(user):
    cash, salary = make_account(user, "Cash"), make_account(user, "Salary", "income")
    entry = JournalEntry.objects.create(user=user, posted_at=timezone.now())
    return entry, cash, salary


def test_an_entry_of_many_lines_is_summed_once_not_once_per_line(ledger):
    entry, cash, salary = ledger
    lines = 2_000
    write_lines(
        entry,
        [
            (cash, Decimal("1.00"), 0) if n % 2 else (salary, 0, Decimal("1.00"))
            for n in range(lines)
        ],
    )
    before = lines_read_in_this_transaction()

    check_now()

    # Once: the entry's 2,000 lines (a quadratic check reads 2,000 x 2,000).
    assert lines_read_in_this_transaction() - before <= 2 * lines


def test_a_change_after_the_check_is_checked_again(ledger):
    entry, cash, salary = ledger
    write_lines(entry, [(cash, Decimal("10.00"), 0), (salary, 0, Decimal("10.00"))])
    check_now()
    debit = JournalLine.objects.get(debit__gt=0)

    with (
        pytest.raises(IntegrityError, match=f"journal entry {entry.pk} is unbalanced"),
        transaction.atomic(),
    ):
        JournalLine.objects.filter(pk=debit.pk).update(debit=Decimal("9.99"))
        check_now()
    with (
        pytest.raises(IntegrityError, match=f"journal entry {entry.pk} is unbalanced"),
        transaction.atomic(),
    ):
        JournalLine.objects.filter(pk=debit.pk).delete()
        check_now()
    with (
        pytest.raises(IntegrityError, match=f"journal entry {entry.pk} is unbalanced"),
        transaction.atomic(),
    ):
        write_lines(entry, [(cash, Decimal("0.01"), 0)])
        check_now()

    assert sorted(JournalLine.objects.values_list("debit", "credit")) == [
        (Decimal("0.00"), Decimal("10.00")),
        (Decimal("10.00"), Decimal("0.00")),
    ]


def test_moving_a_line_after_the_check_rechecks_both_entries(ledger):
    entry, cash, salary = ledger
    other = JournalEntry.objects.create(user=entry.user, posted_at=timezone.now())
    write_lines(entry, [(cash, Decimal("10.00"), 0), (salary, 0, Decimal("10.00"))])
    write_lines(other, [(cash, Decimal("3.00"), 0), (salary, 0, Decimal("3.00"))])
    check_now()

    with pytest.raises(IntegrityError, match="is unbalanced"), transaction.atomic():
        JournalLine.objects.filter(entry=other, debit__gt=0).update(entry=entry)
        check_now()

    assert JournalLine.objects.filter(entry=other).count() == 2


def test_a_change_rolled_back_with_its_savepoint_leaves_later_changes_checked(ledger):
    entry, cash, salary = ledger
    write_lines(entry, [(cash, Decimal("10.00"), 0), (salary, 0, Decimal("10.00"))])
    check_now()
    with transaction.atomic():
        JournalLine.objects.filter(debit__gt=0).update(debit=Decimal("1.00"))
        transaction.set_rollback(True)
    check_now()

    with (
        pytest.raises(IntegrityError, match=f"journal entry {entry.pk} is unbalanced"),
        transaction.atomic(),
    ):
        JournalLine.objects.filter(debit__gt=0).update(debit=Decimal("2.00"))
        check_now()
    assert sorted(JournalLine.objects.values_list("debit", flat=True)) == [
        Decimal("0.00"),
        Decimal("10.00"),
    ]
