"""The habits demo: the six habits, and logs of the days the other domains recorded."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from habits.models import Habit, HabitLog
from health.models import Workout
from journal.models import Entry
from relationships.models import Interaction


def logged_dates(user, name):
    return list(
        HabitLog.objects.for_user(user)
        .filter(habit__name=name)
        .order_by("logged_date")
        .values_list("logged_date", flat=True)
    )


@pytest.mark.django_db
def test_demo_habits_have_a_schedule_target_and_time_of_day(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])

    rows = list(
        Habit.objects.for_user(user)
        .order_by("name")
        .values_list(
            "name", "schedule_type", "target_count", "domain_link", "time_of_day", "difficulty"
        )
    )

    assert rows == [
        ("Call family", "weekly", 1, "relationships", "evening", "easy"),
        ("Meditate", "daily", 1, None, "morning", "easy"),
        ("Read 20 pages", "daily", 1, "skills", "evening", "medium"),
        ("Review budget", "weekly", 1, "finance", "evening", "easy"),
        ("Run", "weekly", 2, "health", "morning", "hard"),
        ("Write in the diary", "daily", 1, "journal", "evening", "medium"),
    ]
    assert Habit.objects.for_user(user).get(name="Run").description == "Demo habit: run."


@pytest.mark.django_db
def test_demo_habit_logs_match_the_other_domains(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])
    family_calls = (
        Interaction.objects.for_user(user)
        .filter(method="call", person__relationship_type="family")
        .values_list("date", flat=True)
    )
    runs = Workout.objects.for_user(user).filter(workout_type="run").values_list("date", flat=True)
    diary = Entry.objects.for_user(user).values_list("entry_date", flat=True)

    assert logged_dates(user, "Call family") == sorted(set(family_calls))
    assert logged_dates(user, "Run") == sorted(set(runs))
    assert logged_dates(user, "Write in the diary") == sorted(set(diary))
    assert logged_dates(user, "Call family")
    assert {d.weekday() for d in logged_dates(user, "Review budget")} == {6}
    # Every demo log records one completion.
    assert set(HabitLog.objects.for_user(user).values_list("value", flat=True)) == {Decimal("1")}


@pytest.mark.django_db
def test_demo_user_sees_every_habit_summary_non_empty_on_the_seed_day(demo_data):
    from habits.selectors import habit_list, today_view
    from lifeos.testing.demo import DEMO_TODAY

    user = get_user_model().objects.get(email=demo_data.demo_users[0])

    habits = {row["name"]: row for row in habit_list(user=user, today=DEMO_TODAY)}
    due = today_view(user=user, today=DEMO_TODAY)["habits_due"]

    # The streaky habits are done on the three days before the seed day.
    for name in ("Meditate", "Read 20 pages"):
        assert habits[name]["current_streak"] >= 3
        assert habits[name]["best_streak"] >= habits[name]["current_streak"]
        assert habits[name]["completion_7d"] >= 0.5
        assert habits[name]["completion_30d"] > 0
    assert {"Meditate", "Read 20 pages", "Write in the diary"} <= {h["name"] for h in due}
    weekly = [row for row in habits.values() if row["schedule_type"] == "weekly"]
    assert any(row["best_streak"] > 0 for row in weekly)
