"""finance_account_month_balance: what the triggers keep, whoever writes the ledger."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection, transaction

from finance.models import AccountMonthBalance, JournalEntry, JournalLine
from finance.services import (
    account_delete,
    journal_entry_delete,
    journal_entry_update,
)
from finance.tests.conftest import at, make_account, post
from lifeos.schema.maintained import missing_triggers, stale_rows
from lifeos.testing.builders import make_user


def stored(user):
    """{(account name, "YYYY-MM"): (debit, credit)} of the user's non-zero month rows."""
    rows = AccountMonthBalance.objects.filter(user=user).exclude(debit_cents=0, credit_cents=0)
    names = {account.pk: account.name for account in user_accounts(user)}
    return {
        (names[row.account_id], f"{row.month:%Y-%m}"): (
            Decimal(row.debit_cents).scaleb(-2),
            Decimal(row.credit_cents).scaleb(-2),
        )
        for row in rows
    }


def summed(user):
    """The same figures summed in Python from the user's journal lines."""
    sums = defaultdict(lambda: [Decimal("0.00"), Decimal("0.00")])
    for line in JournalLine.objects.filter(account__user=user).select_related("entry", "account"):
        key = (line.account.name, f"{line.entry.posted_at:%Y-%m}")
        sums[key][0] += line.debit
        sums[key][1] += line.credit
    return {key: tuple(value) for key, value in sums.items() if value != [0, 0]}


def user_accounts(user):
    from finance.models import Account

    return Account.objects.filter(user=user)


def balances_are_consistent():
    return stale_rows(connection, AccountMonthBalance) == (0, ())


@pytest.fixture
def ledger(user):
    cash = make_account(user, "Cash")
    bank = make_account(user, "Bank")
    salary = make_account(user, "Salary", "income")
    return cash, bank, salary


def test_posting_counts_each_account_and_month_in_cents(user, ledger):
    cash, bank, salary = ledger
    post(user, at("2025-11-03"), (cash, "100.10"), (salary, "-100.10"))
    post(user, at("2025-11-30", 23), (cash, "0.01"), (salary, "-0.01"))
    post(user, at("2025-12-01", 0), (bank, "2500.00"), (salary, "-2500.00"))

    assert stored(user) == {
        ("Cash", "2025-11"): (Decimal("100.11"), Decimal("0.00")),
        ("Salary", "2025-11"): (Decimal("0.00"), Decimal("100.11")),
        ("Bank", "2025-12"): (Decimal("2500.00"), Decimal("0.00")),
        ("Salary", "2025-12"): (Decimal("0.00"), Decimal("2500.00")),
    }
    assert balances_are_consistent()


def test_rows_written_like_the_original_application_count_for_the_accounts_owner(user, ledger):
    cash, _, salary = ledger
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO finance_journal_entry (user_id, description, posted_at) "
            "VALUES (%s, 'legacy', '2025-10-15 09:00:00')",
            [user.pk],
        )
        entry_id = JournalEntry.objects.get(description="legacy").pk
        # The original inserts lines without user_id, several in one statement.
        cursor.execute(
            "INSERT INTO finance_journal_line (entry_id, account_id, debit, credit) "
            "VALUES (%s, %s, 12.34, 0), (%s, %s, 0, 12.34)",
            [entry_id, cash.pk, entry_id, salary.pk],
        )

    assert stored(user) == {
        ("Cash", "2025-10"): (Decimal("12.34"), Decimal("0.00")),
        ("Salary", "2025-10"): (Decimal("0.00"), Decimal("12.34")),
    }
    assert set(AccountMonthBalance.objects.values_list("user_id", flat=True)) == {user.pk}


def test_editing_an_entry_moves_its_amounts_accounts_and_month(user, ledger):
    cash, bank, salary = ledger
    entry = post(user, at("2025-11-03"), (cash, "40.00"), (salary, "-40.00"))

    journal_entry_update(
        user=user,
        entry=entry,
        posted_at=at("2026-01-31"),
        lines=[
            {"account": bank, "debit": Decimal("55.50")},
            {"account": salary, "credit": Decimal("55.50")},
        ],
    )

    assert stored(user) == {
        ("Bank", "2026-01"): (Decimal("55.50"), Decimal("0.00")),
        ("Salary", "2026-01"): (Decimal("0.00"), Decimal("55.50")),
    }
    assert stored(user) == summed(user)
    assert balances_are_consistent()


def test_raw_updates_of_a_line_and_of_an_entrys_date_are_followed(user, ledger):
    cash, bank, salary = ledger
    entry = post(user, at("2025-11-03"), (cash, "40.00"), (salary, "-40.00"))
    cash_line = entry.lines.get(account=cash)

    with transaction.atomic():
        JournalLine.objects.filter(pk=cash_line.pk).update(account=bank)
        JournalEntry.objects.filter(pk=entry.pk).update(posted_at=at("2025-09-09"))

    assert stored(user) == {
        ("Bank", "2025-09"): (Decimal("40.00"), Decimal("0.00")),
        ("Salary", "2025-09"): (Decimal("0.00"), Decimal("40.00")),
    }
    assert balances_are_consistent()


def test_deleting_an_entry_takes_its_lines_out_once_in_either_order(user, ledger):
    cash, _, salary = ledger
    kept = post(user, at("2025-11-01"), (cash, "10.00"), (salary, "-10.00"))
    by_service = post(user, at("2025-11-02"), (cash, "20.00"), (salary, "-20.00"))
    entry_first = post(user, at("2025-11-03"), (cash, "30.00"), (salary, "-30.00"))

    journal_entry_delete(user=user, entry=by_service)
    # Foreign keys are checked at commit: the entry can go before its lines.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM finance_journal_entry WHERE id = %s", [entry_first.pk])
        cursor.execute("DELETE FROM finance_journal_line WHERE entry_id = %s", [entry_first.pk])

    assert stored(user) == {
        ("Cash", "2025-11"): (Decimal("10.00"), Decimal("0.00")),
        ("Salary", "2025-11"): (Decimal("0.00"), Decimal("10.00")),
    }
    assert kept.pk in set(JournalEntry.objects.values_list("pk", flat=True))
    assert balances_are_consistent()


def test_an_accounts_rows_follow_its_owner_and_go_with_it(user, ledger):
    cash, _, salary = ledger
    post(user, at("2025-11-03"), (cash, "5.00"), (salary, "-5.00"))
    make_account(user, "Unused")
    heir = make_user("heir")

    from finance.models import Account

    Account.objects.filter(pk=cash.pk).update(user=heir)
    assert list(
        AccountMonthBalance.objects.filter(account_id=cash.pk).values_list("user_id", flat=True)
    ) == [heir.pk]

    entry = JournalEntry.objects.get(user=user)
    journal_entry_delete(user=user, entry=entry)
    Account.objects.filter(pk=cash.pk).update(user=user)
    account_delete(user=user, account=cash)
    assert not AccountMonthBalance.objects.filter(account_id=cash.pk).exists()


def test_a_bulk_insert_of_many_lines_is_summed_exactly(user, ledger):
    cash, _, salary = ledger
    amounts = [Decimal(f"{n}.{n % 100:02d}") for n in range(1, 401)]
    with transaction.atomic():
        entry = JournalEntry.objects.create(user=user, posted_at=at("2025-08-08"))
        JournalLine.objects.bulk_create(
            [JournalLine(entry=entry, user=user, account=cash, debit=a) for a in amounts]
            + [JournalLine(entry=entry, user=user, account=salary, credit=sum(amounts))]
        )

    assert stored(user) == {
        ("Cash", "2025-08"): (sum(amounts), Decimal("0.00")),
        ("Salary", "2025-08"): (Decimal("0.00"), sum(amounts)),
    }


def test_other_users_postings_stay_in_their_own_rows(user, ledger, other_user):
    cash, _, salary = ledger
    theirs = make_account(other_user, "Cash")
    their_income = make_account(other_user, "Salary", "income")
    post(user, at("2025-11-03"), (cash, "1.00"), (salary, "-1.00"))
    post(other_user, at("2025-11-03"), (theirs, "9.00"), (their_income, "-9.00"))

    assert stored(user) == {
        ("Cash", "2025-11"): (Decimal("1.00"), Decimal("0.00")),
        ("Salary", "2025-11"): (Decimal("0.00"), Decimal("1.00")),
    }


def test_a_stale_row_is_reported_and_rebuilt(user, ledger):
    from lifeos.schema.maintained import rebuild

    cash, _, salary = ledger
    post(user, at("2025-11-03"), (cash, "7.00"), (salary, "-7.00"))
    AccountMonthBalance.objects.filter(account_id=cash.pk).update(debit_cents=1)

    assert stale_rows(connection, AccountMonthBalance) == (1, (cash.pk,))

    rebuild(connection, AccountMonthBalance)
    assert balances_are_consistent()
    assert stored(user)[("Cash", "2025-11")] == (Decimal("7.00"), Decimal("0.00"))


def test_every_trigger_exists_after_migrate(db):
    assert missing_triggers(connection, AccountMonthBalance) == []


def test_month_is_the_first_day_of_the_postings_utc_month(user, ledger):
    cash, _, salary = ledger
    post(user, at("2024-02-29", 23), (cash, "1.00"), (salary, "-1.00"))

    assert set(AccountMonthBalance.objects.values_list("month", flat=True)) == {
        datetime.date(2024, 2, 1)
    }
    row = AccountMonthBalance.objects.get(account=cash)
    assert str(row) == "Cash 2024-02"
