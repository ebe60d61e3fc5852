"""The habits domain: habits and their logged completions."""

from django.db import models
from django.db.models.functions import Now

from lifeos.fields import CurrentDate, UTCDateTimeField
from lifeos.querysets import UserScopedModel


class ScheduleType(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


# Suggested values of the free-text domain_link (the original stores any text).
DOMAIN_LINKS = ["finance", "journal", "health", "skills", "projects", "relationships"]


class Habit(UserScopedModel):
    """A habit a user tracks."""

    name = models.CharField(max_length=255)
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    domain_link = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    schedule_type = models.CharField(max_length=32, default="daily", db_default="daily")
    target_count = models.IntegerField(null=True, blank=True)
    time_of_day = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    difficulty = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    is_active = models.BooleanField(default=True, db_default=True)
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    updated_at = UTCDateTimeField(auto_now=True, db_default=Now())

    class Meta:
        db_table = "habits_habit"
        indexes = [
            # A user's habits of one domain: WHERE user_id = %s AND domain_link = %s.
            models.Index(fields=["user", "domain_link"], name="ix_habits_habit_user_domain_link"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="ux_habits_habit_user_name"),
        ]

    def __str__(self):
        return self.name


class HabitLog(UserScopedModel):
    """A habit done on a day, with an optional measured value."""

    habit = models.ForeignKey(Habit, on_delete=models.CASCADE, related_name="logs")
    value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    note = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    logged_date = models.DateField(db_default=CurrentDate())
    created_at = UTCDateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "habits_habit_log"
        indexes = [
            # A user's day: WHERE user_id = %s AND logged_date BETWEEN ...
            models.Index(fields=["user", "logged_date"], name="ix_habits_log_user_logged_date"),
            # A habit's history and streaks: WHERE habit_id = %s AND logged_date >= %s.
            models.Index(fields=["habit", "logged_date"], name="ix_habits_log_habit_logged_date"),
        ]

    def __str__(self):
        return f"{self.habit} on {self.logged_date}"
