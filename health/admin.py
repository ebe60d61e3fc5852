"""Admin of the health domain: biometrics, workouts and meals.

Forms are checked by the services' rules (``health.services.clean_*``: the same
ranges and messages as the API), on the fields an edit changes. Each change page
shows the figures of the row's ISO week (``health.selectors.health_summary``),
computed for the row's owner in their time zone.
"""

from django import forms
from django.contrib import admin

from health import selectors, services
from health.models import Biometric, NutritionLog, Workout
from lifeos.admin import UserScopedAdminMixin


class _CheckedByServiceForm(forms.ModelForm):
    """Runs ``clean_with`` (a ``health.services.clean_*``) on the fields it knows.

    A new row's fields are all checked; an existing row's only when changed, so
    a row of the original application with values outside today's rules can
    still be edited.
    """

    clean_with = None
    parsers = {}

    def clean(self):
        cleaned_data = super().clean()
        creating = self.instance.pk is None
        fields = {
            name: cleaned_data[name]
            for name in self.parsers
            if name in cleaned_data and (creating or name in self.changed_data)
        }
        try:
            cleaned = type(self).clean_with(fields=fields, creating=creating)
        except selectors.HealthValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        else:
            cleaned_data.update(cleaned)
        return cleaned_data


class BiometricForm(_CheckedByServiceForm):
    clean_with = services.clean_biometric
    parsers = services.BIOMETRIC_PARSERS


class WorkoutForm(_CheckedByServiceForm):
    clean_with = services.clean_workout
    parsers = services.WORKOUT_PARSERS


class NutritionLogForm(_CheckedByServiceForm):
    clean_with = services.clean_nutrition_log
    parsers = services.NUTRITION_LOG_PARSERS


def _week_text(obj):
    """The figures of the ISO week of ``obj.date`` for its owner, as one line of text."""
    if obj is None or obj.pk is None:
        return "-"
    summary = selectors.health_summary(user=obj.user, period="week", date=obj.date)
    by_type = ", ".join(
        f"{kind} {minutes}" for kind, minutes in summary.workout_minutes_by_type.items()
    )
    parts = [
        f"{summary.start} to {summary.end}:",
        f"{summary.workouts} workouts, {summary.workout_minutes} min"
        + (f" ({by_type})" if by_type else "")
        + f", {summary.calories_burned:,} kcal burnt;",
        f"{summary.meals} meals, {summary.calories_eaten:,} kcal eaten",
        f"(average quality {summary.average_quality_score or '-'});",
        f"energy {summary.average_energy_level or '-'},",
        f"stress {summary.average_stress_level or '-'};",
    ]
    if summary.latest_weight is None:
        parts.append("no weight yet.")
    else:
        change = "" if summary.weight_change is None else f", {summary.weight_change:+} kg"
        parts.append(
            f"weight {summary.latest_weight} kg on {summary.latest_weight_date}{change} "
            "over the week."
        )
    return " ".join(parts)


class _WeekSummaryMixin:
    @admin.display(description="its week")
    def week_summary(self, obj):
        return _week_text(obj)


@admin.register(Biometric)
class BiometricAdmin(_WeekSummaryMixin, UserScopedAdminMixin, admin.ModelAdmin):
    form = BiometricForm
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
    readonly_fields = ("previous_weight", "week_summary", "created_at", "recorded_at")
    list_select_related = ("user",)

    @admin.display(description="previous weight")
    def previous_weight(self, obj):
        """The owner's latest weight before this row's date, and the change since."""
        if obj is None or obj.pk is None:
            return "-"
        weight, day = selectors.weight_before(user=obj.user, day=obj.date)
        if weight is None:
            return "none before this day"
        text = f"{weight} kg on {day}"
        if obj.weight is not None:
            text += f" ({obj.weight - weight:+} kg since)"
        return text


@admin.register(Workout)
class WorkoutAdmin(_WeekSummaryMixin, UserScopedAdminMixin, admin.ModelAdmin):
    form = WorkoutForm
    list_display = (
        "date",
        "workout_type",
        "duration_minutes",
        "intensity",
        "calories_est",
        "user",
    )
    list_filter = ("intensity", "workout_type", "date", "user")
    search_fields = ("workout_type", "activity", "notes")
    date_hierarchy = "date"
    readonly_fields = ("week_summary", "created_at", "performed_at")
    list_select_related = ("user",)


@admin.register(NutritionLog)
class NutritionLogAdmin(_WeekSummaryMixin, UserScopedAdminMixin, admin.ModelAdmin):
    form = NutritionLogForm
    list_display = ("date", "meal_type", "items", "calories_est", "quality_score", "user")
    list_filter = ("meal_type", "quality_score", "date", "user")
    search_fields = ("items", "meal")
    date_hierarchy = "date"
    readonly_fields = ("week_summary", "created_at", "logged_at")
    list_select_related = ("user",)
