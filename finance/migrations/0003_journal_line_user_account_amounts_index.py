"""A covering index for the trial balance, ensured idempotently.

``SELECT account_id, SUM(debit), SUM(credit) FROM finance_journal_line
WHERE user_id = %s GROUP BY account_id`` is answered from
ix_finance_journal_line_user_account_amounts alone, without visiting the
table. Like every LifeOS index operation it is created only when missing and
kept when reversed.
"""

from django.conf import settings
from django.db import migrations, models

from lifeos.schema.operations import EnsureAddIndex


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_backend_updates_validation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        EnsureAddIndex(
            model_name="journalline",
            index=models.Index(
                fields=["user", "account", "debit", "credit"],
                name="ix_finance_journal_line_user_account_amounts",
            ),
        ),
    ]
