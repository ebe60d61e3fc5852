"""The weekly mood trend and the today view's last mood (figures worked out by hand)."""

import datetime
from unittest import mock

from django.utils import timezone

from journal import selectors
from journal.tests.builders import day, entry, legacy_entry
from lifeos.testing.builders import make_user

TREND = "/journal/mood-trend"


def test_mood_trend_averages_by_iso_week_across_a_year_boundary(api, user, other_user):
    # ISO weeks: 2024-W52 is Mon 23 Dec to Sun 29 Dec; 2025-W01 is Mon 30 Dec 2024 to
    # Sun 5 Jan 2025 (it holds two calendar years); 2025-W02 starts Mon 6 Jan.
    entry(user, "2024-12-23", mood=1)
    entry(user, "2024-12-29", mood=2)  # W52: (1 + 2) / 2 = 1.50
    entry(user, "2024-12-30", mood=4)
    entry(user, "2024-12-31", mood=-1)
    entry(user, "2025-01-05", mood=2)  # W01: (4 - 1 + 2) / 3 = 1.666... = 1.67
    entry(user, "2025-01-01", mood=None)  # counted, not averaged
    legacy_entry(user, "2025-01-02", mood="happy")  # counted, not averaged
    # W02 (6-12 Jan): nothing. W03 (13-19 Jan): one legacy integer text mood.
    legacy_entry(user, "2025-01-14", mood="-3")
    entry(user, "2025-01-20", mood=5)  # after `to`: left out
    entry(other_user, "2025-01-01", mood=-5)  # another user's: never counted

    response = api.get(TREND, {"from": "2024-12-25", "to": "2025-01-19"})

    assert response.status_code == 200
    assert response.json() == {
        "from": "2024-12-25",
        "to": "2025-01-19",
        "weeks": [
            # 23 Dec is before `from`: W52 holds only the 29th.
            {
                "week": "2024-W52",
                "start": "2024-12-23",
                "average_mood": "2.00",
                "count": 1,
                "mood_count": 1,
            },
            {
                "week": "2025-W01",
                "start": "2024-12-30",
                "average_mood": "1.67",
                "count": 5,
                "mood_count": 3,
            },
            {
                "week": "2025-W02",
                "start": "2025-01-06",
                "average_mood": None,
                "count": 0,
                "mood_count": 0,
            },
            {
                "week": "2025-W03",
                "start": "2025-01-13",
                "average_mood": "-3.00",
                "count": 1,
                "mood_count": 1,
            },
        ],
    }


def test_mood_trend_rounds_half_up_to_two_places(user):
    # (1 + 1 + 1 + 1 + 1 + 1 + 0 + 0) / 8 = 0.75; (1 + 0 + 0 + 0 + 0 + 0 + 0 + 0) / 8 = 0.125
    for n in range(8):
        entry(user, "2025-01-06", mood=1 if n < 6 else 0)
        entry(user, "2025-01-13", mood=1 if n == 0 else 0)

    weeks = selectors.mood_trend(user=user, date_from="2025-01-06", date_to="2025-01-19")["weeks"]

    assert [str(week["average_mood"]) for week in weeks] == ["0.75", "0.13"]


def test_mood_trend_window_defaults_to_twelve_weeks_to_the_users_today(api_for, db):
    kim = make_user("kim", timezone="Asia/Seoul")
    entry(kim, "2025-01-01", mood=3)
    # 20:00 UTC on 31 December is 1 January (a Wednesday) in Seoul.
    now = datetime.datetime(2024, 12, 31, 20, 0, tzinfo=datetime.UTC)

    with mock.patch.object(timezone, "now", return_value=now):
        body = api_for(kim).get(TREND).json()

    assert body["to"] == "2025-01-01"
    assert body["from"] == "2024-10-14"  # the Monday eleven weeks before W01's Monday
    assert len(body["weeks"]) == 12
    assert body["weeks"][-1] == {
        "week": "2025-W01",
        "start": "2024-12-30",
        "average_mood": "3.00",
        "count": 1,
        "mood_count": 1,
    }


def test_mood_trend_bad_input_is_400_naming_the_field(api):
    for params, fields in [
        ({"from": "2025-02-30"}, {"from"}),
        ({"to": "soon"}, {"to"}),
        ({"from": "x", "to": "y"}, {"from", "to"}),
        ({"from": "2025-01-09", "to": "2025-01-01"}, {"to"}),
        ({"from": "2020-01-01", "to": "2025-01-01"}, {"to"}),
        ({"from": "0000-01-01", "to": "2025-01-01"}, {"from"}),
    ]:
        response = api.get(TREND, params)
        assert response.status_code == 400, params
        assert set(response.json()["errors"]) == fields, params


def test_mood_trend_at_the_ends_of_the_calendar_is_a_short_window_not_a_500(api, user):
    entry(user, "9999-12-30", mood=3)

    last = api.get(TREND, {"to": "9999-12-30"})
    first = api.get(TREND, {"to": "0001-01-02"})

    assert last.status_code == 200
    assert last.json()["from"] == "9999-10-11"  # the Monday 11 weeks before 27 December
    assert last.json()["weeks"][-1] == {
        "week": "9999-W52",
        "start": "9999-12-27",
        "count": 1,
        "mood_count": 1,
        "average_mood": "3.00",
    }
    assert first.status_code == 200
    assert first.json()["from"] == "0001-01-01"
    assert [week["start"] for week in first.json()["weeks"]] == ["0001-01-01"]


def test_mood_trend_takes_one_query(api, user, django_assert_max_num_queries):
    for n in range(30):
        entry(user, (day("2025-01-01") + datetime.timedelta(days=n)).isoformat(), mood=n % 11 - 5)
    api.get("/api/me")

    with django_assert_max_num_queries(3):  # session, user, the trend
        response = api.get(TREND, {"from": "2025-01-01", "to": "2025-12-31"})
    assert len(response.json()["weeks"]) == 53


# Today view ---------------------------------------------------------------------------------


def test_today_view_gives_the_latest_entry_with_a_mood(user, other_user):
    entry(user, "2025-01-01", mood=2)
    legacy_entry(user, "2025-01-03", mood=" -4")  # the original's text mood
    entry(user, "2025-01-04", mood=None)  # no mood: skipped
    legacy_entry(user, "2025-01-04", mood="tired")  # not an integer: skipped
    entry(user, "2025-01-06", mood=5)  # after today: skipped
    entry(other_user, "2025-01-05", mood=-5)

    view = selectors.today_view(user=user, today=day("2025-01-05"))

    assert view == {"last_mood": {"entry_date": day("2025-01-03"), "mood": " -4", "mood_int": -4}}
    assert selectors.today_view(user=other_user, today=day("2025-01-04")) == {"last_mood": None}


def test_today_view_takes_one_query(user, django_assert_num_queries):
    entry(user, "2025-01-01", mood=2)
    entry(user, "2025-01-02", mood=3)

    with django_assert_num_queries(1):
        view = selectors.today_view(user=user, today=day("2025-01-02"))
    assert view["last_mood"] == {"entry_date": day("2025-01-02"), "mood": "3", "mood_int": 3}
