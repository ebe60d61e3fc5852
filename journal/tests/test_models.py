"""Entry's mood: an integer in mood_int, mirrored as text in the legacy mood column."""

import datetime

import pytest

from journal.models import Entry
from lifeos.testing.builders import make_user

DAY = datetime.date(2025, 12, 18)


@pytest.mark.django_db
def test_saving_an_entry_writes_the_mood_in_both_columns():
    ada = make_user("ada@example.com")
    entry = Entry.objects.create(user=ada, entry_date=DAY, title="Beach day", mood_int=-3)

    assert Entry.objects.filter(pk=entry.pk).values_list("mood_int", "mood").get() == (-3, "-3")

    entry.mood_int = 4
    entry.save(update_fields=["mood_int"])
    assert Entry.objects.filter(pk=entry.pk).values_list("mood_int", "mood").get() == (4, "4")

    entry.mood_int = None
    entry.save()
    assert Entry.objects.filter(pk=entry.pk).values_list("mood_int", "mood").get() == (None, None)


@pytest.mark.django_db
def test_mood_value_falls_back_to_the_legacy_text_mood():
    ada = make_user("ada@example.com")
    # Rows the original application wrote: mood as text, mood_int NULL.
    Entry.objects.bulk_create(
        [
            Entry(user=ada, entry_date=DAY, title="legacy", mood=" 2 "),
            Entry(user=ada, entry_date=DAY, title="words", mood="happy"),
            Entry(user=ada, entry_date=DAY, title="too high", mood="9"),
        ]
    )

    moods = dict(Entry.objects.for_user(ada).values_list("title", "mood"))
    values = {entry.title: entry.mood_value for entry in Entry.objects.for_user(ada)}

    assert moods == {"legacy": " 2 ", "words": "happy", "too high": "9"}
    assert values == {"legacy": 2, "words": None, "too high": None}
