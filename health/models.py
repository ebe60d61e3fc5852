"""The health domain: biometrics, workouts and nutrition.

Each table keeps the original application's older columns (``metric``,
``activity``, ``meal``, ...), which its current code leaves at their defaults.
"""

from django.db import models
from django.db.models.functions import Now

from lifeos.fields import CurrentDate, UTCDateTimeField
from lifeos.querysets import UserScopedModel

MEASURE = {"max_digits": 10, "decimal_places": 2, "null": True, "blank": True}


class Intensity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class MealType(models.TextChoices):
    BREAKFAST = "breakfast", "Breakfast"
    LUNCH = "lunch", "Lunch"
    DINNER = "dinner", "Dinner"
    SNACK = "snack", "Snack"
    OTHER = "other", "Other"


class Biometric(UserScopedModel):
    """A day's body measurements (weight in kg; energy and stress 1-5)."""

    date = models.DateField(db_default=CurrentDate())
    weight = models.DecimalField(**MEASURE)
    body_fat_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    resting_hr = models.IntegerField(null=True, blank=True)
    energy_level = models.IntegerField(null=True, blank=True)
    stress_level = models.IntegerField(null=True, blank=True)
    notes = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    # Older columns, kept.
    metric = models.CharField(max_length=64, null=True, blank=True, default="", db_default="")  # noqa: DJ001 - legacy
    value = models.DecimalField(**MEASURE, default=0, db_default=0)
    recorded_at = UTCDateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "health_biometric"
        indexes = [
            # A user's measurements over time: WHERE user_id = %s AND date BETWEEN ...
            models.Index(fields=["user", "date"], name="ix_health_biometric_user_date"),
        ]

    def __str__(self):
        return f"{self.date}" + (f" {self.weight} kg" if self.weight is not None else "")


class Workout(UserScopedModel):
    """One exercise session."""

    date = models.DateField(db_default=CurrentDate())
    workout_type = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    duration_minutes = models.IntegerField(default=0, db_default=0)
    intensity = models.CharField(  # noqa: DJ001 - legacy: nullable
        max_length=16, choices=Intensity.choices, null=True, blank=True
    )
    calories_est = models.DecimalField(**MEASURE)
    notes = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    # Older columns, kept.
    activity = models.CharField(max_length=128, null=True, blank=True, default="", db_default="")  # noqa: DJ001 - legacy
    calories = models.DecimalField(**MEASURE)
    performed_at = UTCDateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "health_workout"
        indexes = [
            # A user's training log: WHERE user_id = %s AND date BETWEEN ...
            models.Index(fields=["user", "date"], name="ix_health_workout_user_date"),
        ]

    def __str__(self):
        return f"{self.date} {self.workout_type or 'workout'}"


class NutritionLog(UserScopedModel):
    """A logged meal with an optional quality score (1-5)."""

    date = models.DateField(db_default=CurrentDate())
    meal_type = models.CharField(  # noqa: DJ001 - legacy: nullable
        max_length=32, choices=MealType.choices, null=True, blank=True
    )
    items = models.TextField(null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    calories_est = models.DecimalField(**MEASURE)
    quality_score = models.IntegerField(null=True, blank=True)
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    # Older columns, kept.
    meal = models.CharField(max_length=128, null=True, blank=True, default="", db_default="")  # noqa: DJ001 - legacy
    calories = models.DecimalField(**MEASURE, default=0, db_default=0)
    protein = models.DecimalField(**MEASURE)
    carbs = models.DecimalField(**MEASURE)
    fat = models.DecimalField(**MEASURE)
    logged_at = UTCDateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "health_nutrition_log"
        indexes = [
            # A user's meals by day: WHERE user_id = %s AND date BETWEEN ...
            models.Index(fields=["user", "date"], name="ix_health_nutrition_log_user_date"),
        ]

    def __str__(self):
        return f"{self.date} {self.meal_type or 'meal'}"
