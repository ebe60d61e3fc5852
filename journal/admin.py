"""Admin of the journal domain: diary entries."""

from django.contrib import admin

from journal.models import Entry
from lifeos.admin import UserScopedAdminMixin


@admin.register(Entry)
class EntryAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("entry_date", "title", "mood", "user", "updated_at")
    list_filter = ("mood", "entry_date", "user")
    search_fields = ("title", "body")
    date_hierarchy = "entry_date"
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("user",)
