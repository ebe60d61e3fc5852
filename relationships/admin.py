"""Admin of the relationships domain: people with their interactions."""

from django.contrib import admin

from lifeos.admin import UserScopedAdminMixin, UserScopedInlineMixin
from relationships.models import Interaction, Person


class InteractionInline(UserScopedInlineMixin, admin.TabularInline):
    model = Interaction
    fields = ("date", "interaction_type", "notes")
    ordering = ("-date",)
    extra = 0


@admin.register(Person)
class PersonAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "relationship_type", "importance", "email", "birthday", "user")
    list_filter = ("relationship_type", "importance", "birthday", "user")
    search_fields = ("name", "email", "phone", "notes")
    ordering = ("name",)
    list_select_related = ("user",)
    inlines = (InteractionInline,)


@admin.register(Interaction)
class InteractionAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "person", "interaction_type", "user")
    list_filter = ("interaction_type", "date", "person__relationship_type", "user")
    search_fields = ("person__name", "notes")
    date_hierarchy = "date"
    list_select_related = ("person", "user")
    autocomplete_fields = ("person",)
