import datetime
from decimal import Decimal

import pytest

from habits.models import Habit, HabitLog
from habits.selectors import habit_logs_between
from lifeos.testing.builders import make_user

DAY = datetime.date(2025, 12, 18)


def log_days(user, habit, days, value=None):
    return [
        HabitLog.objects.create(
            user=user, habit=habit, logged_date=DAY - datetime.timedelta(d), value=value
        )
        for d in days
    ]


@pytest.mark.django_db
def test_habit_logs_between_returns_the_users_logs_in_the_window_by_date():
    ada, bob = make_user("ada@example.com"), make_user("bob@example.com")
    run = Habit.objects.create(user=ada, name="Run")
    read = Habit.objects.create(user=ada, name="Read")
    other = Habit.objects.create(user=bob, name="Run")
    early, inside_run, last = log_days(ada, run, [30, 2, 0], value=Decimal("5.25"))
    (inside_read,) = log_days(ada, read, [2])
    log_days(bob, other, [1], value=Decimal("1"))

    rows = habit_logs_between(user=ada, start=DAY - datetime.timedelta(29), end=DAY)

    assert rows == [
        {
            "id": inside_run.id,
            "habit_id": run.id,
            "logged_date": DAY - datetime.timedelta(2),
            "value": Decimal("5.25"),
        },
        {
            "id": inside_read.id,
            "habit_id": read.id,
            "logged_date": DAY - datetime.timedelta(2),
            "value": None,
        },
        {"id": last.id, "habit_id": run.id, "logged_date": DAY, "value": Decimal("5.25")},
    ]
    assert early.logged_date == DAY - datetime.timedelta(30)


@pytest.mark.django_db
def test_habit_logs_between_gives_nothing_to_an_anonymous_user():
    from django.contrib.auth.models import AnonymousUser

    ada = make_user("ada@example.com")
    log_days(ada, Habit.objects.create(user=ada, name="Run"), [0], value=Decimal("1"))

    assert habit_logs_between(user=AnonymousUser(), start=DAY, end=DAY) == []
