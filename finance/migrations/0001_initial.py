"""finance_account as revision 20251216_drop_legacy_habits_relationships left it.

Before 20251218 the table had only id, user_id, name and is_active. This
migration creates it on an empty database and adopts it, unchanged, on a legacy
one; 0002_backend_updates_validation adds the rest.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lifeos.schema.operations import EnsureCreateModel


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        EnsureCreateModel(
            name="Account",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("is_active", models.BooleanField(db_default=True, default=True)),
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
                "db_table": "finance_account",
                "ordering": ["normalized_name", "id"],
            },
        ),
    ]
