"""The journal demo: moods from -5 to 5, written in both mood columns."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from journal import demo, selectors
from journal.models import Entry
from lifeos.testing.demo import DEMO_TODAY


@pytest.mark.django_db
def test_demo_entries_carry_an_integer_mood_in_both_columns(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])
    entries = list(Entry.objects.for_user(user))

    assert entries
    for entry in entries:
        assert -5 <= entry.mood_int <= 5
        assert entry.mood == str(entry.mood_int)
        assert entry.mood_value == entry.mood_int
        assert entry.sentiment_score == Decimal(entry.mood_int) / 5
        assert entry.emotion_label == demo._band(demo.EMOTIONS, entry.mood_int)
        assert entry.title in demo._band(demo.TITLES, entry.mood_int)
        assert entry.tags == sorted(entry.tags)
        assert set(entry.tags) <= set(demo.TAGS)
    # A year of moods spans both sides of neutral.
    moods = {entry.mood_int for entry in entries}
    assert min(moods) < 0 < max(moods)


def test_mood_bands_cover_every_mood():
    assert [demo._band(demo.EMOTIONS, mood) for mood in range(-5, 6)] == [
        *["sad"] * 3,
        *["stressed"] * 2,
        *["calm"] * 2,
        *["content"] * 2,
        *["joyful"] * 2,
    ]


@pytest.mark.django_db
def test_demo_user_sees_every_journal_summary_non_empty(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])

    page = selectors.entry_list(user=user)
    trend = selectors.mood_trend(user=user, today=DEMO_TODAY)
    view = selectors.today_view(user=user, today=DEMO_TODAY)

    assert len(page["results"]) == min(20, Entry.objects.for_user(user).count())
    assert len(page["results"]) >= 12
    # Every week of the default 12-week trend has an entry with a mood, even at small scale.
    assert len(trend["weeks"]) == 12
    assert all(week["count"] and week["average_mood"] is not None for week in trend["weeks"])
    assert view["last_mood"] is not None
    assert view["last_mood"]["entry_date"] >= DEMO_TODAY - datetime.timedelta(days=7)
    assert any(row["tags"] for row in page["results"])
