"""The health demo: realistic values in the current columns, the legacy ones left at defaults."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from health import demo
from health.models import Biometric, NutritionLog, Workout
from health.selectors import health_summary, today_view
from lifeos.testing.demo import DEMO_TODAY

WORKOUTS = {kind: (intensity, per_minute) for kind, _, intensity, per_minute in demo.WORKOUTS}
MEALS = {
    (meal_type, items): quality
    for meal_type, choices in demo.MEALS.items()
    for items, _, quality in choices
}


@pytest.fixture
def demo_user(demo_data):
    return get_user_model().objects.get(email=demo_data.demo_users[0])


@pytest.mark.django_db
def test_demo_biometrics_are_sunday_weigh_ins_with_energy_and_stress(demo_user):
    rows = list(Biometric.objects.for_user(demo_user).order_by("date"))

    # Every Sunday of the year, and the day of the seeding (a Thursday).
    assert len(rows) == 53
    assert {row.date.weekday() for row in rows[:-1]} == {6}
    assert rows[-1].date == DEMO_TODAY
    for row in rows:
        assert Decimal("76") < row.weight < Decimal("86")
        assert 1 <= row.energy_level <= 5
        assert 1 <= row.stress_level <= 5
        assert row.notes in demo.NOTES
        assert (row.metric, row.value) == ("", Decimal("0.00"))
    # Weight trends down over the year.
    assert rows[-1].weight < rows[0].weight


@pytest.mark.django_db
def test_demo_workouts_estimate_calories_from_type_and_minutes(demo_user):
    rows = list(Workout.objects.for_user(demo_user))

    assert rows
    for row in rows:
        intensity, per_minute = WORKOUTS[row.workout_type]
        assert row.intensity == intensity
        assert row.intensity in {"low", "medium", "high"}
        assert row.duration_minutes >= 10
        assert row.calories_est == Decimal(row.duration_minutes * per_minute)


@pytest.mark.django_db
def test_demo_meals_have_a_type_items_calories_and_a_1_to_5_score(demo_user):
    rows = list(NutritionLog.objects.for_user(demo_user))

    assert {row.meal_type for row in rows} == {"breakfast", "lunch", "dinner", "snack"}
    for row in rows:
        assert row.quality_score == MEALS[(row.meal_type, row.items)]
        assert row.calories_est >= 50
        assert (row.meal, row.calories) == ("", Decimal("0.00"))


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["day", "week"])
def test_demo_summaries_of_the_seeding_day_show_every_figure(demo_user, period):
    summary = health_summary(user=demo_user, period=period, date=DEMO_TODAY)

    assert summary.workouts >= 1
    assert summary.workout_minutes > 0
    assert summary.workout_minutes_by_type
    assert summary.calories_burned > 0
    assert summary.meals >= 3
    assert summary.calories_eaten > 0
    for figure in (
        summary.average_quality_score,
        summary.average_energy_level,
        summary.average_stress_level,
        summary.latest_weight,
        summary.weight_change,
    ):
        assert figure is not None
    assert summary.latest_weight_date == DEMO_TODAY


@pytest.mark.django_db
def test_demo_today_view_is_not_empty(demo_user):
    view = today_view(user=demo_user, today=DEMO_TODAY)["health"]

    assert view["workout_minutes_today"] > 0
    assert view["latest_weight"] is not None
