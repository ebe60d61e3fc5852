"""The skills domain: skills, practice sessions and metrics."""

from django.db import models
from django.db.models.functions import Now

from lifeos.querysets import UserScopedModel


class Skill(UserScopedModel):
    """A skill a user is building."""

    name = models.CharField(max_length=255)
    category = models.CharField(max_length=64, blank=True, default="")
    description = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "skill"
        indexes = [
            # Browsing by category: WHERE user_id = %s AND category = %s.
            models.Index(fields=["user", "category"], name="ix_skill_user_category"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="ux_skill_user_name"),
        ]

    def __str__(self):
        return self.name


class PracticeSession(UserScopedModel):
    """Time spent practising a skill."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="sessions")
    practiced_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField()
    notes = models.TextField(blank=True, default="")

    class Meta:
        db_table = "skill_practice_session"
        indexes = [
            # A user's practice timeline: WHERE user_id = %s ORDER BY practiced_at DESC.
            models.Index(
                fields=["user", "practiced_at"], name="ix_skill_session_user_practiced_at"
            ),
            # One skill's timeline: WHERE skill_id = %s ORDER BY practiced_at DESC.
            models.Index(
                fields=["skill", "practiced_at"], name="ix_skill_session_skill_practiced_at"
            ),
        ]

    def __str__(self):
        return f"{self.skill_id} at {self.practiced_at:%Y-%m-%d %H:%M}"


class Metric(UserScopedModel):
    """A measured value of a skill (words per minute, rating, ...)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(max_length=255)
    value = models.DecimalField(max_digits=12, decimal_places=4)
    unit = models.CharField(max_length=32, blank=True, default="")
    recorded_at = models.DateTimeField()

    class Meta:
        db_table = "skill_metric"

    def __str__(self):
        return f"{self.name} = {self.value} {self.unit}".strip()
