"""The habits domain: habits and their daily completions."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from lifeos.querysets import UserScopedModel


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class DomainLink(models.TextChoices):
    FINANCE = "finance", "Finance"
    JOURNAL = "journal", "Journal"
    HEALTH = "health", "Health"
    SKILLS = "skills", "Skills"
    PROJECTS = "projects", "Projects"
    RELATIONSHIPS = "relationships", "Relationships"


class Habit(UserScopedModel):
    """A habit a user tracks."""

    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    frequency = models.CharField(
        max_length=16, choices=Frequency.choices, default=Frequency.DAILY, db_default="daily"
    )
    target_per_period = models.PositiveIntegerField(default=1, db_default=1)
    # SCHEMA.md makes domain_link nullable: NULL means the habit serves no domain.
    domain_link = models.CharField(  # noqa: DJ001
        max_length=32, choices=DomainLink.choices, null=True, blank=True
    )
    is_active = models.BooleanField(default=True, db_default=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "habits_habit"
        indexes = [
            # Habits serving one domain: WHERE user_id = %s AND domain_link = %s.
            models.Index(fields=["user", "domain_link"], name="ix_habits_habit_user_domain_link"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="ux_habits_habit_user_name"),
            models.CheckConstraint(
                condition=Q(target_per_period__gte=1), name="ck_habits_habit_target_positive"
            ),
        ]

    def __str__(self):
        return self.name


class HabitLog(UserScopedModel):
    """A habit completed ``count`` times on a day."""

    habit = models.ForeignKey(Habit, on_delete=models.CASCADE, related_name="logs")
    logged_date = models.DateField()
    count = models.PositiveIntegerField(default=1, db_default=1)
    note = models.TextField(blank=True, default="")

    class Meta:
        db_table = "habits_habit_log"
        indexes = [
            # A user's completions in a window: WHERE user_id = %s AND logged_date >= %s.
            models.Index(fields=["user", "logged_date"], name="ix_habits_log_user_logged_date"),
            # One habit's streak: WHERE habit_id = %s ORDER BY logged_date DESC.
            models.Index(fields=["habit", "logged_date"], name="ix_habits_log_habit_logged_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1), name="ck_habits_habit_log_count_min_1"
            ),
        ]

    def __str__(self):
        return f"{self.habit_id} on {self.logged_date} x{self.count}"
