"""The health domain: biometrics, workouts and nutrition."""

from django.db import models
from django.db.models import Q

from lifeos.querysets import UserScopedModel


class Intensity(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", "Breakfast"
    LUNCH = "lunch", "Lunch"
    DINNER = "dinner", "Dinner"
    SNACK = "snack", "Snack"


class Biometric(UserScopedModel):
    """A day's body measurements."""

    date = models.DateField()
    weight_kg = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    body_fat_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    resting_hr = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "health_biometric"
        indexes = [
            # Trend charts: WHERE user_id = %s AND date BETWEEN ... ORDER BY date.
            models.Index(fields=["user", "date"], name="ix_health_biometric_user_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(body_fat_pct__isnull=True)
                | Q(body_fat_pct__gte=0, body_fat_pct__lte=100),
                name="ck_health_biometric_body_fat_pct_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.date}"


class Workout(UserScopedModel):
    """One exercise session."""

    date = models.DateField()
    workout_type = models.CharField(max_length=64)
    duration_minutes = models.PositiveIntegerField()
    intensity = models.CharField(
        max_length=16, choices=Intensity.choices, default=Intensity.MODERATE, db_default="moderate"
    )

    class Meta:
        db_table = "health_workout"
        indexes = [
            # Training log: WHERE user_id = %s AND date BETWEEN ... ORDER BY date.
            models.Index(fields=["user", "date"], name="ix_health_workout_user_date"),
        ]

    def __str__(self):
        return f"{self.date} {self.workout_type}"


class NutritionLog(UserScopedModel):
    """A logged meal with an optional quality score."""

    date = models.DateField()
    meal = models.CharField(max_length=16, choices=Meal.choices)
    description = models.TextField(blank=True, default="")
    calories = models.PositiveIntegerField(null=True, blank=True)
    quality_score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "health_nutrition_log"
        indexes = [
            # Daily intake: WHERE user_id = %s AND date = %s.
            models.Index(fields=["user", "date"], name="ix_health_nutrition_log_user_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quality_score__isnull=True)
                | Q(quality_score__gte=1, quality_score__lte=10),
                name="ck_health_nutrition_log_quality_1_10",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.meal}"
