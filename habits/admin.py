"""Admin of the habits domain: habits with their logs."""

from django.contrib import admin

from habits.models import Habit, HabitLog
from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin


class HabitLogInline(UserScopedInlineMixin, admin.TabularInline):
    model = HabitLog
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
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (HabitLogInline,)


@admin.register(HabitLog)
class HabitLogAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("logged_date", "habit", "value", "user")
    list_filter = ("logged_date", "habit__schedule_type", "user")
    search_fields = ("habit__name", "note")
    date_hierarchy = "logged_date"
    list_select_related = ("habit", "user")
    autocomplete_fields = ("habit",)
