"""Demo data of the habits domain: habits with streaks, consistent with other domains."""

import datetime
from decimal import Decimal

from habits.models import Habit, HabitLog, ScheduleType

BATCH_SIZE = 1000
# (name, schedule type, target count per period, domain, time of day, difficulty)
HABITS = [
    ("Meditate", ScheduleType.DAILY, 1, None, "morning", "easy"),
    ("Read 20 pages", ScheduleType.DAILY, 1, "skills", "evening", "medium"),
    ("Run", ScheduleType.WEEKLY, 2, "health", "morning", "hard"),
    ("Review budget", ScheduleType.WEEKLY, 1, "finance", "evening", "easy"),
    ("Call family", ScheduleType.WEEKLY, 1, "relationships", "evening", "easy"),
    ("Write in the diary", ScheduleType.DAILY, 1, "journal", "evening", "medium"),
]


def is_seeded(user):
    """Whether ``user`` already has the demo habits."""
    return Habit.objects.for_user(user).filter(name="Meditate").exists()


def seed(user, *, rng, start, end, scale):
    """Streaky daily habits; runs, diary and calls logged on the days they happened."""
    from health.models import Workout
    from journal.models import Entry
    from relationships.models import Interaction

    habits = {
        name: Habit.objects.create(
            user=user,
            name=name,
            schedule_type=schedule_type,
            target_count=target,
            domain_link=domain,
            time_of_day=time_of_day,
            difficulty=difficulty,
            description=f"Demo habit: {name.lower()}.",
        )
        for name, schedule_type, target, domain, time_of_day, difficulty in HABITS
    }
    logs = []
    for name in ("Meditate", "Read 20 pages"):
        logs.extend(_streaks(user, habits[name], rng, start, end, keep=0.9, restart=0.35))
    day = start
    while day <= end:
        if day.weekday() == 6:
            logs.append(
                HabitLog(
                    user=user,
                    habit=habits["Review budget"],
                    logged_date=day,
                    value=Decimal(1),
                    note="Weekly review.",
                )
            )
        day += datetime.timedelta(days=1)
    # The same events as the other domains' rows: one log per day it happened.
    for habit, days in (
        (habits["Run"], Workout.objects.for_user(user).filter(workout_type="run")),
        (habits["Write in the diary"], Entry.objects.for_user(user)),
        (
            habits["Call family"],
            Interaction.objects.for_user(user).filter(
                method="call", person__relationship_type="family"
            ),
        ),
    ):
        field = "date" if days.model is not Entry else "entry_date"
        for logged_date in days.values_list(field, flat=True).distinct().order_by(field):
            logs.append(HabitLog(user=user, habit=habit, logged_date=logged_date, value=Decimal(1)))
    HabitLog.objects.bulk_create(logs, batch_size=BATCH_SIZE)


# The days before the seed day on which the streaky habits are always done, so
# that on the seed day each has a current streak of at least this many days.
RECENT_STREAK_DAYS = 3


def _streaks(user, habit, rng, start, end, *, keep, restart):
    """Logs in runs of consecutive days: a done day is followed by another with ``keep``.

    The RECENT_STREAK_DAYS days before ``end`` are always done (the random draws
    are made all the same, so the rest of the demo does not change).
    """
    done = False
    day = start
    recent = end - datetime.timedelta(days=RECENT_STREAK_DAYS)
    while day <= end:
        done = rng.random() < (keep if done else restart)
        done = done or recent <= day < end
        if done:
            yield HabitLog(user=user, habit=habit, logged_date=day, value=Decimal(1))
        day += datetime.timedelta(days=1)
