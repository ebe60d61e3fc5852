"""Admin of the journal domain: diary entries."""

from django.contrib import admin

from journal.models import Entry
from lifeos.admin import UserScopedAdminMixin


@admin.register(Entry)
class EntryAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    list_display = ("entry_date", "title", "mood_int", "emotion_label", "is_private", "user")
    list_filter = ("mood_int", "emotion_label", "is_private", "entry_date", "user")
    search_fields = ("title", "body", "content")
    date_hierarchy = "entry_date"
    readonly_fields = ("mood", "content", "created_at", "updated_at")
    list_select_related = ("user",)
