"""Every health admin page renders on demo data, in queries that do not grow with rows."""

from django.test import Client
from django.urls import reverse

from health.models import Biometric, NutritionLog, Workout
from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries


def test_every_health_admin_page_renders_in_queries_that_do_not_grow(superuser_client):
    assert_admin_pages_render_in_bounded_queries(superuser_client, "health")


def _staff(user):
    user.is_staff = True
    user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_a_workouts_change_page_shows_its_weeks_figures(user):
    Workout.objects.create(
        user=user, date="2025-03-10", workout_type="run", duration_minutes=45, calories_est=450
    )
    row = Workout.objects.create(
        user=user, date="2025-03-13", workout_type="yoga", duration_minutes=30
    )
    NutritionLog.objects.create(user=user, date="2025-03-16", calories_est=800, quality_score=4)
    Biometric.objects.create(user=user, date="2025-03-09", weight="81.40")
    Biometric.objects.create(user=user, date="2025-03-16", weight="80.50")

    page = _staff(user).get(reverse("admin:health_workout_change", args=[row.pk]))

    assert page.status_code == 200
    assert (
        "2025-03-10 to 2025-03-16: 2 workouts, 75 min (run 45, yoga 30), 450.00 kcal burnt; "
        "1 meals, 800.00 kcal eaten (average quality 4.00); energy -, stress -; "
        "weight 80.50 kg on 2025-03-16, -0.90 kg over the week."
    ) in page.content.decode()


def test_a_weigh_ins_change_page_shows_the_change_since_the_previous_one(user):
    Biometric.objects.create(user=user, date="2025-03-09", weight="81.40")
    Biometric.objects.create(user=user, date="2025-03-12", energy_level=4)  # no weight
    row = Biometric.objects.create(user=user, date="2025-03-16", weight="80.50")

    page = _staff(user).get(reverse("admin:health_biometric_change", args=[row.pk]))

    assert "81.40 kg on 2025-03-09 (-0.90 kg since)" in page.content.decode()


def test_the_admin_refuses_what_the_api_refuses_with_the_same_message(user):
    client = _staff(user)

    response = client.post(
        reverse("admin:health_workout_add"),
        {"user": user.pk, "date": "2025-03-13", "workout_type": " ", "duration_minutes": 2000},
    )

    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["adminform"].form.errors
    assert errors["workout_type"] == ["This field is required."]
    assert errors["duration_minutes"] == ["Give a whole number from 1 to 1440."]
    assert not Workout.objects.exists()


def test_the_admin_can_edit_an_older_row_without_meeting_todays_rules_on_unchanged_fields(user):
    # The original application's row: no workout_type (it wrote activity), 0 minutes.
    row = Workout.objects.create(user=user, date="2025-03-13", activity="swim")

    response = _staff(user).post(
        reverse("admin:health_workout_change", args=[row.pk]),
        {
            "user": user.pk,
            "date": "2025-03-13",
            "workout_type": "",
            "duration_minutes": 0,
            "activity": "swim",
            "notes": "Lake",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    row.refresh_from_db()
    assert row.notes == "Lake"
