"""The finance domain: a double-entry ledger, forecasts, receivables and loans."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from lifeos.fields import BinaryCollationCharField
from lifeos.normalization import normalize_account_name
from lifeos.querysets import UserScopedModel

MONEY = {"max_digits": 14, "decimal_places": 2}


class AccountType(models.TextChoices):
    ASSET = "asset", "Asset"
    LIABILITY = "liability", "Liability"
    EQUITY = "equity", "Equity"
    INCOME = "income", "Income"
    EXPENSE = "expense", "Expense"


class Recurrence(models.TextChoices):
    NONE = "none", "None"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    YEARLY = "yearly", "Yearly"


class ReceivableStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Account(UserScopedModel):
    """A ledger account; ``normalized_name`` is kept equal to the normalized ``name``."""

    name = models.CharField(max_length=255)
    is_active = models.BooleanField(default=True, db_default=True)
    account_type = models.CharField(
        max_length=16,
        choices=AccountType.choices,
        default=AccountType.ASSET,
        db_default=AccountType.ASSET,
    )
    account_subtype = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - SCHEMA.md: nullable
    normalized_name = BinaryCollationCharField(
        max_length=255, default="", db_default="", editable=False
    )
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "finance_account"
        ordering = ["normalized_name", "id"]
        indexes = [
            # Trial balance and reports across users grouped by type.
            models.Index(fields=["account_type"], name="ix_finance_account_type"),
            # A user's accounts of one type: subtype dropdowns, trial-balance groups.
            models.Index(fields=["user", "account_type"], name="ix_finance_account_user_type"),
            # Cross-user look-ups by normalized name (operators, duplicate checks).
            models.Index(fields=["normalized_name"], name="ix_finance_account_normalized_name"),
            # Typeahead: WHERE user_id = %s AND normalized_name >= %s AND < %s ORDER BY 2.
            models.Index(
                fields=["user", "normalized_name"], name="ix_finance_account_user_normalized_name"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(account_type__in=AccountType.values),
                name="ck_finance_account_type_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_account_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalized_name"}
        super().save(*args, **kwargs)


class JournalEntry(UserScopedModel):
    """A double-entry journal entry; its lines' debits equal its credits."""

    posted_at = models.DateTimeField()
    description = models.TextField(blank=True, default="")
    reference = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - SCHEMA.md: nullable
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "finance_journal_entry"
        verbose_name_plural = "journal entries"
        indexes = [
            # A user's ledger timeline: WHERE user_id = %s ORDER BY posted_at DESC.
            models.Index(
                fields=["user", "posted_at"], name="ix_finance_journal_entry_user_posted_at"
            ),
        ]

    def __str__(self):
        return f"{self.posted_at:%Y-%m-%d} {self.description[:40]}".strip()


class JournalLine(UserScopedModel):
    """One debit or credit of a journal entry."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="journal_lines")
    debit = models.DecimalField(**MONEY, default=0, db_default=0)
    credit = models.DecimalField(**MONEY, default=0, db_default=0)
    memo = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        db_table = "finance_journal_line"
        indexes = [
            # The trial balance: SELECT account_id, SUM(debit), SUM(credit) ... WHERE
            # user_id = %s GROUP BY account_id, read from this index alone (index-only
            # scan). Amounts are key columns, not INCLUDE, so SQLite (no INCLUDE) is
            # covered too.
            models.Index(
                fields=["user", "account", "debit", "credit"],
                name="ix_finance_journal_line_user_account_amounts",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(debit__gte=0) & Q(credit__gte=0),
                name="ck_finance_journal_line_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
                name="ck_finance_journal_line_debit_xor_credit",
            ),
        ]

    def __str__(self):
        side = f"Dr {self.debit}" if self.debit else f"Cr {self.credit}"
        return f"{self.account_id}: {side}"


class Transaction(UserScopedModel):
    """A bank-style transaction, optionally posted to the ledger."""

    occurred_at = models.DateTimeField()
    amount = models.DecimalField(**MONEY)
    description = models.TextField(blank=True, default="")
    account = models.ForeignKey(
        Account, on_delete=models.SET_NULL, null=True, blank=True, related_name="transactions"
    )
    journal_entry = models.ForeignKey(
        JournalEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="transactions"
    )

    class Meta:
        db_table = "finance_transaction"
        indexes = [
            # A user's transactions in a period: WHERE user_id = %s AND occurred_at BETWEEN ...
            models.Index(
                fields=["user", "occurred_at"], name="ix_finance_transaction_user_occurred_at"
            ),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d} {self.amount}"


class MoneyScheduleRow(UserScopedModel):
    """A forecast cash-flow event: + inflow, - outflow."""

    event_date = models.DateField()
    description = models.CharField(max_length=255, blank=True, default="")
    amount = models.DecimalField(**MONEY)
    account = models.ForeignKey(
        Account, on_delete=models.SET_NULL, null=True, blank=True, related_name="schedule_rows"
    )
    recurrence = models.CharField(
        max_length=16, choices=Recurrence.choices, default=Recurrence.NONE, db_default="none"
    )

    class Meta:
        db_table = "finance_money_schedule_row"
        indexes = [
            # The forecast window: WHERE user_id = %s AND event_date BETWEEN ...
            models.Index(
                fields=["user", "event_date"], name="ix_finance_money_schedule_row_user_event_date"
            ),
        ]

    def __str__(self):
        return f"{self.event_date} {self.amount} {self.description}".strip()


class MoneyScheduleScenario(UserScopedModel):
    """A what-if scenario over the forecast."""

    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True, db_default=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "finance_money_schedule_scenario"

    def __str__(self):
        return self.name


class MoneyScheduleDailyBalance(UserScopedModel):
    """A projected balance for one day, for the base forecast or a scenario."""

    as_of = models.DateField()
    balance = models.DecimalField(**MONEY)
    scenario = models.ForeignKey(
        MoneyScheduleScenario,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="daily_balances",
    )

    class Meta:
        db_table = "finance_money_schedule_daily_balance"
        indexes = [
            # The balance chart: WHERE user_id = %s AND as_of BETWEEN ... ORDER BY as_of.
            models.Index(
                fields=["user", "as_of"], name="ix_finance_money_schedule_daily_balance_user_as_of"
            ),
        ]

    def __str__(self):
        return f"{self.as_of} {self.balance}"


class MoneyScheduleScenarioRow(UserScopedModel):
    """A scenario's adjustment, optionally overriding a schedule row."""

    scenario = models.ForeignKey(
        MoneyScheduleScenario, on_delete=models.CASCADE, related_name="rows"
    )
    row = models.ForeignKey(
        MoneyScheduleRow,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scenario_rows",
    )
    event_date = models.DateField()
    amount = models.DecimalField(**MONEY)
    description = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        db_table = "finance_money_schedule_scenario_row"

    def __str__(self):
        return f"{self.event_date} {self.amount}"


class ReceivableTracker(UserScopedModel):
    """Money lent to someone, with its interest rate and due date."""

    counterparty = models.CharField(max_length=255)
    principal = models.DecimalField(**MONEY)
    interest_rate = models.DecimalField(max_digits=7, decimal_places=4, default=0, db_default=0)
    start_date = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16,
        choices=ReceivableStatus.choices,
        default=ReceivableStatus.OPEN,
        db_default="open",
    )

    class Meta:
        db_table = "finance_receivable_tracker"

    def __str__(self):
        return f"{self.counterparty} ({self.principal})"


class ReceivableManualEntry(UserScopedModel):
    """A repayment or adjustment recorded by hand against a receivable."""

    tracker = models.ForeignKey(
        ReceivableTracker, on_delete=models.CASCADE, related_name="manual_entries"
    )
    entry_date = models.DateField()
    principal_amount = models.DecimalField(**MONEY, default=0, db_default=0)
    interest_amount = models.DecimalField(**MONEY, default=0, db_default=0)
    note = models.TextField(blank=True, default="")

    class Meta:
        db_table = "finance_receivable_manual_entry"
        verbose_name_plural = "receivable manual entries"

    def __str__(self):
        return f"{self.entry_date} {self.principal_amount}+{self.interest_amount}"


class LoanGroup(UserScopedModel):
    """A named group of receivables."""

    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")

    class Meta:
        db_table = "finance_loan_group"

    def __str__(self):
        return self.name


class LoanGroupLink(UserScopedModel):
    """Membership of a receivable in a loan group."""

    group = models.ForeignKey(LoanGroup, on_delete=models.CASCADE, related_name="links")
    tracker = models.ForeignKey(
        ReceivableTracker, on_delete=models.CASCADE, related_name="group_links"
    )

    class Meta:
        db_table = "finance_loan_group_link"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "tracker"], name="ux_finance_loan_group_link_group_tracker"
            ),
        ]

    def __str__(self):
        return f"{self.group_id} → {self.tracker_id}"


class TrialBalanceSetting(UserScopedModel):
    """A user's trial balance preferences (one row per user)."""

    group_by_subtype = models.BooleanField(default=False, db_default=False)
    include_zero_balances = models.BooleanField(default=False, db_default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "finance_trial_balance_setting"
        constraints = [
            models.UniqueConstraint(fields=["user"], name="ux_finance_trial_balance_setting_user"),
        ]

    def __str__(self):
        return f"Trial balance settings of {self.user_id}"
