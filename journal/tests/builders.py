"""Small builders of diary entries for the journal tests."""

import datetime

from journal.models import Entry


def day(text):
    return datetime.date.fromisoformat(text)


def entry(user, entry_date, title="", *, mood=None, tags=(), body="", **extra):
    """An entry written through the model (so both mood columns are set, as LifeOS writes)."""
    return Entry.objects.create(
        user=user,
        entry_date=day(entry_date),
        title=title,
        body=body,
        mood_int=mood,
        tags=list(tags),
        **extra,
    )


def legacy_entry(user, entry_date, title="", *, mood=None, tags=None, content=None):
    """A row as the original application writes it: text mood, mood_int NULL, maybe no body."""
    values = {"tags": tags} if tags is not None else {}
    (row,) = Entry.objects.bulk_create(
        [
            Entry(
                user=user,
                entry_date=day(entry_date),
                title=title,
                mood=mood,
                content=content,
                **values,
            )
        ]
    )
    return row
