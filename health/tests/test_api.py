"""The health endpoints over HTTP: rows, lists, the summary (figures worked out by hand)."""

import datetime
from decimal import Decimal

import pytest

from health import selectors
from health.models import Biometric, NutritionLog, Workout

BIOMETRICS = "/health/biometrics"
WORKOUTS = "/health/workouts"
NUTRITION = "/health/nutrition"
SUMMARY = "/health/summary"


def workout(user, day, kind, minutes, calories=None, **extra):
    return Workout.objects.create(
        user=user,
        date=day,
        workout_type=kind,
        duration_minutes=minutes,
        calories_est=calories,
        **extra,
    )


def meal(user, day, meal_type, calories=None, quality=None, **extra):
    return NutritionLog.objects.create(
        user=user,
        date=day,
        meal_type=meal_type,
        calories_est=calories,
        quality_score=quality,
        **extra,
    )


def weigh_in(user, day, weight=None, **extra):
    return Biometric.objects.create(user=user, date=day, weight=weight, **extra)


@pytest.fixture
def march(user):
    """Ada's week of Monday 10 to Sunday 16 March 2025, with rows just outside it."""
    workout(user, "2025-03-09", "run", 30, "300")  # the Sunday before
    workout(user, "2025-03-10", "run", 45, "450.50")  # Monday
    workout(user, "2025-03-13", "strength", 40)  # no calorie estimate
    workout(user, "2025-03-13", "run", 20, "200")
    workout(user, "2025-03-16", "yoga", 30, "90")  # Sunday
    workout(user, "2025-03-17", "cycling", 60, "480")  # the Monday after
    meal(user, "2025-03-13", "breakfast", "400", 5)
    meal(user, "2025-03-13", "lunch", "650.25", 3)
    meal(user, "2025-03-13", "snack")  # no estimate, no score
    meal(user, "2025-03-16", "dinner", "800", 2)
    meal(user, "2025-03-17", "lunch", "500", 5)
    weigh_in(user, "2025-03-02", "82.00")
    weigh_in(user, "2025-03-09", "81.40", energy_level=3, stress_level=4)
    weigh_in(user, "2025-03-12", energy_level=4, stress_level=2)  # no weight
    weigh_in(user, "2025-03-13", "80.90", energy_level=5)
    weigh_in(user, "2025-03-16", "80.50")
    weigh_in(user, "2025-03-20", "79.00")


# Rows --------------------------------------------------------------------------------


def test_biometric_round_trip(api):
    created = api.send(
        "post",
        BIOMETRICS,
        {"date": "2025-03-13", "weight": "80.9", "resting_hr": 58, "notes": " after run "},
    )
    row_id = created.json()["id"]
    changed = api.send("patch", f"{BIOMETRICS}/{row_id}", {"weight": 81, "energy_level": "4"})

    assert created.status_code == 201
    assert created.json() == {
        "id": row_id,
        "date": "2025-03-13",
        "weight": "80.90",
        "body_fat_pct": None,
        "resting_hr": 58,
        "energy_level": None,
        "stress_level": None,
        "notes": "after run",
    }
    assert changed.status_code == 200
    assert (changed.json()["weight"], changed.json()["energy_level"]) == ("81.00", 4)
    assert api.get(f"{BIOMETRICS}/{row_id}").json() == changed.json()
    assert api.get(BIOMETRICS).json() == [changed.json()]
    assert api.send("delete", f"{BIOMETRICS}/{row_id}").status_code == 204
    assert api.get(f"{BIOMETRICS}/{row_id}").status_code == 404


def test_workout_round_trip(api):
    created = api.send(
        "post",
        WORKOUTS,
        {
            "date": "2025-03-13",
            "workout_type": "run",
            "duration_minutes": 45,
            "intensity": "high",
            "calories_est": 495,
        },
    )
    row_id = created.json()["id"]
    # The typo users fix most: the duration.
    changed = api.send("patch", f"{WORKOUTS}/{row_id}", {"duration_minutes": 40})

    assert created.status_code == 201
    assert created.json() == {
        "id": row_id,
        "date": "2025-03-13",
        "workout_type": "run",
        "duration_minutes": 45,
        "intensity": "high",
        "calories_est": "495.00",
        "notes": None,
    }
    assert changed.json() == {**created.json(), "duration_minutes": 40}
    assert api.get(WORKOUTS).json() == [changed.json()]
    assert api.send("delete", f"{WORKOUTS}/{row_id}").status_code == 204
    assert Workout.objects.count() == 0


def test_nutrition_round_trip(api):
    created = api.send(
        "post",
        NUTRITION,
        {"date": "2025-03-13", "meal_type": "lunch", "items": "Lentil soup", "quality_score": 5},
    )
    row_id = created.json()["id"]
    changed = api.send("patch", f"{NUTRITION}/{row_id}", {"calories_est": "430.5"})

    assert created.status_code == 201
    assert created.json() == {
        "id": row_id,
        "date": "2025-03-13",
        "meal_type": "lunch",
        "items": "Lentil soup",
        "calories_est": None,
        "quality_score": 5,
    }
    assert changed.json() == {**created.json(), "calories_est": "430.50"}
    assert api.get(f"{NUTRITION}/{row_id}").json() == changed.json()
    assert api.send("delete", f"{NUTRITION}/{row_id}").status_code == 204
    assert NutritionLog.objects.count() == 0


def test_a_row_sent_without_a_date_is_dated_the_users_local_today(api, clock):
    # 03:30 UTC on 14 March is 23:30 on 13 March in New York (EDT, UTC-4).
    clock("2025-03-14T03:30:00Z")

    rows = [
        api.send("post", WORKOUTS, {"workout_type": "run", "duration_minutes": 30}),
        api.send("post", NUTRITION, {"meal_type": "dinner", "calories_est": "700"}),
        api.send("post", BIOMETRICS, {"weight": "80.00"}),
    ]
    summary = api.get(SUMMARY).json()

    assert [row.json()["date"] for row in rows] == ["2025-03-13"] * 3
    assert (summary["date"], summary["from"], summary["to"]) == ("2025-03-13",) * 3
    assert summary["workout_minutes_by_type"] == {"run": 30}
    assert summary["calories_eaten"] == "700.00"
    assert summary["latest_weight"] == "80.00"


def test_lists_filter_by_from_and_to_inclusive(api, user, march):
    window = {"from": "2025-03-10", "to": "2025-03-16"}

    workouts = api.get(WORKOUTS, window).json()
    meals = api.get(NUTRITION, window).json()
    weights = api.get(BIOMETRICS, window).json()

    assert [(w["date"], w["workout_type"]) for w in workouts] == [
        ("2025-03-10", "run"),
        ("2025-03-13", "strength"),
        ("2025-03-13", "run"),
        ("2025-03-16", "yoga"),
    ]
    assert [m["date"] for m in meals] == ["2025-03-13"] * 3 + ["2025-03-16"]
    assert [b["date"] for b in weights] == ["2025-03-12", "2025-03-13", "2025-03-16"]
    assert len(api.get(WORKOUTS, {"from": "2025-03-16"}).json()) == 2
    assert len(api.get(WORKOUTS, {"to": "2025-03-09"}).json()) == 1
    assert [w["date"] for w in api.get(WORKOUTS, {"type": "run"}).json()] == [
        "2025-03-09",
        "2025-03-10",
        "2025-03-13",
    ]
    assert [m["meal_type"] for m in api.get(NUTRITION, {"meal_type": "lunch"}).json()] == [
        "lunch",
        "lunch",
    ]


# Summary ------------------------------------------------------------------------------


def test_day_summary(api, march):
    response = api.get(SUMMARY, {"period": "day", "date": "2025-03-13"})

    assert response.status_code == 200
    assert response.json() == {
        "period": "day",
        "date": "2025-03-13",
        "from": "2025-03-13",
        "to": "2025-03-13",
        "workouts": 2,
        "workout_minutes": 60,
        "workout_minutes_by_type": {"run": 20, "strength": 40},
        "calories_burned": "200.00",  # the strength session has no estimate
        "meals": 3,
        "calories_eaten": "1050.25",  # 400 + 650.25; the snack has no estimate
        "average_quality_score": "4.00",  # (5 + 3) / 2: the snack has no score
        "average_energy_level": "5.00",
        "average_stress_level": None,
        "latest_weight": "80.90",
        "latest_weight_date": "2025-03-13",
        "weight_change": "-0.50",  # 80.90 - 81.40 of 9 March (12 March has no weight)
    }


def test_week_summary_is_monday_to_sunday_with_its_edges(api, march):
    # Any day of the week gives the same week: here the Wednesday.
    response = api.get(SUMMARY, {"period": "week", "date": "2025-03-12"})

    assert response.json() == {
        "period": "week",
        "date": "2025-03-12",
        "from": "2025-03-10",
        "to": "2025-03-16",
        "workouts": 4,  # not the Sunday before nor the Monday after
        "workout_minutes": 135,
        "workout_minutes_by_type": {"run": 65, "strength": 40, "yoga": 30},
        "calories_burned": "740.50",  # 450.50 + 200 + 90
        "meals": 4,
        "calories_eaten": "1850.25",  # 400 + 650.25 + 800
        "average_quality_score": "3.33",  # (5 + 3 + 2) / 3
        "average_energy_level": "4.50",  # (4 + 5) / 2
        "average_stress_level": "2.00",
        "latest_weight": "80.50",  # Sunday's, not the 20th's
        "latest_weight_date": "2025-03-16",
        "weight_change": "-0.90",  # 80.50 - 81.40, the last weight before Monday
    }


def test_week_of_a_sunday_is_the_week_ending_that_day(api, march):
    summary = api.get(SUMMARY, {"period": "week", "date": "2025-03-16"}).json()

    assert (summary["from"], summary["to"]) == ("2025-03-10", "2025-03-16")


def test_a_period_with_no_rows_is_zeros_and_nulls(api):
    response = api.get(SUMMARY, {"period": "week", "date": "2025-03-13"})

    assert response.json() == {
        "period": "week",
        "date": "2025-03-13",
        "from": "2025-03-10",
        "to": "2025-03-16",
        "workouts": 0,
        "workout_minutes": 0,
        "workout_minutes_by_type": {},
        "calories_burned": "0.00",
        "meals": 0,
        "calories_eaten": "0.00",
        "average_quality_score": None,
        "average_energy_level": None,
        "average_stress_level": None,
        "latest_weight": None,
        "latest_weight_date": None,
        "weight_change": None,
    }


def test_weight_change_is_null_without_a_weight_before_the_period(api, march):
    # The week of Monday 24 February to Sunday 2 March has the first weight.
    first_week = api.get(SUMMARY, {"period": "week", "date": "2025-03-02"}).json()

    assert (first_week["latest_weight"], first_week["weight_change"]) == ("82.00", None)


def test_weight_change_is_zero_when_nothing_was_weighed_in_the_period(api, march):
    # Wednesday 11 March: the latest weight is still 9 March's, before and after.
    day = api.get(SUMMARY, {"period": "day", "date": "2025-03-11"}).json()

    assert (day["latest_weight"], day["latest_weight_date"], day["weight_change"]) == (
        "81.40",
        "2025-03-09",
        "0.00",
    )


def test_rows_of_the_original_application_read_through_their_older_columns(api, user):
    # Older rows: weight as metric/value, the workout type as activity, calories in
    # calories, the meal as meal; some with nothing at all.
    weigh_in(user, "2025-03-09", metric="Weight", value=Decimal("81.40"))
    weigh_in(user, "2025-03-13", metric="weight", value=Decimal("80.90"))
    weigh_in(user, "2025-03-13", metric="steps", value=Decimal("9000"))  # not a weight
    Workout.objects.create(user=user, date="2025-03-13", activity="swim", calories=Decimal("300"))
    Workout.objects.create(user=user, date="2025-03-13", duration_minutes=25)  # no type at all
    workout(user, "2025-03-13", "swim", 20)
    meal(user, "2025-03-13", None, meal="Porridge", calories=Decimal("350"))
    meal(user, "2025-03-13", None)  # calories left at the column's default, 0

    summary = api.get(SUMMARY, {"date": "2025-03-13"}).json()
    workouts = api.get(WORKOUTS).json()
    meals = api.get(NUTRITION).json()

    assert summary["workout_minutes_by_type"] == {"swim": 20, "unspecified": 25}
    assert summary["workouts"] == 3
    assert summary["calories_burned"] == "300.00"
    assert (summary["meals"], summary["calories_eaten"]) == (2, "350.00")
    assert summary["average_quality_score"] is None
    assert (summary["latest_weight"], summary["weight_change"]) == ("80.90", "-0.50")
    assert [(w["workout_type"], w["calories_est"]) for w in workouts] == [
        ("swim", "300.00"),
        (None, None),
        ("swim", None),
    ]
    assert [(m["items"], m["calories_est"]) for m in meals] == [
        ("Porridge", "350.00"),
        (None, None),
    ]
    assert [b["weight"] for b in api.get(BIOMETRICS).json()] == ["81.40", "80.90", None]


def test_changing_an_older_rows_value_replaces_its_older_column(api, user):
    row = weigh_in(user, "2025-03-09", metric="weight", value=Decimal("81.40"))

    cleared = api.send("patch", f"{BIOMETRICS}/{row.pk}", {"weight": None})

    assert cleared.json()["weight"] is None
    row.refresh_from_db()
    assert (row.weight, row.metric, row.value) == (None, "", Decimal("0"))


# Another user's rows --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("collection", "make"),
    [
        (BIOMETRICS, lambda u: weigh_in(u, "2025-03-13", "70.00")),
        (WORKOUTS, lambda u: workout(u, "2025-03-13", "run", 30)),
        (NUTRITION, lambda u: meal(u, "2025-03-13", "lunch", "500")),
    ],
)
def test_another_users_row_is_404_like_a_missing_one(api, other_user, collection, make):
    theirs = make(other_user)

    responses = [
        api.get(f"{collection}/{theirs.pk}"),
        api.send("patch", f"{collection}/{theirs.pk}", {"date": "2025-03-14"}),
        api.send("delete", f"{collection}/{theirs.pk}"),
        api.get(f"{collection}/{theirs.pk + 1000}"),
        api.get(f"{collection}/99999999999"),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, {"error": "Not found."})] * 5
    theirs.refresh_from_db()
    assert theirs.date == datetime.date(2025, 3, 13)
    assert api.get(collection).json() == []


def test_another_users_rows_stay_out_of_the_summary(api, other_user, march):
    workout(other_user, "2025-03-13", "run", 90, "900")
    meal(other_user, "2025-03-13", "lunch", "999", 1)
    weigh_in(other_user, "2025-03-13", "60.00")
    weigh_in(other_user, "2025-03-14", "61.00")

    summary = api.get(SUMMARY, {"date": "2025-03-13"}).json()

    assert summary["workout_minutes_by_type"] == {"run": 20, "strength": 40}
    assert (summary["calories_eaten"], summary["average_quality_score"]) == ("1050.25", "4.00")
    assert (summary["latest_weight"], summary["weight_change"]) == ("80.90", "-0.50")


# Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("collection", "body", "fields"),
    [
        (
            BIOMETRICS,
            {
                "date": "2025-02-30",
                "weight": "-1",
                "body_fat_pct": "12.345",
                "resting_hr": "fast",
                "energy_level": 6,
                "stress_level": 0,
                "notes": 5,
            },
            {
                "date",
                "weight",
                "body_fat_pct",
                "resting_hr",
                "energy_level",
                "stress_level",
                "notes",
            },
        ),
        (BIOMETRICS, {"weight": "NaN", "date": "10000-01-01"}, {"weight", "date"}),
        (WORKOUTS, {}, {"workout_type", "duration_minutes"}),
        (
            WORKOUTS,
            {
                "workout_type": "x" * 65,
                "duration_minutes": 1441,
                "intensity": "extreme",
                "calories_est": "1e26",
            },
            {"workout_type", "duration_minutes", "intensity", "calories_est"},
        ),
        (
            WORKOUTS,
            {"workout_type": "  ", "duration_minutes": 2.5},
            {"workout_type", "duration_minutes"},
        ),
        (WORKOUTS, {"workout_type": "run", "duration_minutes": 2.5}, {"duration_minutes"}),
        (
            NUTRITION,
            {"meal_type": "brunch", "calories_est": "-5", "quality_score": "5.5"},
            {"meal_type", "calories_est", "quality_score"},
        ),
        (NUTRITION, {"date": "2025-03-13T12:00:00"}, {"date"}),
    ],
)
def test_bad_input_is_400_naming_each_field_and_writes_nothing(api, collection, body, fields):
    response = api.send("post", collection, body)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    assert (Biometric.objects.count(), Workout.objects.count(), NutritionLog.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.parametrize(
    ("collection", "make", "body", "field"),
    [
        (BIOMETRICS, lambda u: weigh_in(u, "2025-03-13", "70.00"), {"weight": "heavy"}, "weight"),
        (
            WORKOUTS,
            lambda u: workout(u, "2025-03-13", "run", 30),
            {"duration_minutes": 0},
            "duration_minutes",
        ),
        (
            WORKOUTS,
            lambda u: workout(u, "2025-03-13", "run", 30),
            {"workout_type": None},
            "workout_type",
        ),
        (NUTRITION, lambda u: meal(u, "2025-03-13", "lunch"), {"date": None}, "date"),
        (
            NUTRITION,
            lambda u: meal(u, "2025-03-13", "lunch"),
            {"quality_score": 9},
            "quality_score",
        ),
    ],
)
def test_a_bad_change_is_400_naming_the_field_and_changes_nothing(
    api, user, collection, make, body, field
):
    row = make(user)
    before = api.get(f"{collection}/{row.pk}").json()

    response = api.send("patch", f"{collection}/{row.pk}", body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert api.get(f"{collection}/{row.pk}").json() == before


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        (WORKOUTS, {"from": "2025-13-01"}, "from"),
        (NUTRITION, {"to": "yesterday"}, "to"),
        (BIOMETRICS, {"from": "2025-03-16", "to": "2025-03-10"}, "to"),
        (SUMMARY, {"period": "month"}, "period"),
        (SUMMARY, {"date": "2025-02-29"}, "date"),
        (SUMMARY, {"period": "week", "date": "0000-01-01"}, "date"),
    ],
)
def test_bad_filters_are_400_naming_the_field(api, url, query, field):
    response = api.get(url, query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_last_week_of_year_9999_is_refused_not_a_crash(api):
    # The ISO week of Friday 31 December 9999 would end on Sunday 2 January 10000.
    response = api.get(SUMMARY, {"period": "week", "date": "9999-12-31"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["date"]


# Query counts --------------------------------------------------------------------------


def test_lists_and_summary_take_a_fixed_number_of_queries(
    user, march, django_assert_max_num_queries
):
    for extra in range(20):
        workout(user, "2025-03-12", f"type {extra}", 10)
        meal(user, "2025-03-12", "snack", "100", 3)

    with django_assert_max_num_queries(1):
        selectors.workout_list(user=user, date_from="2025-03-01", date_to="2025-03-31")
    with django_assert_max_num_queries(1):
        selectors.nutrition_log_list(user=user)
    with django_assert_max_num_queries(1):
        selectors.biometric_list(user=user)
    with django_assert_max_num_queries(5):
        summary = selectors.health_summary(user=user, period="week", date="2025-03-12")
    assert summary.workouts == 24


# Today ---------------------------------------------------------------------------------


def test_today_view_gives_todays_workout_minutes_and_the_latest_weight(
    user, march, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        view = selectors.today_view(user=user, today=datetime.date(2025, 3, 13))

    assert view == {"health": {"workout_minutes_today": 60, "latest_weight": Decimal("80.90")}}
    assert selectors.today_view(user=user, today=datetime.date(2025, 3, 1)) == {
        "health": {"workout_minutes_today": 0, "latest_weight": None}
    }


def test_today_is_the_users_local_date_where_utc_is_already_tomorrow(user, clock):
    clock("2025-03-14T03:30:00Z")  # 23:30 on 13 March in New York
    workout(user, "2025-03-13", "run", 25)
    workout(user, "2025-03-14", "run", 60)  # the UTC date: not today for Ada

    assert selectors.today_view(user=user) == {
        "health": {"workout_minutes_today": 25, "latest_weight": None}
    }
