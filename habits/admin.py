"""Admin of the habits domain: habits with their logs, streaks and completion."""

from collections import Counter

from django import forms
from django.contrib import admin

from habits.models import Habit, HabitLog
from habits.selectors import habit_figures_of
from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin

DUPLICATE_DAY_MESSAGE = "This habit already has a log of %(day)s: change that one instead."


def _same_day_logs(habit, day, exclude_pk=None):
    logs = HabitLog.objects.filter(habit=habit, logged_date=day)
    return logs.exclude(pk=exclude_pk) if exclude_pk else logs


class HabitLogInlineFormSet(UserScopedInlineMixin.formset):
    """One log per habit and day (the rule of ``habits.services.habit_log_record``)."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("logged_date") is not None
        ]
        days = Counter(form.cleaned_data["logged_date"] for form in kept)
        for form in kept:
            day = form.cleaned_data["logged_date"]
            # Legacy duplicates left as they are stay editable; a new or moved log may not
            # land on a day already logged.
            if days[day] > 1 and "logged_date" in form.changed_data:
                form.add_error("logged_date", DUPLICATE_DAY_MESSAGE % {"day": day})


class HabitLogInline(UserScopedInlineMixin, admin.TabularInline):
    model = HabitLog
    formset = HabitLogInlineFormSet
    fields = ("logged_date", "value", "note")
    ordering = ("-logged_date",)
    extra = 0

    def get_queryset(self, request):
        # Each row's label (HabitLog.__str__) names its habit: fetched with the rows.
        return super().get_queryset(request).select_related("habit")


@admin.register(Habit)
class HabitAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "schedule_type",
        "target_count",
        "domain_link",
        "time_of_day",
        "difficulty",
        "is_active",
        "user",
    )
    list_filter = (
        "schedule_type",
        "domain_link",
        "time_of_day",
        "difficulty",
        "is_active",
        "created_at",
        "user",
    )
    search_fields = ("name", "description")
    readonly_fields = (
        "current_streak",
        "best_streak",
        "done_today",
        "completion_7d",
        "completion_30d",
        "created_at",
        "updated_at",
    )
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (HabitLogInline,)

    def _figures(self, habit):
        """The habit's figures in its owner's today, computed once per page (one query)."""
        if habit is None or habit.pk is None:
            return None
        if getattr(habit, "_admin_figures", None) is None:
            habit._admin_figures = habit_figures_of(habit)
        return habit._admin_figures

    def _figure(self, habit, name):
        figures = self._figures(habit)
        return "-" if figures is None else getattr(figures, name)

    @admin.display(description="current streak (in the habit's periods: days or ISO weeks)")
    def current_streak(self, habit):
        return self._figure(habit, "current_streak")

    @admin.display(description="best streak")
    def best_streak(self, habit):
        return self._figure(habit, "best_streak")

    @admin.display(description="done today", boolean=True)
    def done_today(self, habit):
        figures = self._figures(habit)
        return None if figures is None else figures.done_today

    @staticmethod
    def _percent(value):
        return "-" if value is None else f"{value:.1%}"

    @admin.display(description="completion, last 7 days")
    def completion_7d(self, habit):
        figures = self._figures(habit)
        return "-" if figures is None else self._percent(figures.completion_7d)

    @admin.display(description="completion, last 30 days")
    def completion_30d(self, habit):
        figures = self._figures(habit)
        return "-" if figures is None else self._percent(figures.completion_30d)


class HabitLogForm(forms.ModelForm):
    """One log per habit and day (the rule of ``habits.services.habit_log_record``)."""

    class Meta:
        model = HabitLog
        fields = ("user", "habit", "logged_date", "value", "note")

    def clean(self):
        cleaned = super().clean()
        habit, day = cleaned.get("habit"), cleaned.get("logged_date")
        moved = self.instance.pk is None or {"habit", "logged_date"} & set(self.changed_data)
        if (
            habit is not None
            and day is not None
            and moved
            and _same_day_logs(habit, day, self.instance.pk).exists()
        ):
            self.add_error("logged_date", DUPLICATE_DAY_MESSAGE % {"day": day})
        return cleaned


@admin.register(HabitLog)
class HabitLogAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    form = HabitLogForm
    list_display = ("logged_date", "habit", "value", "user")
    # "habit": staff users see only their own habits (lifeos.admin.scoped_list_filter).
    list_filter = ("habit", "logged_date", "habit__schedule_type", "user")
    search_fields = ("habit__name", "note")
    date_hierarchy = "logged_date"
    list_select_related = ("habit", "user")
    autocomplete_fields = ("habit",)
