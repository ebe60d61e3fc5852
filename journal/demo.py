"""Demo data of the journal domain: a diary written most days of the year."""

import datetime
from decimal import Decimal

from journal.models import MOOD_MAX, MOOD_MIN, Entry

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


def seed(user, *, rng, start, end, scale):
    """About four entries a week (times ``scale``), mood (-5..5) better at weekends."""
    entries = []
    day = start
    while day <= end:
        if rng.random() < min(1.0, 0.55 * scale):
            weekend = day.weekday() >= 5
            mood = max(MOOD_MIN, min(MOOD_MAX, round(rng.gauss(2 if weekend else 0.5, 2))))
            title = rng.choice(_band(TITLES, mood))
            tags = sorted(rng.sample(TAGS, rng.randint(0, 3)))
            entries.append(
                Entry(
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
            )
        day += datetime.timedelta(days=1)
    Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
