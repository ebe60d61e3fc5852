"""Demo data of the journal domain: a diary written most days of the year."""

import datetime

from journal.models import Entry

BATCH_SIZE = 1000
TITLES = {
    1: ["Rough day", "Everything went wrong", "Sick in bed"],
    2: ["Tired", "Slow Monday", "Too much work"],
    3: ["Ordinary day", "Errands", "Quiet evening"],
    4: ["Good run", "Dinner with friends", "Productive day"],
    5: ["Great weekend", "Finished a big task", "Beach day"],
}
TAGS = ["work", "family", "health", "friends", "travel", "money", "learning", "rest"]


def is_seeded(user):
    """Whether ``user`` already has demo diary entries."""
    return Entry.objects.for_user(user).exists()


def seed(user, *, rng, start, end, scale):
    """About four entries a week (times ``scale``), mood better at weekends."""
    entries = []
    day = start
    while day <= end:
        if rng.random() < min(1.0, 0.55 * scale):
            weekend = day.weekday() >= 5
            mood = max(1, min(5, round(rng.gauss(3.8 if weekend else 3.2, 0.9))))
            title = rng.choice(TITLES[mood])
            tags = sorted(rng.sample(TAGS, rng.randint(0, 3)))
            entries.append(
                Entry(
                    user=user,
                    entry_date=day,
                    title=title,
                    body=f"{title}. Wrote this in the evening; tags: {', '.join(tags) or 'none'}.",
                    mood=mood,
                    tags=tags,
                )
            )
        day += datetime.timedelta(days=1)
    Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
