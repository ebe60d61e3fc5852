"""Admin of the health domain: biometrics, workouts and nutrition."""

from django.contrib import admin

from health.models import Biometric, NutritionLog, Workout
from lifeos.admin import UserScopedAdminMixin


@admin.register(Biometric)
class BiometricAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "weight_kg", "body_fat_pct", "resting_hr", "user")
    list_filter = ("date", "user")
    search_fields = ("user__username",)
    date_hierarchy = "date"
    list_select_related = ("user",)


@admin.register(Workout)
class WorkoutAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "workout_type", "duration_minutes", "intensity", "user")
    list_filter = ("intensity", "workout_type", "date", "user")
    search_fields = ("workout_type",)
    date_hierarchy = "date"
    list_select_related = ("user",)


@admin.register(NutritionLog)
class NutritionLogAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "meal", "description", "calories", "quality_score", "user")
    list_filter = ("meal", "quality_score", "date", "user")
    search_fields = ("description",)
    date_hierarchy = "date"
    list_select_related = ("user",)
