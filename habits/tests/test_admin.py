"""The habits admin: every page renders in bounded queries; streaks, filters, one log a day."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from habits.models import Habit, HabitLog
from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries
from lifeos.testing.builders import make_user


def test_every_habits_admin_page_renders_in_queries_that_do_not_grow(superuser_client):
    assert_admin_pages_render_in_bounded_queries(superuser_client, "habits")


# Figures and rules on the pages -------------------------------------------------------


@pytest.fixture
def staff(db, now):
    user = make_user("ada", is_staff=True, timezone="UTC")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="habits"))
    return user


def _habit_with_gap(user, name="Meditate"):
    habit = Habit.objects.create(user=user, name=name)
    Habit.objects.filter(pk=habit.pk).update(
        created_at=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC)
    )
    for day in (10, 11, 12, 13, 15, 16, 17):
        HabitLog.objects.create(user=user, habit=habit, logged_date=datetime.date(2025, 12, day))
    return habit


def test_habit_change_page_shows_streaks_and_completion(client, staff):
    habit = _habit_with_gap(staff)
    client.force_login(staff)

    response = client.get(reverse("admin:habits_habit_change", args=[habit.pk]))

    fields = {
        line.field["name"]: line.contents()
        for fieldset in response.context_data["adminform"]
        for line_ in fieldset
        for line in line_
        if isinstance(line.field, dict)
    }
    assert fields["current_streak"] == "3"
    assert fields["best_streak"] == "4"
    assert fields["completion_7d"] == "83.3%"  # 5 of the 6 finished days of 12-18 Dec
    assert fields["completion_30d"] == "41.2%"  # 7 of 17 days since 1 Dec


def test_staff_filter_habit_logs_by_their_own_habits(client, staff):
    mine = _habit_with_gap(staff)
    _habit_with_gap(staff, "Read")
    other = make_user("bob", is_staff=True)
    _habit_with_gap(other, "Their habit")
    client.force_login(staff)
    changelist = reverse("admin:habits_habitlog_changelist")

    response = client.get(changelist)
    habit_filter = next(
        spec for spec in response.context_data["cl"].filter_specs if spec.field_path == "habit"
    )
    choices = {str(c["display"]) for c in habit_filter.choices(response.context_data["cl"])}
    filtered = client.get(changelist, {"habit__id__exact": mine.pk})

    assert choices == {"All", "Meditate", "Read"}  # not "Their habit"
    assert filtered.context_data["cl"].result_count == 7


def test_admin_refuses_a_second_log_of_the_same_day(client, staff):
    habit = _habit_with_gap(staff)
    client.force_login(staff)

    response = client.post(
        reverse("admin:habits_habitlog_add"),
        {"habit": habit.pk, "logged_date": "2025-12-17", "value": "2"},
    )

    assert response.status_code == 200
    assert "already has a log of 2025-12-17" in str(
        response.context_data["adminform"].form.errors["logged_date"]
    )
    assert HabitLog.objects.filter(habit=habit).count() == 7


def test_admin_keeps_legacy_duplicates_editable(client, staff):
    habit = _habit_with_gap(staff)
    duplicate = HabitLog.objects.create(
        user=staff, habit=habit, logged_date=datetime.date(2025, 12, 17)
    )
    client.force_login(staff)

    response = client.post(
        reverse("admin:habits_habitlog_change", args=[duplicate.pk]),
        {"habit": habit.pk, "logged_date": "2025-12-17", "value": "4", "note": "legacy"},
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.note == "legacy"
