"""Admin of the relationships domain: people with their interactions."""

from django.contrib import admin

from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin
from lifeos.dates import user_today
from relationships import selectors
from relationships.models import Interaction, Person


class InteractionInline(UserScopedInlineMixin, admin.TabularInline):
    model = Interaction
    fields = ("date", "method", "sentiment", "notes")
    ordering = ("-date",)
    extra = 0

    def get_queryset(self, request):
        # Each row's label (Interaction.__str__) names its person: fetched with the rows.
        return super().get_queryset(request).select_related("person")


@admin.register(Person)
class PersonAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "relationship_type",
        "importance_level",
        "last_contacted",
        "email",
        "birthday",
        "user",
    )
    list_filter = ("relationship_type", "importance_level", "birthday", "user")
    search_fields = ("name", "email", "phone", "notes")
    readonly_fields = (
        "last_contacted",
        "contact_interval",
        "next_birthday",
        "created_at",
        "updated_at",
    )
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (InteractionInline,)

    def get_queryset(self, request):
        # The latest interaction's date, in the same query as the people (a subquery
        # per row on the (user, person, date) index).
        return (
            super()
            .get_queryset(request)
            .annotate(last_contacted_on=selectors.last_contacted_subquery())
        )

    @admin.display(description="last contacted", ordering="last_contacted_on")
    def last_contacted(self, person):
        return getattr(person, "last_contacted_on", None) or "never"

    @admin.display(description="target contact interval")
    def contact_interval(self, person):
        if person.pk is None:
            return "-"
        days = selectors.interval_days(person.importance_level)
        default = " (no importance: the default)" if person.importance_level is None else ""
        return f"every {days} days{default}"

    @admin.display(description="next birthday")
    def next_birthday(self, person):
        if person.pk is None or person.birthday is None:
            return "-"
        today = user_today(person.user)
        day = selectors.next_birthday(person.birthday, today)
        if day is None:
            return "-"
        turning = selectors.turning(person.birthday, day)
        age = f", turning {turning}" if turning is not None else ""
        return f"{day} (in {(day - today).days} days{age})"


@admin.register(Interaction)
class InteractionAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "person", "method", "sentiment", "user")
    # "person" offers only the request's user's people (lifeos.admin's scoped filter).
    list_filter = ("person", "method", "sentiment", "date", "person__relationship_type", "user")
    search_fields = ("person__name", "notes")
    date_hierarchy = "date"
    list_select_related = ("person", "user")
    autocomplete_fields = ("person",)
