"""Admin of the habits domain: habits with their logs."""

from django.contrib import admin

from habits.models import Habit, HabitLog
from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin


class HabitLogInline(UserScopedInlineMixin, admin.TabularInline):
    model = HabitLog
    fields = ("logged_date", "count", "note")
    ordering = ("-logged_date",)
    extra = 0


@admin.register(Habit)
class HabitAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "frequency", "target_per_period", "domain_link", "is_active", "user")
    list_filter = ("frequency", "domain_link", "is_active", "created_at", "user")
    search_fields = ("name", "description")
    readonly_fields = ("created_at",)
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (HabitLogInline,)


@admin.register(HabitLog)
class HabitLogAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("logged_date", "habit", "count", "user")
    list_filter = ("logged_date", "habit__frequency", "user")
    search_fields = ("habit__name", "note")
    date_hierarchy = "logged_date"
    list_select_related = ("habit", "user")
    autocomplete_fields = ("habit",)
