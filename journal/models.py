"""The journal domain: a personal diary with mood and tags."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from lifeos.querysets import UserScopedModel


class Mood(models.IntegerChoices):
    AWFUL = 1, "1 - awful"
    LOW = 2, "2 - low"
    OKAY = 3, "3 - okay"
    GOOD = 4, "4 - good"
    GREAT = 5, "5 - great"


class Entry(UserScopedModel):
    """One diary entry."""

    entry_date = models.DateField()
    title = models.CharField(max_length=255, blank=True, default="")
    body = models.TextField(blank=True, default="")
    mood = models.PositiveSmallIntegerField(choices=Mood.choices, null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "journal_entry"
        verbose_name = "diary entry"
        verbose_name_plural = "diary entries"
        indexes = [
            # The diary by day: WHERE user_id = %s AND entry_date BETWEEN ... ORDER BY entry_date.
            models.Index(fields=["user", "entry_date"], name="ix_journal_entry_user_entry_date"),
            # Recently written entries: WHERE user_id = %s ORDER BY created_at DESC.
            models.Index(fields=["user", "created_at"], name="ix_journal_entry_user_created_at"),
            # Mood insights: WHERE user_id = %s AND mood = %s, or GROUP BY mood.
            models.Index(fields=["user", "mood"], name="ix_journal_entry_user_mood"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5),
                name="ck_journal_entry_mood_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.entry_date} {self.title}".strip()
