"""Project-wide models that belong to no LifeOS domain."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now


class OnboardingMilestone(models.Model):
    """A step of a user's onboarding they have reached, for a front end to celebrate."""

    FIRST_ACCOUNT = "first_account"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding_milestones"
    )
    key = models.CharField(max_length=64)
    message = models.CharField(max_length=255)
    achieved_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "lifeos_onboarding_milestone"
        ordering = ["achieved_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="ux_lifeos_onboarding_milestone_user_key"
            ),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.key}"
