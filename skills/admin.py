"""Admin of the skills domain: skills with their practice sessions and metrics."""

from django.contrib import admin

from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin
from skills.models import Metric, PracticeSession, Skill


class PracticeSessionInline(UserScopedInlineMixin, admin.TabularInline):
    model = PracticeSession
    fields = ("practiced_at", "duration_minutes", "intensity", "notes")
    ordering = ("-practiced_at",)
    extra = 0

    def get_queryset(self, request):
        # Each row's label (PracticeSession.__str__) names its skill: fetched with the rows.
        return super().get_queryset(request).select_related("skill")


class MetricInline(UserScopedInlineMixin, admin.TabularInline):
    model = Metric
    fields = ("name", "value", "unit", "recorded_at")
    ordering = ("-recorded_at",)
    extra = 0


@admin.register(Skill)
class SkillAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "category",
        "level",
        "current_level",
        "target_level",
        "difficulty",
        "user",
        "created_at",
    )
    list_filter = ("category", "level", "difficulty", "created_at", "user")
    search_fields = ("name", "category", "description")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (PracticeSessionInline, MetricInline)


@admin.register(PracticeSession)
class PracticeSessionAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("practiced_at", "skill", "duration_minutes", "intensity", "user")
    list_filter = ("practiced_at", "intensity", "skill__category", "user")
    search_fields = ("skill__name", "notes")
    date_hierarchy = "practiced_at"
    list_select_related = ("skill", "user")
    autocomplete_fields = ("skill",)


@admin.register(Metric)
class MetricAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("recorded_at", "skill", "name", "value", "unit", "user")
    list_filter = ("name", "recorded_at", "user")
    search_fields = ("name", "skill__name")
    date_hierarchy = "recorded_at"
    list_select_related = ("skill", "user")
    autocomplete_fields = ("skill",)
