"""lifeos_onboarding_milestone: the onboarding steps each user has reached.

Ensured idempotently like every LifeOS table: created when missing, otherwise
completed with what it lacks; reversing it keeps the table and its rows.
"""

import django.db.models.deletion
import django.db.models.functions.datetime
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
            name="OnboardingMilestone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=64)),
                ("message", models.CharField(max_length=255)),
                (
                    "achieved_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="onboarding_milestones",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "lifeos_onboarding_milestone",
                "ordering": ["achieved_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "key"), name="ux_lifeos_onboarding_milestone_user_key"
                    )
                ],
            },
        ),
    ]
