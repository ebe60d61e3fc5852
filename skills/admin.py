"""Admin of the skills domain: skills with their practice sessions and metrics.

A skill's change page shows its figures (total minutes, sessions, last practice
and streak, from ``skills.selectors`` in its owner's time zone); sessions and
metrics filter by skill (a staff user's own skills only). Session forms apply
the services' rules (duration 1 to 1,440 minutes, intensity 1 to 10).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin
from skills import selectors, services
from skills.models import Metric, PracticeSession, Skill


class PracticeSessionForm(forms.ModelForm):
    """The services' rules on a session's duration and intensity."""

    class Meta:
        model = PracticeSession
        fields = "__all__"  # noqa: DJ007 - the admin chooses the fields shown

    def _check(self, name, low, high, required):
        try:
            return services.parse_whole(
                self.cleaned_data.get(name), field_name=name, low=low, high=high, required=required
            )
        except selectors.SkillValidationError as error:
            raise ValidationError(error.message_dict[name]) from None

    def clean_duration_minutes(self):
        return self._check("duration_minutes", 1, services.MINUTES_PER_DAY, True)

    def clean_intensity(self):
        return self._check("intensity", *services.INTENSITY_RANGE, False)


class PracticeSessionInline(UserScopedInlineMixin, admin.TabularInline):
    model = PracticeSession
    form = PracticeSessionForm
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
    readonly_fields = (
        "total_minutes",
        "session_count",
        "last_practiced_at",
        "streak_days",
        "created_at",
        "updated_at",
    )
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (PracticeSessionInline, MetricInline)

    def _figures(self, obj):
        """The skill's figures, computed once per page, in its owner's time zone."""
        if obj is None or obj.pk is None:
            return None
        if not hasattr(obj, "_skill_figures"):
            obj._skill_figures = selectors.skill_figures(user=obj.user, skill_id=obj.pk)
        return obj._skill_figures

    @admin.display(description="total minutes")
    def total_minutes(self, obj):
        figures = self._figures(obj)
        return "-" if figures is None else figures["total_minutes"]

    @admin.display(description="sessions")
    def session_count(self, obj):
        figures = self._figures(obj)
        return "-" if figures is None else figures["sessions"]

    @admin.display(description="last practised")
    def last_practiced_at(self, obj):
        figures = self._figures(obj)
        return (
            "-"
            if figures is None or figures["last_practiced_at"] is None
            else (figures["last_practiced_at"])
        )

    @admin.display(description="streak (days)")
    def streak_days(self, obj):
        figures = self._figures(obj)
        return "-" if figures is None else figures["streak_days"]


@admin.register(PracticeSession)
class PracticeSessionAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    form = PracticeSessionForm
    list_display = ("practiced_at", "skill", "duration_minutes", "intensity", "user")
    list_filter = ("skill", "practiced_at", "intensity", "skill__category", "user")
    search_fields = ("skill__name", "notes")
    date_hierarchy = "practiced_at"
    list_select_related = ("skill", "user")
    autocomplete_fields = ("skill",)


@admin.register(Metric)
class MetricAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("recorded_at", "skill", "name", "value", "unit", "user")
    list_filter = ("skill", "name", "recorded_at", "user")
    search_fields = ("name", "skill__name")
    date_hierarchy = "recorded_at"
    list_select_related = ("skill", "user")
    autocomplete_fields = ("skill",)
