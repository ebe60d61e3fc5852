"""Admin of the health domain: biometrics, workouts and nutrition."""

from django.contrib import admin

from health.models import Biometric, NutritionLog, Workout
from lifeos.admin import UserScopedAdminMixin


@admin.register(Biometric)
class BiometricAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "date",
        "weight",
        "body_fat_pct",
        "resting_hr",
        "energy_level",
        "stress_level",
        "user",
    )
    list_filter = ("date", "energy_level", "stress_level", "user")
    search_fields = ("notes",)
    date_hierarchy = "date"
    readonly_fields = ("created_at", "recorded_at")
    list_select_related = ("user",)


@admin.register(Workout)
class WorkoutAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "date",
        "workout_type",
        "duration_minutes",
        "intensity",
        "calories_est",
        "user",
    )
    list_filter = ("intensity", "workout_type", "date", "user")
    search_fields = ("workout_type", "notes")
    date_hierarchy = "date"
    readonly_fields = ("created_at", "performed_at")
    list_select_related = ("user",)


@admin.register(NutritionLog)
class NutritionLogAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "meal_type", "items", "calories_est", "quality_score", "user")
    list_filter = ("meal_type", "quality_score", "date", "user")
    search_fields = ("items",)
    date_hierarchy = "date"
    readonly_fields = ("created_at", "logged_at")
    list_select_related = ("user",)
