"""``benchmark_ledger``: the time to post one large journal entry, with and without the
PostgreSQL ledger triggers (``finance/migrations/0003_ledger_balance_trigger.py``)."""

import statistics
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from finance.models import Account, JournalEntry, JournalLine

LEDGER_TRIGGERS = ("tr_finance_journal_entry_balanced", "tr_finance_journal_entry_unchecked")


class _RollBack(Exception):
    """Ends a timed run: everything it wrote is rolled back."""


def post_entry(*, using, lines, triggers=True):
    """Seconds to write an entry of ``lines`` balanced lines and run its deferred checks.

    Everything happens in one transaction that is rolled back, so the database
    is left as it was: ``SET CONSTRAINTS ALL IMMEDIATE`` fires the deferred
    ledger check exactly as a commit would. The lines are written like the
    legacy application writes them (a bulk insert, not the finance services,
    which refuse more than ``MAX_LINES_PER_ENTRY``). ``triggers=False`` disables
    the ledger triggers inside that transaction (PostgreSQL), for the baseline.
    """
    connection = connections[using]
    elapsed = None
    try:
        with transaction.atomic(using=using):
            if not triggers and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for name in LEDGER_TRIGGERS:
                        cursor.execute(f"ALTER TABLE finance_journal_line DISABLE TRIGGER {name}")
            user = get_user_model()(email="ledger-benchmark@example.invalid")
            user.set_unusable_password()
            user.save(using=using)
            accounts = Account.objects.using(using)
            cash = accounts.create(user=user, name="Cash", account_type="asset")
            sales = accounts.create(user=user, name="Sales", account_type="income")
            amount = Decimal("999999999.99")
            start = time.perf_counter()
            entry = JournalEntry.objects.using(using).create(user=user, posted_at=timezone.now())
            JournalLine.objects.using(using).bulk_create(
                JournalLine(
                    user=user,
                    entry=entry,
                    account=cash if number % 2 else sales,
                    debit=amount if number % 2 else 0,
                    credit=0 if number % 2 else amount,
                )
                for number in range(lines)
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            elapsed = time.perf_counter() - start
            raise _RollBack
    except _RollBack:
        pass
    return elapsed


class Command(BaseCommand):
    help = (
        "Time posting one balanced journal entry of --lines lines (insert and the deferred "
        "balance check, in a transaction rolled back afterwards: the database keeps no row), "
        "with the PostgreSQL ledger triggers and with them disabled; print the medians and "
        "their ratio."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lines", type=int, default=20_000, help="Default: 20,000.")
        parser.add_argument("--runs", type=int, default=3, help="Runs of each (default: 3).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, lines, runs, database, **options):
        if lines < 2 or lines % 2 or runs < 1:
            raise CommandError("Give an even --lines of at least 2 and --runs of at least 1.")
        vendor = connections[database].vendor
        variants = {"with the ledger triggers": True}
        if vendor == "postgresql":
            variants["without them"] = False
        medians = {}
        post_entry(using=database, lines=2)  # warm-up: connection, plans
        for label, triggers in variants.items():
            samples = [
                post_entry(using=database, lines=lines, triggers=triggers) for _ in range(runs)
            ]
            medians[label] = statistics.median(samples)
            self.stdout.write(
                f"{vendor}: {lines:,} lines {label}: median {medians[label]:.3f} s "
                f"(runs: {', '.join(f'{s:.3f}' for s in samples)})"
            )
        if len(medians) == 2:
            ratio = medians["with the ledger triggers"] / medians["without them"]
            self.stdout.write(f"{vendor}: with / without = {ratio:.2f}")
