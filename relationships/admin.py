"""Admin of the relationships domain: people with their interactions."""

from django.contrib import admin

from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin
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
    list_display = ("name", "relationship_type", "importance_level", "email", "birthday", "user")
    list_filter = ("relationship_type", "importance_level", "birthday", "user")
    search_fields = ("name", "email", "phone", "notes")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (InteractionInline,)


@admin.register(Interaction)
class InteractionAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "person", "method", "sentiment", "user")
    list_filter = ("method", "sentiment", "date", "person__relationship_type", "user")
    search_fields = ("person__name", "notes")
    date_hierarchy = "date"
    list_select_related = ("person", "user")
    autocomplete_fields = ("person",)
