"""The health demo: realistic values in the current columns, the legacy ones left at defaults."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from health import demo
from health.models import Biometric, NutritionLog, Workout

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

    assert len(rows) == 52
    assert {row.date.weekday() for row in rows} == {6}
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
