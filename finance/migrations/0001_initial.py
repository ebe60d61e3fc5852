import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

import lifeos.fields
from lifeos.schema.operations import EnsureAddIndex, EnsureCreateModel


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        EnsureCreateModel(
            name="AccountCategory",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=16, unique=True)),
                ("name", models.CharField(max_length=128)),
                (
                    "normal_balance",
                    models.CharField(
                        choices=[("debit", "Debit"), ("credit", "Credit")],
                        db_default="debit",
                        default="debit",
                        max_length=8,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "account categories",
                "db_table": "finance_account_category",
                "ordering": ["code"],
            },
        ),
        EnsureCreateModel(
            name="Account",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("code", models.CharField(blank=True, max_length=32, null=True)),
                ("description", models.TextField(blank=True, null=True)),
                ("is_active", models.BooleanField(db_default=True, default=True)),
                (
                    "account_type",
                    models.CharField(
                        choices=[
                            ("asset", "Asset"),
                            ("liability", "Liability"),
                            ("equity", "Equity"),
                            ("income", "Income"),
                            ("expense", "Expense"),
                        ],
                        db_default="asset",
                        default="asset",
                        max_length=16,
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
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        blank=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="accounts",
                        to="finance.accountcategory",
                    ),
                ),
            ],
            options={
                "db_table": "finance_account",
                "ordering": ["normalized_name", "id"],
            },
        ),
        EnsureCreateModel(
            name="JournalEntry",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "posted_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
                ("description", models.TextField(blank=True, null=True)),
                ("reference", models.CharField(blank=True, max_length=64, null=True)),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
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
            },
        ),
        EnsureCreateModel(
            name="JournalLine",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "debit",
                    models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=18),
                ),
                (
                    "credit",
                    models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=18),
                ),
                ("memo", models.TextField(blank=True, null=True)),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
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
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_journal_line",
            },
        ),
        EnsureCreateModel(
            name="LoanGroup",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=128)),
                ("description", models.TextField(blank=True, null=True)),
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
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("event_date", models.DateField()),
                ("amount", models.DecimalField(decimal_places=2, max_digits=18)),
                ("memo", models.TextField(blank=True, null=True)),
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
                ("recurrence_until", models.DateField(blank=True, null=True)),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
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
            },
        ),
        EnsureCreateModel(
            name="MoneyScheduleScenario",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=128)),
                ("description", models.TextField(blank=True, null=True)),
                ("is_active", models.BooleanField(db_default=True, default=True)),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
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
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("as_of", models.DateField()),
                ("balance", models.DecimalField(decimal_places=2, max_digits=18)),
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
            },
        ),
        EnsureCreateModel(
            name="MoneyScheduleScenarioRow",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "delta_amount",
                    models.DecimalField(db_default=0, decimal_places=2, default=0, max_digits=18),
                ),
                ("event_date", models.DateField(blank=True, null=True)),
                ("memo", models.TextField(blank=True, null=True)),
                (
                    "account",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scenario_rows",
                        to="finance.account",
                    ),
                ),
                (
                    "base_row",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
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
                        blank=True,
                        null=True,
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
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("counterparty", models.CharField(max_length=255)),
                ("principal", models.DecimalField(decimal_places=2, max_digits=18)),
                ("start_date", models.DateField()),
                ("due_date", models.DateField(blank=True, null=True)),
                (
                    "interest_rate",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
                ),
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
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entry_date", models.DateField()),
                ("amount", models.DecimalField(decimal_places=2, max_digits=18)),
                ("memo", models.TextField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
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
                    models.AutoField(
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
                        blank=True,
                        null=True,
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
            },
        ),
        EnsureCreateModel(
            name="Transaction",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=18)),
                ("description", models.TextField(blank=True, null=True)),
                (
                    "occurred_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
                ("counterparty", models.CharField(blank=True, max_length=255, null=True)),
                ("category", models.CharField(blank=True, max_length=128, null=True)),
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
            },
        ),
        EnsureCreateModel(
            name="TrialBalanceSetting",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.CharField(max_length=7)),
                ("auto_rollup", models.BooleanField(db_default=True, default=True)),
                ("group_by_subtype", models.BooleanField(db_default=False, default=False)),
                ("include_zero_balances", models.BooleanField(db_default=False, default=False)),
                (
                    "updated_at",
                    lifeos.fields.UTCDateTimeField(
                        auto_now=True, db_default=django.db.models.functions.datetime.Now()
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
                "db_table": "finance_trial_balance_setting",
            },
        ),
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
        EnsureAddIndex(
            model_name="journalentry",
            index=models.Index(
                fields=["user", "posted_at"], name="ix_finance_journal_entry_user_posted_at"
            ),
        ),
        EnsureAddIndex(
            model_name="journalline",
            index=models.Index(
                fields=["user", "account", "debit", "credit"],
                name="ix_finance_journal_line_user_account_amounts",
            ),
        ),
        EnsureAddIndex(
            model_name="moneyschedulerow",
            index=models.Index(
                fields=["user", "event_date"], name="ix_finance_money_schedule_row_user_event_date"
            ),
        ),
        EnsureAddIndex(
            model_name="moneyscheduledailybalance",
            index=models.Index(
                fields=["user", "as_of"], name="ix_finance_money_schedule_daily_balance_user_as_of"
            ),
        ),
        EnsureAddIndex(
            model_name="transaction",
            index=models.Index(
                fields=["user", "occurred_at"], name="ix_finance_transaction_user_occurred_at"
            ),
        ),
    ]
