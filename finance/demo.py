"""Demo data of the finance domain: a year of balanced ledger activity for one user."""

import datetime
from decimal import Decimal

from django.utils import timezone

from finance import services
from finance.models import (
    Account,
    JournalEntry,
    JournalLine,
    LoanGroup,
    LoanGroupLink,
    MoneyScheduleRow,
    MoneyScheduleScenario,
    MoneyScheduleScenarioRow,
    ReceivableManualEntry,
    ReceivableTracker,
    Transaction,
    TrialBalanceSetting,
)

BATCH_SIZE = 1000
CENT = Decimal("0.01")

# (name, type, subtype)
ACCOUNTS = [
    ("Checking", "asset", "bank"),
    ("Savings", "asset", "bank"),
    ("Cash Wallet", "asset", "cash"),
    ("Credit Card", "liability", "card"),
    ("Student Loan", "liability", "loan"),
    ("Opening Balance", "equity", None),
    ("Salary", "income", "employment"),
    ("Interest Income", "income", "interest"),
    ("Rent", "expense", "housing"),
    ("Utilities", "expense", "housing"),
    ("Groceries", "expense", "food"),
    ("CAFÉ & Restaurants", "expense", "food"),
    ("Transport", "expense", "transport"),
    ("Entertainment", "expense", "leisure"),
]


def is_seeded(user):
    """Whether ``user`` already has the demo ledger."""
    return Account.objects.for_user(user).filter(normalized_name="checking").exists()


def _money(value):
    return Decimal(value).quantize(CENT)


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed(user, *, rng, start, end, scale):
    """Accounts (through ``account_create``), a year of entries, forecasts and receivables."""
    accounts = {
        name: services.account_create(
            user=user, name=name, account_type=account_type, account_subtype=subtype
        )
        for name, account_type, subtype in ACCOUNTS
    }
    # (posted_at, description, reference, [(account name, debit, credit)])
    postings = []

    def post(day, hour, description, debit_account, credit_account, amount):
        amount = _money(amount)
        postings.append(
            (
                _at(day, hour),
                description,
                f"DEMO-{len(postings) + 1:06d}",
                [(debit_account, amount, Decimal(0)), (credit_account, Decimal(0), amount)],
            )
        )

    post(start, 8, "Opening balance: checking", "Checking", "Opening Balance", 2500)
    post(start, 8, "Opening balance: savings", "Savings", "Opening Balance", 8000)
    postings.append(
        (
            _at(start, 8),
            "Opening balance: student loan",
            "DEMO-000003",
            [
                ("Opening Balance", _money(6000), Decimal(0)),
                ("Student Loan", Decimal(0), _money(6000)),
            ],
        )
    )
    day = start
    card_spend = Decimal(0)
    while day <= end:
        if day.day == 1:
            post(day, 9, "Rent", "Rent", "Checking", 1400)
            post(day, 9, "Transfer to savings", "Savings", "Checking", 500)
            post(day, 10, "Student loan repayment", "Student Loan", "Checking", 150)
            post(day, 11, "ATM withdrawal", "Cash Wallet", "Checking", 200)
        if day.day == 5 and card_spend:
            post(day, 9, "Credit card payment", "Credit Card", "Checking", card_spend)
            card_spend = Decimal(0)
        if day.day == 12:
            post(day, 9, "Electricity and water", "Utilities", "Checking", rng.uniform(80, 160))
        if day.day == 25:
            post(day, 8, "Salary", "Checking", "Salary", 4200)
        if day.day == 28:
            post(day, 8, "Savings interest", "Savings", "Interest Income", rng.uniform(8, 14))
        for description, account, probability, low, high, paid_with in (
            ("Supermarket", "Groceries", 0.3, 25, 120, "Credit Card"),
            ("Coffee and lunch", "CAFÉ & Restaurants", 0.4, 4, 35, "Credit Card"),
            ("Bus and train", "Transport", 0.35, 3, 25, "Cash Wallet"),
            ("Cinema and concerts", "Entertainment", 0.08, 12, 80, "Credit Card"),
        ):
            for _ in range(_occurrences(rng, probability * scale)):
                amount = _money(rng.uniform(low, high))
                post(day, rng.randint(12, 21), description, account, paid_with, amount)
                if paid_with == "Credit Card":
                    card_spend += amount
        day += datetime.timedelta(days=1)

    entries = JournalEntry.objects.bulk_create(
        [
            JournalEntry(user=user, posted_at=at, description=text, reference=ref)
            for at, text, ref, _ in postings
        ],
        batch_size=BATCH_SIZE,
    )
    lines = []
    transactions = []
    checking = accounts["Checking"]
    for entry, (_, _, _, legs) in zip(entries, postings, strict=True):
        assert sum(leg[1] for leg in legs) == sum(leg[2] for leg in legs), entry.description
        for name, debit, credit in legs:
            lines.append(
                JournalLine(
                    user=user, entry=entry, account=accounts[name], debit=debit, credit=credit
                )
            )
            if name == "Checking":
                transactions.append(
                    Transaction(
                        user=user,
                        occurred_at=entry.posted_at,
                        amount=debit - credit,
                        description=entry.description,
                        account=checking,
                        journal_entry=entry,
                    )
                )
    JournalLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
    Transaction.objects.bulk_create(transactions, batch_size=BATCH_SIZE)

    _seed_forecast(user, checking=checking, end=end)
    _seed_receivables(user, start=start, end=end)
    TrialBalanceSetting.objects.get_or_create(
        user=user, month=f"{end:%Y-%m}", defaults={"group_by_subtype": True}
    )


def _occurrences(rng, rate):
    """How many times an event with daily ``rate`` happens on one day."""
    count = int(rate)
    if rng.random() < rate - count:
        count += 1
    return count


def _seed_forecast(user, *, checking, end):
    """Recurring schedule rows, two scenarios, and the stored forecasts they give.

    The stored daily balances are written by the rule every LifeOS write
    follows (``daily_balances_refresh``), from ``end``, the demo's today.
    """
    first = end + datetime.timedelta(days=1)
    schedule = [
        ("Salary", Decimal("4200.00"), "monthly", 25),
        ("Rent", Decimal("-1400.00"), "monthly", 1),
        ("Utilities", Decimal("-120.00"), "monthly", 12),
        ("Transfer to savings", Decimal("-500.00"), "monthly", 1),
        ("Student loan repayment", Decimal("-150.00"), "monthly", 1),
        ("Home insurance", Decimal("-480.00"), "yearly", 15),
    ]
    rows = MoneyScheduleRow.objects.bulk_create(
        MoneyScheduleRow(
            user=user,
            event_date=_next_day_of_month(first, day_of_month),
            memo=description,
            amount=amount,
            account=checking,
            recurrence=recurrence,
        )
        for description, amount, recurrence, day_of_month in schedule
    )
    by_name = {row.memo: row for row in rows}
    cheaper_flat = MoneyScheduleScenario.objects.create(
        user=user, name="Cheaper flat", description="Move to a flat costing 1100 a month."
    )
    sabbatical = MoneyScheduleScenario.objects.create(
        user=user,
        name="Sabbatical",
        description="Three months without salary.",
        is_active=False,
    )
    rent = by_name["Rent"]
    salary = by_name["Salary"]
    # An adjustment applies to every occurrence of its row: the rent, from now on.
    scenario_rows = [
        MoneyScheduleScenarioRow(
            user=user,
            scenario=cheaper_flat,
            base_row=rent,
            delta_amount=Decimal("300.00"),
            memo="Lower rent",
        )
    ]
    # Three months only: one-off rows taking back each of the next three salaries.
    scenario_rows += [
        MoneyScheduleScenarioRow(
            user=user,
            scenario=sabbatical,
            event_date=_add_months(salary.event_date, month),
            account=checking,
            delta_amount=-salary.amount,
            memo="No salary",
        )
        for month in range(3)
    ]
    # A hypothetical one-off: a tax refund the scenario expects.
    scenario_rows.append(
        MoneyScheduleScenarioRow(
            user=user,
            scenario=cheaper_flat,
            event_date=first + datetime.timedelta(days=40),
            account=checking,
            delta_amount=Decimal("650.00"),
            memo="Tax refund",
        )
    )
    MoneyScheduleScenarioRow.objects.bulk_create(scenario_rows)

    services.daily_balances_refresh(user=user, start=end)


def _next_day_of_month(first, day_of_month):
    day = first.replace(day=day_of_month)
    return day if day >= first else _add_months(day, 1)


def _add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _seed_receivables(user, *, start, end):
    """An open loan being repaid monthly and a closed one repaid in full, grouped."""
    sam = ReceivableTracker.objects.create(
        user=user,
        counterparty="Sam Okafor",
        principal=Decimal("1200.00"),
        interest_rate=Decimal("5.00"),
        start_date=start + datetime.timedelta(days=120),
        due_date=end + datetime.timedelta(days=120),
    )
    mia = ReceivableTracker.objects.create(
        user=user,
        counterparty="Mia Lindqvist",
        principal=Decimal("300.00"),
        start_date=start + datetime.timedelta(days=30),
        due_date=start + datetime.timedelta(days=150),
        status="closed",
    )
    entries = []
    day = _add_months(sam.start_date, 1)
    outstanding = sam.principal
    while day <= end:
        interest = (outstanding * sam.interest_rate / 100 / 12).quantize(CENT)
        entries.append(
            ReceivableManualEntry(
                user=user,
                tracker=sam,
                entry_date=day,
                amount=Decimal("100.00") + interest,
                memo="Monthly repayment",
            )
        )
        outstanding -= Decimal("100.00")
        day = _add_months(day, 1)
    for months in (1, 2, 3):
        entries.append(
            ReceivableManualEntry(
                user=user,
                tracker=mia,
                entry_date=_add_months(mia.start_date, months),
                amount=Decimal("100.00"),
                memo="Repayment",
            )
        )
    ReceivableManualEntry.objects.bulk_create(entries)
    friends = LoanGroup.objects.create(user=user, name="Friends", description="Loans to friends.")
    LoanGroupLink.objects.bulk_create(
        [
            LoanGroupLink(user=user, group=friends, tracker=sam),
            LoanGroupLink(user=user, group=friends, tracker=mia),
        ]
    )
