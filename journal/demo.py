"""Demo data of the journal domain: a diary written most days of the year."""

import datetime
from decimal import Decimal

from journal.models import MOOD_MAX, MOOD_MIN, Entry
from journal.selectors import DEFAULT_TREND_WEEKS

BATCH_SIZE = 1000
# Titles by mood band: (lowest mood of the band, titles).
TITLES = [
    (-5, ["Rough day", "Everything went wrong", "Sick in bed"]),
    (-2, ["Tired", "Slow Monday", "Too much work"]),
    (0, ["Ordinary day", "Errands", "Quiet evening"]),
    (2, ["Good run", "Dinner with friends", "Productive day"]),
    (4, ["Great weekend", "Finished a big task", "Beach day"]),
]
# The emotion a mood is usually written with: (lowest mood, label).
EMOTIONS = [(-5, "sad"), (-2, "stressed"), (0, "calm"), (2, "content"), (4, "joyful")]
TAGS = ["work", "family", "health", "friends", "travel", "money", "learning", "rest"]


def is_seeded(user):
    """Whether ``user`` already has demo diary entries."""
    return Entry.objects.for_user(user).exists()


def _band(bands, mood):
    """The value of the highest band whose lowest mood is at most ``mood``."""
    return [value for lowest, value in bands if lowest <= mood][-1]


def _entry(user, day, rng):
    """One demo entry on ``day``: mood (-5..5) better at weekends, tags, title by mood."""
    weekend = day.weekday() >= 5
    mood = max(MOOD_MIN, min(MOOD_MAX, round(rng.gauss(2 if weekend else 0.5, 2))))
    title = rng.choice(_band(TITLES, mood))
    tags = sorted(rng.sample(TAGS, rng.randint(0, 3)))
    return Entry(
        user=user,
        entry_date=day,
        title=title,
        body=f"{title}. Wrote this in the evening; tags: {', '.join(tags) or 'none'}.",
        # bulk_create skips Entry.save(): write the legacy text mood too.
        mood_int=mood,
        mood=str(mood),
        tags=tags,
        is_private=rng.random() < 0.9,
        sentiment_score=Decimal(mood) / MOOD_MAX,
        emotion_label=_band(EMOTIONS, mood),
    )


def seed(user, *, rng, start, end, scale):
    """About four entries a week (times ``scale``), mood (-5..5) better at weekends.

    Each of the last ``DEFAULT_TREND_WEEKS`` ISO weeks up to ``end`` gets at
    least one entry (on its Wednesday, or ``end``), so the default mood trend
    and the today view's last mood show data at any scale.
    """
    entries = []
    day = start
    while day <= end:
        if rng.random() < min(1.0, 0.55 * scale):
            entries.append(_entry(user, day, rng))
        day += datetime.timedelta(days=1)
    written = {
        entry.entry_date - datetime.timedelta(days=entry.entry_date.weekday()) for entry in entries
    }
    monday = end - datetime.timedelta(days=end.weekday())
    for _ in range(DEFAULT_TREND_WEEKS):
        if monday not in written:
            day = min(monday + datetime.timedelta(days=2), end)
            if day >= start:
                entries.append(_entry(user, day, rng))
        monday -= datetime.timedelta(weeks=1)
    Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
