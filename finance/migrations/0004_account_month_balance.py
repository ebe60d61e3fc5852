"""Per-account monthly balances kept by the database (issue 13's trial balances and forecasts).

Creates ``finance_account_month_balance`` (or adopts an existing one by adding
what it lacks), then the triggers of ``finance.balances`` on
``finance_journal_line``, ``finance_journal_entry`` and ``finance_account``,
each only when missing. When any trigger was missing, every row is
recomputed from the journal lines in this migration's transaction (on
PostgreSQL with the three source tables locked against writes meanwhile), so
a database adopted while the original application writes to it starts right
and stays right. Applying it again changes nothing; reversing it keeps the
table, its rows and its triggers, like every LifeOS migration keeps what it
added.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lifeos.schema.maintained import EnsureMaintainedTable
from lifeos.schema.operations import EnsureCreateModel


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0003_ledger_balance_trigger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        EnsureCreateModel(
            name="AccountMonthBalance",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("month", models.DateField()),
                (
                    "debit_cents",
                    models.DecimalField(db_default=0, decimal_places=0, default=0, max_digits=30),
                ),
                (
                    "credit_cents",
                    models.DecimalField(db_default=0, decimal_places=0, default=0, max_digits=30),
                ),
                (
                    "account",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="finance.account",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "finance_account_month_balance",
                "indexes": [
                    models.Index(
                        fields=["user", "account", "month", "debit_cents", "credit_cents"],
                        name="ix_finance_account_month_balance_user_account",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("account", "month"),
                        name="ux_finance_account_month_balance_account_month",
                    )
                ],
            },
        ),
        EnsureMaintainedTable("accountmonthbalance"),
    ]
