"""Admin of the journal domain: diary entries.

What a diarist looks for: entries by date (the date hierarchy), by mood (the
effective mood, legacy text moods included, or "no mood"), by tag (the tags of
the entries the admin can show: a staff user sees only their own) and by
emotion; each change page shows the entry's ISO week with its average mood
(``journal.selectors.mood_trend``). Writes check tags and mood with the
services' rules, and an edit writes only the columns changed, so a legacy
text mood ("happy") survives edits of the other fields.
"""

import datetime
from collections import Counter

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from journal import selectors, services
from journal.models import MOOD_MAX, MOOD_MIN, Entry
from lifeos.admin import UserScopedAdminMixin

# Most tags the tag filter offers: the most used first.
TAG_FILTER_CHOICES = 40


class MoodFilter(admin.SimpleListFilter):
    """The effective mood: ``mood_int``, else the legacy integer text mood."""

    title = "mood"
    parameter_name = "mood"

    def lookups(self, request, model_admin):
        return [
            ("none", "No mood"),
            *[(str(m), f"{m:+d}") for m in range(MOOD_MAX, MOOD_MIN - 1, -1)],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        queryset = queryset.annotate(effective_mood=selectors.effective_mood())
        if value == "none":
            return queryset.filter(effective_mood__isnull=True)
        try:
            mood = selectors.parse_mood(value, field_name="mood")
        except ValidationError:
            return queryset.none()
        return queryset.filter(effective_mood=mood)


class TagFilter(admin.SimpleListFilter):
    """The tags of the entries this admin shows (a staff user's own), most used first."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        counts = Counter()
        for tags in model_admin.get_queryset(request).values_list("tags", flat=True):
            for name in selectors._tags_out(tags):
                counts[selectors.normalize_tag(name).lower()] += 1
        return [(name, name) for name, _ in counts.most_common(TAG_FILTER_CHOICES) if name]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(selectors.HasTag(selectors.normalize_tag(value).lower()))


class EntryForm(forms.ModelForm):
    """Tags and mood checked by the services' rules (trimmed, unique tag names; mood -5..5)."""

    class Meta:
        model = Entry
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose

    def _service_clean(self, name):
        try:
            return services.clean_entry({name: self.cleaned_data.get(name)})[name]
        except ValidationError as error:
            raise ValidationError(error.message_dict[name]) from None

    def clean_tags(self):
        return self._service_clean("tags")

    def clean_mood_int(self):
        return self._service_clean("mood_int")


@admin.register(Entry)
class EntryAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    form = EntryForm
    list_display = ("entry_date", "title", "mood_shown", "tag_list", "emotion_label", "user")
    list_filter = (MoodFilter, TagFilter, "emotion_label", "is_private", "entry_date", "user")
    search_fields = ("title", "body", "content")
    date_hierarchy = "entry_date"
    readonly_fields = ("mood", "content", "week_mood", "created_at", "updated_at")
    list_select_related = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(effective_mood=selectors.effective_mood())

    @admin.display(description="mood", ordering="effective_mood")
    def mood_shown(self, entry):
        mood = getattr(entry, "effective_mood", entry.mood_value)
        return "-" if mood is None else f"{mood:+d}"

    @admin.display(description="tags")
    def tag_list(self, entry):
        return ", ".join(selectors._tags_out(entry.tags))

    @admin.display(description="average mood of its ISO week")
    def week_mood(self, entry):
        if entry.pk is None:
            return "-"
        monday = selectors._monday(entry.entry_date)
        sunday = monday + datetime.timedelta(days=6)
        (week,) = selectors.mood_trend(user=entry.user, date_from=monday, date_to=sunday)["weeks"]
        average = "no mood" if week["average_mood"] is None else week["average_mood"]
        return f"{week['week']}: {average} over {week['mood_count']} of {week['count']} entries"

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Only the columns changed (the owner cannot change: see UserScopedAdminMixin).
        columns = {field.name for field in Entry._meta.concrete_fields} - {"user"}
        changed = [name for name in form.changed_data if name in columns]
        if changed:
            obj.save(update_fields=[*changed, "updated_at"])
        return None
