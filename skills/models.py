"""The skills domain: skills, practice sessions and metrics."""

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Now

from lifeos.fields import LegacyJSONField, UTCDateTimeField
from lifeos.querysets import OwnedThroughParentModel, UserScopedModel


class Skill(UserScopedModel):
    """A skill a user is building."""

    name = models.CharField(max_length=255)
    category = models.CharField(max_length=128, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    level = models.CharField(max_length=32, default="beginner", db_default="beginner")
    difficulty = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    target_level = models.IntegerField(null=True, blank=True)
    current_level = models.IntegerField(null=True, blank=True)
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    tags = LegacyJSONField(default=list, blank=True, null=True, db_default=Value("[]"))
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    updated_at = UTCDateTimeField(auto_now=True, null=True, db_default=Now())

    class Meta:
        db_table = "skill"
        indexes = [
            # A user's skills of one category: WHERE user_id = %s AND category = %s.
            models.Index(fields=["user", "category"], name="ix_skill_user_category"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="ux_skill_user_name"),
        ]

    def __str__(self):
        return self.name


class PracticeSession(OwnedThroughParentModel):
    """Time spent practising a skill.

    ``user_id`` is legacy and nullable with no foreign-key constraint (the
    original's 20251208 added it that way); a trigger fills it from the skill.
    """

    owner_parent = "skill"

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="sessions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        db_constraint=False,
    )
    duration_minutes = models.IntegerField(default=0, db_default=0)
    intensity = models.IntegerField(null=True, blank=True)
    notes = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    practiced_at = UTCDateTimeField(db_default=Now())
    created_at = UTCDateTimeField(null=True, db_default=Now(), editable=False)

    class Meta:
        db_table = "skill_practice_session"
        indexes = [
            # A user's practice timeline: WHERE user_id = %s AND practiced_at >= %s.
            models.Index(
                fields=["user", "practiced_at"], name="ix_skill_session_user_practiced_at"
            ),
            # A skill's totals and streak: WHERE skill_id = %s ORDER BY practiced_at.
            models.Index(
                fields=["skill", "practiced_at"], name="ix_skill_session_skill_practiced_at"
            ),
        ]

    def __str__(self):
        return f"{self.skill} at {self.practiced_at:%Y-%m-%d %H:%M}"


class Metric(OwnedThroughParentModel):
    """A measured value of a skill (words per minute, rating, ...)."""

    owner_parent = "skill"

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(max_length=128)
    value = models.DecimalField(max_digits=10, decimal_places=2)
    recorded_at = UTCDateTimeField(db_default=Now())
    unit = models.CharField(max_length=32, blank=True, default="", db_default="")

    class Meta:
        db_table = "skill_metric"

    def __str__(self):
        return f"{self.name} = {self.value} {self.unit}".strip()
