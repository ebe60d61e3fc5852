"""The finance domain: a double-entry ledger, forecasts, receivables and loans."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now

from finance.balances import MONTH_BALANCES
from lifeos.fields import BinaryCollationCharField, UTCDateTimeField
from lifeos.normalization import normalize_account_name
from lifeos.querysets import OwnedThroughParentModel, UserScopedModel, UserScopedQuerySet

# Money is numeric(18,2) in the legacy schema, on both backends.
MONEY = {"max_digits": 18, "decimal_places": 2}


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


class NormalBalance(models.TextChoices):
    DEBIT = "debit", "Debit"
    CREDIT = "credit", "Credit"


class ReceivableStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class AccountCategory(models.Model):
    """A global class of accounts (the legacy ``finance_account_category``); not user-scoped.

    Every account names one. An account created without one gets the category
    whose ``code`` is its upper-cased type (``default_for``).
    """

    DEFAULT_NAMES = {
        AccountType.ASSET: "Assets",
        AccountType.LIABILITY: "Liabilities",
        AccountType.EQUITY: "Equity",
        AccountType.INCOME: "Income",
        AccountType.EXPENSE: "Expenses",
    }

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=128)
    normal_balance = models.CharField(
        max_length=8, choices=NormalBalance.choices, default="debit", db_default="debit"
    )

    class Meta:
        db_table = "finance_account_category"
        verbose_name_plural = "account categories"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @classmethod
    def default_for(cls, account_type, *, using="default"):
        """The category of ``account_type`` (code ASSET, LIABILITY, ...), created if missing."""
        account_type = AccountType(account_type)
        normal = (
            NormalBalance.DEBIT
            if account_type in (AccountType.ASSET, AccountType.EXPENSE)
            else NormalBalance.CREDIT
        )
        category, _ = cls.objects.using(using).get_or_create(
            code=account_type.value.upper(),
            defaults={"name": cls.DEFAULT_NAMES[account_type], "normal_balance": normal},
        )
        return category


class Account(UserScopedModel):
    """A ledger account; ``normalized_name`` is kept equal to the normalized ``name``."""

    # No index of its own: the four (user_id, ...) indexes below lead with it, and
    # a lone user_id index tempts PostgreSQL's planner away from the typeahead's.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    category = models.ForeignKey(
        AccountCategory, on_delete=models.PROTECT, related_name="accounts", blank=True
    )
    name = models.CharField(max_length=255)
    code = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    is_active = models.BooleanField(default=True, db_default=True)
    account_type = models.CharField(
        max_length=16,
        choices=AccountType.choices,
        default=AccountType.ASSET,
        db_default=AccountType.ASSET,
    )
    account_subtype = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    normalized_name = BinaryCollationCharField(
        max_length=255, default="", db_default="", editable=False
    )
    created_at = UTCDateTimeField(db_default=Now(), editable=False)

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

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_account_name(self.name)
        if self.category_id is None:
            self.category = AccountCategory.default_for(
                self.account_type, using=kwargs.get("using") or self._state.db or "default"
            )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalized_name"}
        super().save(*args, **kwargs)


class JournalEntry(UserScopedModel):
    """A double-entry journal entry; its lines' debits equal its credits."""

    posted_at = UTCDateTimeField(db_default=Now())
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    reference = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - SCHEMA.md: nullable
    created_at = UTCDateTimeField(db_default=Now(), editable=False)

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
        return f"{self.posted_at:%Y-%m-%d} {self.description or ''}"[:60].strip()


class JournalLine(OwnedThroughParentModel):
    """One debit or credit of a journal entry (owned by the entry's user)."""

    owner_parent = "entry"

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="lines")
    # RESTRICT, not PROTECT: an account with lines cannot be deleted on its own,
    # but deleting its user deletes the lines (through their entries) with it.
    account = models.ForeignKey(Account, on_delete=models.RESTRICT, related_name="journal_lines")
    debit = models.DecimalField(**MONEY, default=0, db_default=0)
    credit = models.DecimalField(**MONEY, default=0, db_default=0)
    memo = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable

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

    def __str__(self):
        side = f"Dr {self.debit:,.2f}" if self.debit else f"Cr {self.credit:,.2f}"
        return f"{self.account.name}: {side}" if self.account_id else side


class Transaction(UserScopedModel):
    """A bank-style transaction, optionally posted to the ledger."""

    amount = models.DecimalField(**MONEY)
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    occurred_at = UTCDateTimeField(db_default=Now())
    journal_entry = models.ForeignKey(
        JournalEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="transactions"
    )
    counterparty = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    category = models.CharField(max_length=128, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    account = models.ForeignKey(
        Account, on_delete=models.SET_NULL, null=True, blank=True, related_name="transactions"
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
        return f"{self.occurred_at:%Y-%m-%d} {self.amount:,.2f}"


class MoneyScheduleRow(UserScopedModel):
    """A forecast cash-flow event on an account: + inflow, - outflow."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="schedule_rows")
    event_date = models.DateField()
    amount = models.DecimalField(**MONEY)
    memo = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    recurrence = models.CharField(
        max_length=16, choices=Recurrence.choices, default=Recurrence.NONE, db_default="none"
    )
    recurrence_until = models.DateField(null=True, blank=True)

    class Meta:
        db_table = "finance_money_schedule_row"
        indexes = [
            # The forecast window: WHERE user_id = %s AND event_date BETWEEN ...
            models.Index(
                fields=["user", "event_date"], name="ix_finance_money_schedule_row_user_event_date"
            ),
        ]

    def __str__(self):
        return f"{self.event_date} {self.amount:,.2f} {self.memo or ''}".strip()


class MoneyScheduleScenario(UserScopedModel):
    """A what-if scenario over the forecast."""

    name = models.CharField(max_length=128)
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    is_active = models.BooleanField(default=True, db_default=True)
    created_at = UTCDateTimeField(db_default=Now(), editable=False)

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
        return f"{self.as_of} {self.balance:,.2f}"


class MoneyScheduleScenarioRow(OwnedThroughParentModel):
    """A scenario's row: adjusts a schedule row by ``delta_amount``, or adds a hypothetical one.

    A hypothetical row has no ``base_row``; its amount is ``delta_amount`` on
    ``event_date`` and ``account``.
    """

    owner_parent = "scenario"

    scenario = models.ForeignKey(
        MoneyScheduleScenario, on_delete=models.CASCADE, related_name="rows"
    )
    base_row = models.ForeignKey(
        MoneyScheduleRow,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scenario_rows",
    )
    delta_amount = models.DecimalField(**MONEY, default=0, db_default=0)
    event_date = models.DateField(null=True, blank=True)
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, null=True, blank=True, related_name="scenario_rows"
    )
    memo = models.TextField(null=True, blank=True)  # noqa: DJ001 - SCHEMA.md: nullable

    class Meta:
        db_table = "finance_money_schedule_scenario_row"

    def __str__(self):
        if self.base_row_id:
            return f"{self.base_row} {self.delta_amount:+,.2f}"
        return f"{self.event_date} {self.delta_amount:,.2f} {self.memo or ''}".strip()


class ReceivableTracker(UserScopedModel):
    """Money lent to someone, with its annual interest rate (percent) and due date."""

    counterparty = models.CharField(max_length=255)
    principal = models.DecimalField(**MONEY)
    start_date = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    interest_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=16,
        choices=ReceivableStatus.choices,
        default=ReceivableStatus.OPEN,
        db_default="open",
    )

    class Meta:
        db_table = "finance_receivable_tracker"

    def __str__(self):
        return f"{self.counterparty} ({self.principal:,.2f})"


class ReceivableManualEntry(OwnedThroughParentModel):
    """A repayment recorded against a receivable."""

    owner_parent = "tracker"

    tracker = models.ForeignKey(
        ReceivableTracker, on_delete=models.CASCADE, related_name="manual_entries"
    )
    entry_date = models.DateField()
    amount = models.DecimalField(**MONEY)
    memo = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable

    class Meta:
        db_table = "finance_receivable_manual_entry"
        verbose_name_plural = "receivable manual entries"

    def __str__(self):
        return f"{self.entry_date} {self.amount:,.2f}"


class LoanGroup(UserScopedModel):
    """A named group of receivables."""

    name = models.CharField(max_length=128)
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable

    class Meta:
        db_table = "finance_loan_group"

    def __str__(self):
        return self.name


class LoanGroupLink(OwnedThroughParentModel):
    """Membership of a receivable in a loan group (duplicates allowed, as in the original)."""

    owner_parent = "group"

    group = models.ForeignKey(LoanGroup, on_delete=models.CASCADE, related_name="links")
    tracker = models.ForeignKey(
        ReceivableTracker, on_delete=models.CASCADE, related_name="group_links"
    )

    class Meta:
        db_table = "finance_loan_group_link"

    def __str__(self):
        return f"{self.group} → {self.tracker}"


class TrialBalanceSetting(UserScopedModel):
    """A user's trial balance preferences for one month ('YYYY-MM')."""

    month = models.CharField(max_length=7)
    auto_rollup = models.BooleanField(default=True, db_default=True)
    group_by_subtype = models.BooleanField(default=False, db_default=False)
    include_zero_balances = models.BooleanField(default=False, db_default=False)
    updated_at = UTCDateTimeField(auto_now=True, db_default=Now())

    class Meta:
        db_table = "finance_trial_balance_setting"

    def __str__(self):
        return f"Trial balance settings for {self.month}"


class AccountMonthBalance(models.Model):
    """An account's debits and credits of one calendar month (UTC), in whole cents.

    Derived data, written only by database triggers (``finance.balances``):
    Django never saves it. ``month`` is the first day of the month of the
    entries' ``posted_at``; ``user`` is the account's owner. No foreign-key
    constraints: the triggers keep the rows with their accounts, and a
    constraint would make the original application's writes depend on a table
    it does not know.
    """

    # Rebuilt rows take new ids: 64 bits, so rebuilds never run out.
    id = models.BigAutoField(primary_key=True)
    account = models.ForeignKey(
        Account, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    month = models.DateField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    # Cents: integers on SQLite (exact sums), numeric on PostgreSQL.
    debit_cents = models.DecimalField(max_digits=30, decimal_places=0, default=0, db_default=0)
    credit_cents = models.DecimalField(max_digits=30, decimal_places=0, default=0, db_default=0)

    objects = UserScopedQuerySet.as_manager()
    maintained_by = MONTH_BALANCES

    class Meta:
        db_table = "finance_account_month_balance"
        constraints = [
            # The triggers' upsert: INSERT ... ON CONFLICT (account_id, month) DO UPDATE.
            models.UniqueConstraint(
                fields=["account", "month"], name="ux_finance_account_month_balance_account_month"
            ),
        ]
        indexes = [
            # Trial balances and forecast openings: WHERE user_id = %s [AND month < %s]
            # GROUP BY account_id, read from this index alone in account order (no sort).
            models.Index(
                fields=["user", "account", "month", "debit_cents", "credit_cents"],
                name="ix_finance_account_month_balance_user_account",
            ),
        ]

    def __str__(self):
        return f"{self.account.name} {self.month:%Y-%m}"
