"""The relationships domain: people and interactions with them."""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Now

from lifeos.fields import CurrentDate, LegacyJSONField, UTCDateTimeField
from lifeos.querysets import UserScopedModel

# Suggested values of the free-text relationship_type and method columns.
RELATIONSHIP_TYPES = ["family", "friend", "colleague", "acquaintance", "professional", "other"]
INTERACTION_METHODS = ["call", "message", "meeting", "email", "other"]


class Person(UserScopedModel):
    """Someone in a user's life."""

    name = models.CharField(max_length=255)
    relationship_type = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    importance_level = models.IntegerField(null=True, blank=True)
    tags = LegacyJSONField(default=list, blank=True, db_default=Value("[]"))
    notes = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    birthday = models.DateField(null=True, blank=True)
    first_met_date = models.DateField(null=True, blank=True)
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    updated_at = UTCDateTimeField(auto_now=True, db_default=Now())
    email = models.CharField(max_length=254, blank=True, default="", db_default="")
    phone = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        db_table = "relationships_person"
        verbose_name_plural = "people"
        indexes = [
            # Who matters most: WHERE user_id = %s ORDER BY importance_level DESC.
            models.Index(
                fields=["user", "importance_level"], name="ix_relationships_person_user_importance"
            ),
            # People of one kind: WHERE user_id = %s AND relationship_type = %s.
            models.Index(
                fields=["user", "relationship_type"], name="ix_relationships_person_user_type"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"], name="ux_relationships_person_user_name"
            ),
        ]

    def __str__(self):
        return self.name


class Interaction(UserScopedModel):
    """A call, message or meeting with a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interactions")
    date = models.DateField(db_default=CurrentDate())
    method = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    notes = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    sentiment = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    created_at = UTCDateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "relationships_interaction"
        indexes = [
            # A user's recent contacts: WHERE user_id = %s AND date >= %s.
            models.Index(fields=["user", "date"], name="ix_relationships_interaction_user_date"),
            # Last contact per person: WHERE user_id = %s AND person_id = %s ORDER BY date DESC.
            models.Index(
                fields=["user", "person", "date"], name="ix_relationships_interaction_person_date"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.method or 'contact'} with {self.person}"
