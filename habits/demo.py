"""Demo data of the habits domain: habits with streaks, consistent with other domains."""

import datetime

from habits.models import Habit, HabitLog

BATCH_SIZE = 1000
# (name, frequency, target per period, domain)
HABITS = [
    ("Meditate", "daily", 1, None),
    ("Read 20 pages", "daily", 1, "skills"),
    ("Run", "weekly", 2, "health"),
    ("Review budget", "weekly", 1, "finance"),
    ("Call family", "weekly", 1, "relationships"),
    ("Write in the diary", "daily", 1, "journal"),
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
            frequency=frequency,
            target_per_period=target,
            domain_link=domain,
            description=f"Demo habit: {name.lower()}.",
        )
        for name, frequency, target, domain in HABITS
    }
    logs = []
    for name in ("Meditate", "Read 20 pages"):
        logs.extend(_streaks(user, habits[name], rng, start, end, keep=0.9, restart=0.35))
    day = start
    while day <= end:
        if day.weekday() == 6:
            logs.append(HabitLog(user=user, habit=habits["Review budget"], logged_date=day))
        day += datetime.timedelta(days=1)
    # The same events as the other domains' rows: one log per day it happened.
    for habit, days in (
        (habits["Run"], Workout.objects.for_user(user).filter(workout_type="run")),
        (habits["Write in the diary"], Entry.objects.for_user(user)),
        (
            habits["Call family"],
            Interaction.objects.for_user(user).filter(
                interaction_type="call", person__relationship_type="family"
            ),
        ),
    ):
        field = "date" if days.model is not Entry else "entry_date"
        for logged_date in days.values_list(field, flat=True).distinct().order_by(field):
            logs.append(HabitLog(user=user, habit=habit, logged_date=logged_date))
    HabitLog.objects.bulk_create(logs, batch_size=BATCH_SIZE)


def _streaks(user, habit, rng, start, end, *, keep, restart):
    """Logs in runs of consecutive days: a done day is followed by another with ``keep``."""
    done = False
    day = start
    while day <= end:
        done = rng.random() < (keep if done else restart)
        if done:
            yield HabitLog(user=user, habit=habit, logged_date=day, count=1)
        day += datetime.timedelta(days=1)
