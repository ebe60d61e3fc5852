import django.db.models.deletion
import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

import lifeos.fields
from lifeos.schema.operations import EnsureAddConstraint, EnsureAddIndex, EnsureCreateModel


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
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255)),
                ("relationship_type", models.CharField(blank=True, max_length=64, null=True)),
                ("importance_level", models.IntegerField(blank=True, null=True)),
                (
                    "tags",
                    lifeos.fields.LegacyJSONField(
                        blank=True, db_default=models.Value("[]"), default=list
                    ),
                ),
                ("notes", models.TextField(blank=True, null=True)),
                ("birthday", models.DateField(blank=True, null=True)),
                ("first_met_date", models.DateField(blank=True, null=True)),
                (
                    "created_at",
                    lifeos.fields.UTCDateTimeField(
                        db_default=django.db.models.functions.datetime.Now(), editable=False
                    ),
                ),
                (
                    "updated_at",
                    lifeos.fields.UTCDateTimeField(
                        auto_now=True, db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
                ("email", models.CharField(blank=True, db_default="", default="", max_length=254)),
                ("phone", models.CharField(blank=True, db_default="", default="", max_length=64)),
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
            },
        ),
        EnsureCreateModel(
            name="Interaction",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(db_default=lifeos.fields.CurrentDate())),
                ("method", models.CharField(blank=True, max_length=64, null=True)),
                ("notes", models.TextField(blank=True, null=True)),
                ("sentiment", models.CharField(blank=True, max_length=32, null=True)),
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
            },
        ),
        EnsureAddIndex(
            model_name="person",
            index=models.Index(
                fields=["user", "importance_level"], name="ix_relationships_person_user_importance"
            ),
        ),
        EnsureAddIndex(
            model_name="person",
            index=models.Index(
                fields=["user", "relationship_type"], name="ix_relationships_person_user_type"
            ),
        ),
        EnsureAddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                fields=("user", "name"), name="ux_relationships_person_user_name"
            ),
        ),
        EnsureAddIndex(
            model_name="interaction",
            index=models.Index(
                fields=["user", "date"], name="ix_relationships_interaction_user_date"
            ),
        ),
        EnsureAddIndex(
            model_name="interaction",
            index=models.Index(
                fields=["user", "person", "date"], name="ix_relationships_interaction_person_date"
            ),
        ),
    ]
