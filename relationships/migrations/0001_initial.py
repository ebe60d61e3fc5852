"""The relationships tables of migration 20251218_backend_updates_validation, ensured idempotently.

Each EnsureCreateModel creates its table with its named indexes and constraints
when the table is missing, and otherwise adds only the columns, constraints and
indexes an existing table lacks, keeping every row. Reversing it keeps the tables.
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
            name="Person",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                (
                    "relationship_type",
                    models.CharField(
                        choices=[
                            ("family", "Family"),
                            ("friend", "Friend"),
                            ("colleague", "Colleague"),
                            ("acquaintance", "Acquaintance"),
                            ("professional", "Professional"),
                            ("other", "Other"),
                        ],
                        db_default="other",
                        default="other",
                        max_length=16,
                    ),
                ),
                ("importance", models.PositiveSmallIntegerField(db_default=3, default=3)),
                ("email", models.EmailField(blank=True, default="", max_length=254)),
                ("phone", models.CharField(blank=True, default="", max_length=32)),
                ("birthday", models.DateField(blank=True, null=True)),
                ("notes", models.TextField(blank=True, default="")),
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
                "verbose_name_plural": "people",
                "db_table": "relationships_person",
                "indexes": [
                    models.Index(
                        fields=["user", "importance"],
                        name="ix_relationships_person_user_importance",
                    ),
                    models.Index(
                        fields=["user", "relationship_type"],
                        name="ix_relationships_person_user_type",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "name"), name="ux_relationships_person_user_name"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("importance__gte", 1), ("importance__lte", 5)),
                        name="ck_relationships_person_importance_1_5",
                    ),
                ],
            },
        ),
        EnsureCreateModel(
            name="Interaction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField()),
                (
                    "interaction_type",
                    models.CharField(
                        choices=[
                            ("call", "Call"),
                            ("message", "Message"),
                            ("meeting", "Meeting"),
                            ("email", "Email"),
                            ("other", "Other"),
                        ],
                        db_default="other",
                        default="other",
                        max_length=16,
                    ),
                ),
                ("notes", models.TextField(blank=True, default="")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interactions",
                        to="relationships.person",
                    ),
                ),
            ],
            options={
                "db_table": "relationships_interaction",
                "indexes": [
                    models.Index(
                        fields=["user", "date"], name="ix_relationships_interaction_user_date"
                    ),
                    models.Index(
                        fields=["person", "date"], name="ix_relationships_interaction_person_date"
                    ),
                ],
            },
        ),
    ]
