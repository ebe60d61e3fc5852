"""Sums of money are exact on both backends (SQLite stores amounts as floats).

Every expected figure is computed here with ``Decimal`` from the amounts the
test wrote, never read back through the database.
"""

from decimal import Decimal

from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from finance.admin import JournalEntryAdmin, trial_balance_by_type
from finance.models import Account, JournalEntry, JournalLine
from finance.selectors import trial_balance
from finance.tests.conftest import make_account
from lifeos.money import MoneySum
from lifeos.schema.verification import verify

CENT = Decimal("0.01")


def write_entry(user, pairs):
    """An entry of (account, debit, credit) lines, written as the legacy application would."""
    entry = JournalEntry.objects.create(user=user, posted_at=timezone.now())
    JournalLine.objects.bulk_create(
        JournalLine(user=user, entry=entry, account=account, debit=debit, credit=credit)
        for account, debit, credit in pairs
    )
    return entry


def test_sums_of_thousands_of_large_amounts_are_exact_to_the_cent(user):
    cash, salary = make_account(user, "Cash"), make_account(user, "Salary", "income")
    # 5,000 different amounts near a trillion (14 significant digits each, which
    # SQLite stores exactly); their sum has 18.
    amounts = [Decimal("999999999999.99") - number * Decimal("0.37") for number in range(5_000)]
    pairs = [(cash, amount, 0) for amount in amounts] + [(salary, 0, amount) for amount in amounts]
    entry = write_entry(user, pairs)
    total = sum(amounts, Decimal("0.00"))
    assert total == Decimal("4999999995375875.00")  # 16 digits: 18 in cents

    balance = trial_balance(user=user)
    by_type = trial_balance_by_type(Account.objects.filter(user=user))
    aggregate = JournalLine.objects.aggregate(debit=MoneySum("debit"), credit=MoneySum("credit"))
    listed = JournalEntryAdmin(JournalEntry, None).get_queryset(_request(user)).get(pk=entry.pk)

    assert (balance.totals.debit, balance.totals.credit) == (total, total)
    assert (by_type["total_debit"], by_type["total_credit"]) == (total, total)
    assert (by_type["balanced"], by_type["difference"]) == (True, Decimal("0.00"))
    assert aggregate == {"debit": total, "credit": total}
    assert listed.amount == total
    assert _balance_problems() == []


def test_cents_that_balance_are_balanced_for_verify_schema(user):
    cash, salary = make_account(user, "Cash"), make_account(user, "Salary", "income")
    write_entry(
        user,
        [
            (cash, Decimal("0.10"), 0),
            (cash, Decimal("0.20"), 0),
            (salary, 0, Decimal("0.30")),
        ],
    )
    assert Decimal("0.10") + Decimal("0.20") == Decimal("0.30")

    assert _balance_problems() == []


def test_verify_schema_names_an_entry_of_large_amounts_off_by_one_cent(user):
    cash, salary = make_account(user, "Cash"), make_account(user, "Salary", "income")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE finance_journal_line DISABLE TRIGGER tr_finance_journal_entry_balanced"
            )
    big = Decimal("999999999999.99")
    entry = write_entry(
        user, [(cash, big, 0)] * 3 + [(salary, 0, big)] * 2 + [(salary, 0, big - CENT)]
    )

    assert _balance_problems() == [(1, (entry.pk,))]


def _balance_problems():
    return [
        (problem.rows, problem.sample_ids)
        for problem in verify(connection).problems
        if problem.kind == "unbalanced_journal_entry"
    ]


def _request(user):
    request = RequestFactory().get("/admin/finance/journalentry/")
    request.user = user
    return request
