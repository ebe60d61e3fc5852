"""Reads of the habits app."""

from habits.models import HabitLog

HABIT_LOG_FIELDS = ("id", "habit_id", "logged_date", "value")


def habit_logs_between(*, user, start, end):
    """``user``'s habit logs dated ``start`` to ``end`` (inclusive), as dicts of HABIT_LOG_FIELDS.

    Ordered by date, then id. ix_habits_log_user_logged_date serves the range.
    """
    return list(
        HabitLog.objects.for_user(user)
        .filter(logged_date__gte=start, logged_date__lte=end)
        .order_by("logged_date", "id")
        .values(*HABIT_LOG_FIELDS)
    )
