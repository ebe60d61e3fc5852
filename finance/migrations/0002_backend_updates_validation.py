"""Migration 20251218_backend_updates_validation, as idempotent Django operations.

Migration ID: 20251218_backend_updates_validation
Revision chain: 20251216_drop_legacy_habits_relationships -> 20251218_backend_updates_validation
(here: finance.0001_initial -> finance.0002_backend_updates_validation)

Additive and idempotent: every operation introspects the database and creates
only what is missing, so it is safe on an empty, a legacy, a partially migrated
or an already complete database, and safe to apply again.

1. finance_account gains account_type, account_subtype, normalized_name and
   created_at (with database defaults, so inserts written before this
   migration keep working) and a CHECK on account_type; the twelve other
   finance tables are created with their indexes and constraints.
2. normalized_name is backfilled where it is empty or NULL with
   lifeos.normalization.normalize_account_name, the function the model's save
   uses; rows that already have one keep it.
3. The four finance_account indexes (account_type and normalized_name, alone
   and after user_id).

Step 1 applies in one transaction (never half-applied); the backfill then
commits batch by batch (LIFEOS_BACKFILL_BATCH_SIZE rows); step 3 applies in a
transaction of its own, after the backfill, because building an index over a
million filled rows takes a fraction of the time that keeping it up to date
through a million updates does. A migrate killed anywhere keeps what
committed, and the next migrate finds it present, backfills only the pending
rows and builds what is missing (lifeos.schema.migration.SchemaThenBackfillMigration).

Reversing it changes no table and loses no row (the source's no-op rollback);
applying it again afterwards adopts what is there.
"""

import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

import lifeos.fields
from lifeos.schema.migration import SchemaThenBackfillMigration
from lifeos.schema.operations import (
    BackfillNormalizedColumn,
    EnsureAddIndex,
    EnsureColumns,
    EnsureCreateModel,
)

ACCOUNT_TYPE_CHOICES = [
    ("asset", "Asset"),
    ("liability", "Liability"),
    ("equity", "Equity"),
    ("income", "Income"),
    ("expense", "Expense"),
]

ACCOUNT_COLUMNS = [
    (
        "account_type",
        models.CharField(
            choices=ACCOUNT_TYPE_CHOICES, db_default="asset", default="asset", max_length=16
        ),
    ),
    ("account_subtype", models.CharField(blank=True, max_length=64, null=True)),
    (
        "normalized_name",
        lifeos.fields.BinaryCollationCharField(
            db_default="", default="", editable=False, max_length=255
        ),
    ),
    (
        "created_at",
        models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), editable=False),
    ),
]

ACCOUNT_TYPE_CHECK = models.CheckConstraint(
    condition=models.Q(("account_type__in", ["asset", "liability", "equity", "income", "expense"])),
    name="ck_finance_account_type_valid",
)


class Migration(SchemaThenBackfillMigration):
    dependencies = [
        ("finance", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(
                    migrations.AddField(model_name="account", name=name, field=field)
                    for name, field in ACCOUNT_COLUMNS
                ),
                migrations.AddConstraint(model_name="account", constraint=ACCOUNT_TYPE_CHECK),
            ],
            database_operations=[
                EnsureColumns("account", fields=ACCOUNT_COLUMNS, constraints=[ACCOUNT_TYPE_CHECK]),
            ],
        ),
        EnsureCreateModel(
            name="JournalEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("posted_at", models.DateTimeField()),
                ("description", models.TextField(blank=True, default="")),
                ("reference", models.CharField(blank=True, max_length=64, null=True)),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "journal entries",
                "db_table": "finance_journal_entry",
                "indexes": [
                    models.Index(
                        fields=["user", "posted_at"], name="ix_finance_journal_entry_user_posted_at"
                    )
                ],
            },
        ),
        EnsureCreateModel(
            name="JournalLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "debit",
                    models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=14),
                ),
                (
                    "credit",
                    models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=14),
                ),
                ("memo", models.CharField(blank=True, default="", max_length=255)),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="journal_lines",
                        to="finance.account",
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="finance.journalentry",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_journal_line",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("debit__gte", 0), ("credit__gte", 0)),
                        name="ck_finance_journal_line_amounts_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("debit__gt", 0), ("credit", 0)),
                            models.Q(("debit", 0), ("credit__gt", 0)),
                            _connector="OR",
                        ),
                        name="ck_finance_journal_line_debit_xor_credit",
                    ),
                ],
            },
        ),
        EnsureCreateModel(
            name="LoanGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("description", models.TextField(blank=True, default="")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_loan_group",
            },
        ),
        EnsureCreateModel(
            name="MoneyScheduleRow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("event_date", models.DateField()),
                ("description", models.CharField(blank=True, default="", max_length=255)),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14)),
                (
                    "recurrence",
                    models.CharField(
                        choices=[
                            ("none", "None"),
                            ("weekly", "Weekly"),
                            ("monthly", "Monthly"),
                            ("yearly", "Yearly"),
                        ],
                        db_default="none",
                        default="none",
                        max_length=16,
                    ),
                ),
                (
                    "account",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="schedule_rows",
                        to="finance.account",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_money_schedule_row",
                "indexes": [
                    models.Index(
                        fields=["user", "event_date"],
                        name="ix_finance_money_schedule_row_user_event_date",
                    )
                ],
            },
        ),
        EnsureCreateModel(
            name="MoneyScheduleScenario",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("description", models.TextField(blank=True, default="")),
                ("is_active", models.BooleanField(db_default=True, default=True)),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_money_schedule_scenario",
            },
        ),
        EnsureCreateModel(
            name="MoneyScheduleDailyBalance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("as_of", models.DateField()),
                ("balance", models.DecimalField(decimal_places=2, max_digits=14)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "scenario",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="daily_balances",
                        to="finance.moneyschedulescenario",
                    ),
                ),
            ],
            options={
                "db_table": "finance_money_schedule_daily_balance",
                "indexes": [
                    models.Index(
                        fields=["user", "as_of"],
                        name="ix_finance_money_schedule_daily_balance_user_as_of",
                    )
                ],
            },
        ),
        EnsureCreateModel(
            name="MoneyScheduleScenarioRow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("event_date", models.DateField()),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14)),
                ("description", models.CharField(blank=True, default="", max_length=255)),
                (
                    "row",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="scenario_rows",
                        to="finance.moneyschedulerow",
                    ),
                ),
                (
                    "scenario",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="finance.moneyschedulescenario",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_money_schedule_scenario_row",
            },
        ),
        EnsureCreateModel(
            name="ReceivableTracker",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("counterparty", models.CharField(max_length=255)),
                ("principal", models.DecimalField(decimal_places=2, max_digits=14)),
                (
                    "interest_rate",
                    models.DecimalField(db_default=0, decimal_places=4, default=0, max_digits=7),
                ),
                ("start_date", models.DateField()),
                ("due_date", models.DateField(blank=True, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("closed", "Closed")],
                        db_default="open",
                        default="open",
                        max_length=16,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_receivable_tracker",
            },
        ),
        EnsureCreateModel(
            name="ReceivableManualEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entry_date", models.DateField()),
                (
                    "principal_amount",
                    models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=14),
                ),
                (
                    "interest_amount",
                    models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=14),
                ),
                ("note", models.TextField(blank=True, default="")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "tracker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="manual_entries",
                        to="finance.receivabletracker",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "receivable manual entries",
                "db_table": "finance_receivable_manual_entry",
            },
        ),
        EnsureCreateModel(
            name="LoanGroupLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links",
                        to="finance.loangroup",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "tracker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="group_links",
                        to="finance.receivabletracker",
                    ),
                ),
            ],
            options={
                "db_table": "finance_loan_group_link",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("group", "tracker"), name="ux_finance_loan_group_link_group_tracker"
                    )
                ],
            },
        ),
        EnsureCreateModel(
            name="Transaction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("occurred_at", models.DateTimeField()),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14)),
                ("description", models.TextField(blank=True, default="")),
                (
                    "account",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="transactions",
                        to="finance.account",
                    ),
                ),
                (
                    "journal_entry",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="transactions",
                        to="finance.journalentry",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_transaction",
                "indexes": [
                    models.Index(
                        fields=["user", "occurred_at"],
                        name="ix_finance_transaction_user_occurred_at",
                    )
                ],
            },
        ),
        EnsureCreateModel(
            name="TrialBalanceSetting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("group_by_subtype", models.BooleanField(db_default=False, default=False)),
                ("include_zero_balances", models.BooleanField(db_default=False, default=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_trial_balance_setting",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user",), name="ux_finance_trial_balance_setting_user"
                    )
                ],
            },
        ),
        # After the schema phase has committed: commits batch by batch.
        BackfillNormalizedColumn("account", source="name", target="normalized_name"),
        # Last, in a transaction of their own: built over the backfilled column in
        # one pass each, instead of updated by every backfilled row.
        EnsureAddIndex(
            model_name="account",
            index=models.Index(fields=["account_type"], name="ix_finance_account_type"),
        ),
        EnsureAddIndex(
            model_name="account",
            index=models.Index(
                fields=["user", "account_type"], name="ix_finance_account_user_type"
            ),
        ),
        EnsureAddIndex(
            model_name="account",
            index=models.Index(
                fields=["normalized_name"], name="ix_finance_account_normalized_name"
            ),
        ),
        EnsureAddIndex(
            model_name="account",
            index=models.Index(
                fields=["user", "normalized_name"], name="ix_finance_account_user_normalized_name"
            ),
        ),
    ]
