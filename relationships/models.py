"""The relationships domain: people and interactions with them."""

from django.db import models
from django.db.models import Q

from lifeos.querysets import UserScopedModel


class RelationshipType(models.TextChoices):
    FAMILY = "family", "Family"
    FRIEND = "friend", "Friend"
    COLLEAGUE = "colleague", "Colleague"
    ACQUAINTANCE = "acquaintance", "Acquaintance"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Other"


class InteractionType(models.TextChoices):
    CALL = "call", "Call"
    MESSAGE = "message", "Message"
    MEETING = "meeting", "Meeting"
    EMAIL = "email", "Email"
    OTHER = "other", "Other"


class Person(UserScopedModel):
    """Someone in a user's life."""

    name = models.CharField(max_length=255)
    relationship_type = models.CharField(
        max_length=16,
        choices=RelationshipType.choices,
        default=RelationshipType.OTHER,
        db_default="other",
    )
    importance = models.PositiveSmallIntegerField(default=3, db_default=3)
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=32, blank=True, default="")
    birthday = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, default="")

    class Meta:
        db_table = "relationships_person"
        verbose_name_plural = "people"
        indexes = [
            # Who matters most: WHERE user_id = %s ORDER BY importance DESC.
            models.Index(
                fields=["user", "importance"], name="ix_relationships_person_user_importance"
            ),
            # People by kind: WHERE user_id = %s AND relationship_type = %s.
            models.Index(
                fields=["user", "relationship_type"], name="ix_relationships_person_user_type"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"], name="ux_relationships_person_user_name"
            ),
            models.CheckConstraint(
                condition=Q(importance__gte=1, importance__lte=5),
                name="ck_relationships_person_importance_1_5",
            ),
        ]

    def __str__(self):
        return self.name


class Interaction(UserScopedModel):
    """A call, message or meeting with a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interactions")
    date = models.DateField()
    interaction_type = models.CharField(
        max_length=16,
        choices=InteractionType.choices,
        default=InteractionType.OTHER,
        db_default="other",
    )
    notes = models.TextField(blank=True, default="")

    class Meta:
        db_table = "relationships_interaction"
        indexes = [
            # A user's recent contacts: WHERE user_id = %s ORDER BY date DESC.
            models.Index(fields=["user", "date"], name="ix_relationships_interaction_user_date"),
            # One person's history: WHERE person_id = %s ORDER BY date DESC.
            models.Index(
                fields=["person", "date"], name="ix_relationships_interaction_person_date"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.interaction_type}"
