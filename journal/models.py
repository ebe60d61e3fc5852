"""The journal domain: a personal diary with mood and tags."""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Now

from lifeos.fields import CurrentDate, LegacyJSONField, UTCDateTimeField
from lifeos.querysets import UserScopedModel

MOOD_MIN, MOOD_MAX = -5, 5


def mood_from_text(text):
    """The integer mood of a legacy ``mood`` text, or None when it is not an integer literal."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return value if MOOD_MIN <= value <= MOOD_MAX else None


class Entry(UserScopedModel):
    """One diary entry.

    The mood is an integer from -5 to 5. The original application writes it as
    text into ``mood`` and leaves ``mood_int`` NULL; LifeOS writes both and
    reads ``mood_int``, else ``mood`` when that is an integer literal.
    """

    title = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    content = models.TextField(null=True, blank=True, editable=False)  # noqa: DJ001 - legacy, pre-20251211 text
    mood = models.CharField(max_length=32, null=True, blank=True, editable=False)  # noqa: DJ001 - legacy text mood
    mood_int = models.IntegerField(null=True, blank=True)
    body = models.TextField(blank=True, default="", db_default="")
    tags = LegacyJSONField(default=list, blank=True, db_default=Value("[]"))
    entry_date = models.DateField(db_default=CurrentDate())
    is_private = models.BooleanField(default=True, db_default=True)
    sentiment_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    emotion_label = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    updated_at = UTCDateTimeField(auto_now=True, db_default=Now())

    class Meta:
        db_table = "journal_entry"
        verbose_name = "diary entry"
        verbose_name_plural = "diary entries"
        indexes = [
            # A user's diary by day: WHERE user_id = %s AND entry_date BETWEEN ... ORDER BY 2.
            models.Index(fields=["user", "entry_date"], name="ix_journal_entry_user_entry_date"),
            # Recently written entries: WHERE user_id = %s ORDER BY created_at DESC.
            models.Index(fields=["user", "created_at"], name="ix_journal_entry_user_created_at"),
            # Entries of one mood: WHERE user_id = %s AND mood_int = %s.
            models.Index(fields=["user", "mood_int"], name="ix_journal_entry_user_mood"),
        ]

    def __str__(self):
        return f"{self.entry_date} {self.title or ''}".strip()

    @property
    def mood_value(self):
        """The entry's mood as an integer: ``mood_int``, else the legacy text ``mood``."""
        if self.mood_int is not None:
            return self.mood_int
        return mood_from_text(self.mood)

    def save(self, *args, **kwargs):
        # Written in both columns, so the original application reads it too.
        self.mood = None if self.mood_int is None else str(self.mood_int)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "mood_int" in update_fields:
            kwargs["update_fields"] = {*update_fields, "mood"}
        super().save(*args, **kwargs)
