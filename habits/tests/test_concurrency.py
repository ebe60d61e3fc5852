"""Concurrent logs of one habit and day leave one log: the service locks the habit's row."""

import datetime
import threading

import pytest
from django.db import connection, connections

from habits.models import Habit, HabitLog
from habits.services import habit_log_record
from lifeos.testing.builders import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks serialize concurrent writers on PostgreSQL; SQLite has one writer",
    ),
]


def test_concurrent_logs_of_one_day_create_one_log():
    user = make_user("racer", timezone="UTC")
    habit = Habit.objects.create(user=user, name="Meditate")
    day = datetime.date(2025, 12, 18)
    start = threading.Barrier(4)
    outcomes = []

    def log(value):
        try:
            start.wait()
            _, created = habit_log_record(
                user=user, habit_id=habit.pk, logged_date=day, value=value
            )
            outcomes.append("created" if created else "updated")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log, args=(str(n),)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "updated", "updated", "updated"]
    assert HabitLog.objects.filter(habit=habit, logged_date=day).count() == 1
