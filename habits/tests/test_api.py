"""The habits endpoints over HTTP: figures by hand, time zones, one log a day, bad input."""

import datetime
from decimal import Decimal

import pytest

from habits.models import Habit, HabitLog
from habits.selectors import habit_list, today_view
from habits.tests.conftest import NOW, TODAY, json_client
from lifeos.testing.builders import make_user

HABITS = "/habits"
CREATED = NOW - datetime.timedelta(days=60)  # 19 October 2025


def make_habit(user, name="Meditate", **fields):
    habit = Habit.objects.create(user=user, name=name, **fields)
    Habit.objects.filter(pk=habit.pk).update(created_at=CREATED)
    return habit


def log(habit, *dates, **fields):
    return [
        HabitLog.objects.create(
            user=habit.user, habit=habit, logged_date=datetime.date.fromisoformat(day), **fields
        )
        for day in dates
    ]


def test_habit_round_trip(api, user):
    created = api.send(
        "post",
        HABITS,
        {"name": " Run ", "schedule_type": "weekly", "target_count": 2, "domain_link": "health"},
    )
    habit_id = created.json()["id"]
    changed = api.send("patch", f"{HABITS}/{habit_id}", {"time_of_day": "morning"})

    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in body if key not in ("created_at", "updated_at")} == {
        "id": habit_id,
        "name": "Run",
        "description": None,
        "domain_link": "health",
        "schedule_type": "weekly",
        "target_count": 2,
        "time_of_day": None,
        "difficulty": None,
        "is_active": True,
        "current_streak": 0,
        "best_streak": 0,
        "done_today": False,
        "completion_7d": None,  # created today (or later, by the database's clock), not done
        "completion_30d": None,
    }
    assert changed.status_code == 200
    assert changed.json()["time_of_day"] == "morning"
    assert api.get(HABITS).json() == [changed.json()]
    assert api.get(f"{HABITS}/{habit_id}").json() == changed.json()
    assert api.send("delete", f"{HABITS}/{habit_id}").status_code == 204
    assert api.get(f"{HABITS}/{habit_id}").status_code == 404


def test_habit_figures_across_a_gap_over_http(api, user):
    habit = make_habit(user)
    # Done 10-13 December, missed the 14th, done 15-17; today (the 18th) not yet.
    log(habit, "2025-12-10", "2025-12-11", "2025-12-12", "2025-12-13")
    log(habit, "2025-12-15", "2025-12-16", "2025-12-17")

    before = api.get(f"{HABITS}/{habit.pk}").json()
    logged = api.send("post", f"{HABITS}/{habit.pk}/logs", {"value": "1"})

    assert {k: before[k] for k in ("current_streak", "best_streak", "done_today")} == {
        "current_streak": 3,
        "best_streak": 4,
        "done_today": False,
    }
    # 12-18: 5 of 6 finished days; 19 Nov-18 Dec: 7 of 29 finished days (created 19 Oct).
    assert (before["completion_7d"], before["completion_30d"]) == (0.8333, 0.2414)
    assert logged.status_code == 201
    assert logged.json()["logged_date"] == "2025-12-18"  # the user's today (UTC)
    assert logged.json()["value"] == "1.00"
    after = logged.json()["habit"]
    assert (after["current_streak"], after["best_streak"], after["done_today"]) == (4, 4, True)
    assert (after["completion_7d"], after["completion_30d"]) == (0.8571, 0.2667)  # 6/7, 8/30


def test_weekly_habit_meeting_then_missing_its_target(api, user):
    habit = make_habit(user, "Run", schedule_type="weekly", target_count=2)
    # Weeks of 1 Dec (2nd, 4th: met), 8 Dec (10th only: missed), 15 Dec (16th so far).
    log(habit, "2025-12-02", "2025-12-04", "2025-12-10", "2025-12-16")

    body = api.get(f"{HABITS}/{habit.pk}").json()
    due = api.get("/habits").json()

    assert (body["current_streak"], body["best_streak"], body["done_today"]) == (0, 1, False)
    # Weeks touching 12-18 Dec: 8 Dec (missed), this week unfinished: 0/1. Weeks touching
    # 19 Nov-18 Dec: 17 Nov, 24 Nov (created 19 Oct, nothing logged), 1 Dec (met), 8 Dec: 1/4.
    assert (body["completion_7d"], body["completion_30d"]) == (0.0, 0.25)
    assert due == [body]
    assert today_view(user=user, today=TODAY)["habits_due"] == [
        {
            "id": habit.pk,
            "name": "Run",
            "schedule_type": "weekly",
            "target_count": 2,
            "current_streak": 0,
            "best_streak": 1,
            "done_today": False,
        }
    ]

    met = api.send("post", f"{HABITS}/{habit.pk}/logs", {"logged_date": "2025-12-18"})

    assert (met.json()["habit"]["current_streak"], met.json()["habit"]["completion_7d"]) == (
        1,
        0.5,
    )
    # This week's target is met: the weekly habit is no longer due.
    assert today_view(user=user, today=TODAY) == {"habits_due": []}


def test_today_is_the_users_local_date_in_seoul(now, db):
    # 16:30 UTC on Thursday 18 December is 01:30 on Friday 19 December in Seoul.
    seoul = make_user("min", timezone="Asia/Seoul")
    london = make_user("ann", timezone="Europe/London")
    seoul_habit, london_habit = make_habit(seoul), make_habit(london)
    log(seoul_habit, "2025-12-17", "2025-12-18")
    log(london_habit, "2025-12-17", "2025-12-18")

    seoul_client, london_client = json_client(seoul), json_client(london)
    seoul_before = seoul_client.get(f"{HABITS}/{seoul_habit.pk}").json()
    london_before = london_client.get(f"{HABITS}/{london_habit.pk}").json()
    seoul_logged = seoul_client.send("post", f"{HABITS}/{seoul_habit.pk}/logs", {})
    london_future = london_client.send(
        "post", f"{HABITS}/{london_habit.pk}/logs", {"logged_date": "2025-12-19"}
    )
    seoul_after = seoul_client.get(f"{HABITS}/{seoul_habit.pk}").json()

    # Seoul: the 18th was yesterday, so its streak of 2 runs to yesterday, not done today.
    assert (seoul_before["current_streak"], seoul_before["done_today"]) == (2, False)
    # London: the 18th is today, done.
    assert (london_before["current_streak"], london_before["done_today"]) == (2, True)
    assert seoul_logged.json()["logged_date"] == "2025-12-19"
    assert (seoul_after["current_streak"], seoul_after["done_today"]) == (3, True)
    # The 19th has not begun in London.
    assert london_future.status_code == 400
    assert list(london_future.json()["errors"]) == ["logged_date"]
    assert today_view(user=seoul, today=datetime.date(2025, 12, 19))["habits_due"][0]["done_today"]


def test_a_second_log_of_the_same_day_updates_the_first(api, user):
    habit = make_habit(user)
    url = f"{HABITS}/{habit.pk}/logs"

    first = api.send("post", url, {"logged_date": "2025-12-17", "value": 5, "note": "Calm"})
    second = api.send("post", url, {"logged_date": "2025-12-17", "value": "7.5"})

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert (second.json()["value"], second.json()["note"]) == ("7.50", "Calm")  # note kept
    assert HabitLog.objects.filter(habit=habit).count() == 1
    cleared = api.send("post", url, {"logged_date": "2025-12-17", "note": None})
    assert cleared.json()["note"] is None


def test_legacy_duplicates_count_as_one_day_and_the_first_is_updated(api, user):
    habit = make_habit(user, "Read", schedule_type="weekly", target_count=2)
    first, duplicate = log(habit, "2025-12-16", "2025-12-16", value=Decimal("1"))

    before = api.get(f"{HABITS}/{habit.pk}").json()
    updated = api.send(
        "post", f"{HABITS}/{habit.pk}/logs", {"logged_date": "2025-12-16", "value": "3"}
    )

    # Two logs of the 16th are one day: this week has 1 of its 2 days.
    assert (before["current_streak"], before["completion_7d"]) == (0, 0.0)
    assert updated.status_code == 200
    assert updated.json()["id"] == first.pk
    duplicate.refresh_from_db()
    assert duplicate.value == Decimal("1.00")
    assert HabitLog.objects.filter(habit=habit).count() == 2


def test_legacy_rows_read_correctly(api, user):
    # Written by the original application: an unknown schedule type, a capitalised one,
    # a zero target, NULL texts.
    monthly = make_habit(user, "Stretch", schedule_type="monthly", description=None)
    capital = make_habit(user, "Swim", schedule_type="Weekly", target_count=0)
    log(monthly, "2025-12-16", "2025-12-17")
    log(capital, "2025-12-09", "2025-12-16")

    rows = {row["name"]: row for row in api.get(HABITS).json()}

    assert rows["Stretch"]["schedule_type"] == "monthly"
    assert rows["Stretch"]["current_streak"] == 2  # measured in days
    assert rows["Stretch"]["description"] is None
    assert rows["Swim"]["target_count"] == 0
    assert rows["Swim"]["current_streak"] == 2  # two weeks of one day each
    # A PATCH of another field keeps the legacy values.
    patched = api.send("patch", f"{HABITS}/{capital.pk}", {"difficulty": "hard"})
    assert patched.status_code == 200
    assert (patched.json()["schedule_type"], patched.json()["target_count"]) == ("Weekly", 0)


def test_active_filter(api, user):
    make_habit(user, "A")
    make_habit(user, "B", is_active=False)

    assert [h["name"] for h in api.get(HABITS, {"active": "true"}).json()] == ["A"]
    assert [h["name"] for h in api.get(HABITS, {"active": "false"}).json()] == ["B"]
    assert [h["name"] for h in api.get(HABITS).json()] == ["A", "B"]
    bad = api.get(HABITS, {"active": "maybe"})
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["active"]


def test_today_view_lists_active_daily_habits_and_unmet_weekly_ones(user):
    make_habit(user, "Meditate")
    make_habit(user, "Old", is_active=False)
    done = make_habit(user, "Budget", schedule_type="weekly")  # target NULL: once a week
    log(done, "2025-12-15")
    make_habit(user, "Call", schedule_type="weekly", target_count=1)

    result = today_view(user=user, today=TODAY)

    assert [habit["name"] for habit in result["habits_due"]] == ["Call", "Meditate"]
    assert set(result["habits_due"][0]) == {
        "id",
        "name",
        "schedule_type",
        "target_count",
        "current_streak",
        "best_streak",
        "done_today",
    }


def test_reads_take_a_bounded_number_of_queries(user, django_assert_max_num_queries):
    for number in range(15):
        habit = make_habit(user, f"Habit {number}", schedule_type=("daily", "weekly")[number % 2])
        log(habit, *[f"2025-12-{day:02d}" for day in range(1, 19)])

    with django_assert_max_num_queries(2):
        rows = habit_list(user=user, today=TODAY)
    with django_assert_max_num_queries(2):
        due = today_view(user=user, today=TODAY)

    assert len(rows) == 15
    assert rows[0]["current_streak"] == 18
    assert len(due["habits_due"]) == 8  # the daily ones; the weekly ones met this week


def test_another_users_habit_is_404_like_a_missing_one(api, other_user):
    theirs = make_habit(other_user, "Run")
    log(theirs, "2025-12-17")

    responses = [
        api.get(f"{HABITS}/{theirs.pk}"),
        api.send("patch", f"{HABITS}/{theirs.pk}", {"name": "Mine now"}),
        api.send("delete", f"{HABITS}/{theirs.pk}"),
        api.send("post", f"{HABITS}/{theirs.pk}/logs", {"logged_date": "2025-12-18"}),
        api.get(f"{HABITS}/{theirs.pk + 1000}"),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, {"error": "Not found."})] * 5
    theirs.refresh_from_db()
    assert theirs.name == "Run"
    assert HabitLog.objects.filter(habit=theirs).count() == 1
    assert api.get(HABITS).json() == []
    # Their habit's name is free for me.
    assert api.send("post", HABITS, {"name": "Run"}).status_code == 201


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["name"]),
        ({"name": "   "}, ["name"]),
        ({"name": "x" * 256}, ["name"]),
        ({"name": "Meditate"}, ["name"]),  # already one of mine
        ({"name": "Run", "schedule_type": "monthly"}, ["schedule_type"]),
        ({"name": "Run", "schedule_type": "weekly", "target_count": 8}, ["target_count"]),
        ({"name": "Run", "target_count": 0}, ["target_count"]),
        ({"name": "Run", "target_count": "two"}, ["target_count"]),
        ({"name": "Run", "is_active": "yes"}, ["is_active"]),
        ({"name": 5, "domain_link": "x" * 65}, ["name", "domain_link"]),
    ],
)
def test_bad_habit_is_400_naming_each_field_and_writes_nothing(api, user, body, fields):
    make_habit(user, "Meditate")

    response = api.send("post", HABITS, body)

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == sorted(fields)
    assert Habit.objects.count() == 1


def test_bad_patch_is_400_and_changes_nothing(api, user):
    make_habit(user, "Meditate")
    run = make_habit(user, "Run", schedule_type="daily", target_count=10)

    responses = [
        api.send("patch", f"{HABITS}/{run.pk}", {"name": "Meditate"}),
        api.send("patch", f"{HABITS}/{run.pk}", {"name": None}),
        # Weekly with the kept target of 10: more days than a week has.
        api.send("patch", f"{HABITS}/{run.pk}", {"schedule_type": "weekly"}),
        api.send("patch", f"{HABITS}/{run.pk}", {"is_active": None}),
    ]

    assert [list(r.json()["errors"]) for r in responses] == [
        ["name"],
        ["name"],
        ["target_count"],
        ["is_active"],
    ]
    run.refresh_from_db()
    assert (run.name, run.schedule_type, run.target_count, run.is_active) == (
        "Run",
        "daily",
        10,
        True,
    )


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"logged_date": "2025-02-30"}, ["logged_date"]),
        ({"logged_date": "0000-12-31"}, ["logged_date"]),
        ({"logged_date": "10000-01-01"}, ["logged_date"]),
        ({"logged_date": "2025-12-19"}, ["logged_date"]),  # tomorrow, in UTC
        ({"logged_date": "2025-12-18T10:00:00"}, ["logged_date"]),
        ({"value": "1.005"}, ["value"]),
        ({"value": "1e8"}, ["value"]),
        ({"value": "NaN"}, ["value"]),
        ({"value": "a lot"}, ["value"]),
        ({"note": 12, "value": True}, ["note", "value"]),
        ({"note": "x" * 2001}, ["note"]),
    ],
)
def test_bad_log_is_400_naming_each_field_and_writes_nothing(api, user, body, fields):
    habit = make_habit(user)

    response = api.send("post", f"{HABITS}/{habit.pk}/logs", body)

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == sorted(fields)
    assert HabitLog.objects.count() == 0


def test_deleting_a_habit_deletes_its_logs(api, user):
    habit = make_habit(user)
    log(habit, "2025-12-17")

    assert api.send("delete", f"{HABITS}/{habit.pk}").status_code == 204
    assert HabitLog.objects.count() == 0
