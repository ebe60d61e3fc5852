"""Reads of the habits app: habits with their streaks and completion, in the user's dates.

Periods
-------
A habit is measured in its own periods: days for a daily habit, ISO weeks
(Monday to Sunday) for a weekly one. ``schedule_type`` is compared trimmed and
case-insensitively; any value other than ``weekly`` (``daily``, or a legacy
value such as ``monthly`` or ``""``) is treated as daily.

- A day is **met** when the habit has at least one log dated that day. Legacy
  duplicates (several logs of one habit on one date: the table has no unique
  constraint) are one day. Any log counts, whatever its ``value``. A daily
  habit's ``target_count`` plays no part (one log per day is all it stores).
- An ISO week is **met** when the habit has logs on at least ``target_count``
  distinct days of it (NULL, zero or negative: 1).
- Logs dated after the user's today (legacy rows, or a time-zone change) are
  ignored.

"Today" is the user's local date (``lifeos.dates.user_today``), never UTC or
the server's.

Figures
-------
- ``current_streak``: consecutive met periods ending with the current one
  (today / this week) when it is met, else ending with the previous one: a
  streak still counts while today (this week) is not done yet, and stops at
  the first missed period.
- ``best_streak``: the longest run of consecutive met periods, ever (it is at
  least ``current_streak``).
- ``done_today``: a log dated today.
- ``completion_7d`` / ``completion_30d``: met periods / counted periods among
  the periods with a day in the last 7 (30) days, today included: 7 (30) days
  for a daily habit; for a weekly one, the ISO weeks touching that window
  (2, or 1 on a Sunday; 5 or 6), each judged whole. The current period counts only once it is
  met (an unfinished day or week is not missed yet); periods ending before the
  habit's start (the local date of its ``created_at``, or its first log if
  earlier) do not count. ``None`` when no period counts yet (a habit created
  today and not done). Floats rounded to 4 places.
"""

import datetime
from dataclasses import dataclass

from habits.models import Habit, HabitLog, ScheduleType
from lifeos.dates import user_today, user_zone
from lifeos.inputs import FieldError, path_id

HABIT_LOG_FIELDS = ("id", "habit_id", "logged_date", "value")
HABIT_FIELDS = (
    "id",
    "name",
    "description",
    "domain_link",
    "schedule_type",
    "target_count",
    "time_of_day",
    "difficulty",
    "is_active",
    "created_at",
    "updated_at",
)
LOG_FIELDS = ("id", "habit_id", "logged_date", "value", "note", "created_at")
ONE_DAY = datetime.timedelta(days=1)
ONE_WEEK = datetime.timedelta(days=7)


class HabitValidationError(FieldError):
    """Bad habits input; ``message_dict`` maps each field (the API's name) to its messages."""


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


# Periods and figures ---------------------------------------------------------------


def is_weekly(schedule_type):
    """Whether ``schedule_type`` (any stored text) is weekly; anything else is daily."""
    return (schedule_type or "").strip().lower() == ScheduleType.WEEKLY


def weekly_target(target_count):
    """Distinct days a weekly habit needs per ISO week: ``target_count``, 1 when unset or < 1."""
    return target_count if target_count and target_count > 0 else 1


def week_start(day):
    """The Monday of ``day``'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class HabitFigures:
    current_streak: int
    best_streak: int
    done_today: bool
    completion_7d: float | None
    completion_30d: float | None
    # Distinct days logged in the current period (today, or this ISO week), and its target.
    period_done: int
    period_target: int

    @property
    def period_met(self):
        return self.period_done >= self.period_target

    def as_dict(self):
        return {
            "current_streak": self.current_streak,
            "best_streak": self.best_streak,
            "done_today": self.done_today,
            "completion_7d": self.completion_7d,
            "completion_30d": self.completion_30d,
        }


def _runs(periods, step):
    """(longest run, run ending at each period) over sorted ``periods`` ``step`` apart."""
    best = 0
    ending = {}
    previous = None
    run = 0
    for period in periods:
        run = run + 1 if previous is not None and period - previous == step else 1
        ending[period] = run
        best = max(best, run)
        previous = period
    return best, ending


def _completion(met, current, start, first, step):
    """Met / counted periods from ``first`` to ``current`` (rules: the module docstring)."""
    counted = 0
    done = 0
    period = max(first, start)
    while period <= current:
        is_met = period in met
        if period != current or is_met:
            counted += 1
            done += is_met
        period += step
    return round(done / counted, 4) if counted else None


def habit_figures(*, schedule_type, target_count, days, today, start):
    """The figures of one habit from its logged ``days`` (a set of dates).

    ``start`` is the habit's first day (creation, or first log if earlier).
    Rules: the module docstring.
    """
    days = {day for day in days if day <= today}
    if days:
        start = min(start, min(days))
    if is_weekly(schedule_type):
        target = weekly_target(target_count)
        per_week = {}
        for day in days:
            monday = week_start(day)
            per_week[monday] = per_week.get(monday, 0) + 1
        met = {monday for monday, count in per_week.items() if count >= target}
        current = week_start(today)
        step = ONE_WEEK
        start_period = week_start(start)
        window_7 = week_start(today - 6 * ONE_DAY)
        window_30 = week_start(today - 29 * ONE_DAY)
        period_done = per_week.get(current, 0)
    else:
        target = 1
        met = days
        current = today
        step = ONE_DAY
        start_period = start
        window_7 = today - 6 * ONE_DAY
        window_30 = today - 29 * ONE_DAY
        period_done = int(today in days)
    best, ending = _runs(sorted(met), step)
    anchor = current if current in met else current - step
    return HabitFigures(
        current_streak=ending.get(anchor, 0),
        best_streak=best,
        done_today=today in days,
        completion_7d=_completion(met, current, start_period, window_7, step),
        completion_30d=_completion(met, current, start_period, window_30, step),
        period_done=period_done,
        period_target=target,
    )


def _created_on(created_at, zone, today):
    """The user's local date of ``created_at``; today when missing or later (clock skew)."""
    if created_at is None:
        return today
    return min(created_at.astimezone(zone).date(), today)


def _logged_days(habit_ids, today):
    """{habit id: set of logged dates up to ``today``}: one query, duplicates as one day."""
    days = {habit_id: set() for habit_id in habit_ids}
    if not habit_ids:
        return days
    rows = (
        HabitLog.objects.filter(habit_id__in=habit_ids, logged_date__lte=today)
        .values_list("habit_id", "logged_date")
        .distinct()
        .order_by()
    )
    for habit_id, logged_date in rows:
        days[habit_id].add(logged_date)
    return days


def figures_for(*, user, habits, today=None):
    """{habit id: HabitFigures} for ``habits`` (dicts with id, schedule_type, target_count,
    created_at), from one query of their logs."""
    today = today or user_today(user)
    zone = user_zone(user)
    days = _logged_days([habit["id"] for habit in habits], today)
    return {
        habit["id"]: habit_figures(
            schedule_type=habit["schedule_type"],
            target_count=habit["target_count"],
            days=days[habit["id"]],
            today=today,
            start=_created_on(habit["created_at"], zone, today),
        )
        for habit in habits
    }


# Habits ----------------------------------------------------------------------------


def parse_active(value):
    """The ``active`` filter: "" (all), "true" or "false"."""
    if value in (None, ""):
        return None
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise HabitValidationError("active", f"{value!r} is not true or false.")


def _with_figures(rows, figures):
    return [{**row, **figures[row["id"]].as_dict()} for row in rows]


def habit_list(*, user, active="", today=None):
    """``user``'s habits with their figures, by name then id (two queries).

    ``active``: "" for all, "true" or "false" (else HabitValidationError on ``active``).
    """
    is_active = parse_active(active)
    habits = Habit.objects.for_user(user)
    if is_active is not None:
        habits = habits.filter(is_active=is_active)
    rows = list(habits.order_by("name", "id").values(*HABIT_FIELDS))
    return _with_figures(rows, figures_for(user=user, habits=rows, today=today))


def habit_get(*, user, habit_id, today=None):
    """One of ``user``'s habits with its figures; Habit.DoesNotExist for a missing or foreign id."""
    row = Habit.objects.for_user(user).filter(pk=path_id(habit_id)).values(*HABIT_FIELDS).first()
    if row is None:
        raise Habit.DoesNotExist("No such habit.")
    return _with_figures([row], figures_for(user=user, habits=[row], today=today))[0]


def habit_figures_of(habit, *, today=None):
    """The figures of one Habit instance (for the admin): one query."""
    row = {
        "id": habit.pk,
        "schedule_type": habit.schedule_type,
        "target_count": habit.target_count,
        "created_at": habit.created_at,
    }
    return figures_for(user=habit.user, habits=[row], today=today)[habit.pk]


def habit_log_data(log):
    """A HabitLog instance as the API's dict."""
    return {name: getattr(log, name) for name in LOG_FIELDS}


# Today -----------------------------------------------------------------------------


def today_view(*, user, today):
    """The habits due on ``today`` (the user's date) with their streaks: two queries.

    Active habits: daily ones always (``done_today`` says whether they are
    done), weekly ones while this ISO week's target is not yet met. By name.
    """
    rows = list(
        Habit.objects.for_user(user)
        .filter(is_active=True)
        .order_by("name", "id")
        .values("id", "name", "schedule_type", "target_count", "created_at")
    )
    figures = figures_for(user=user, habits=rows, today=today)
    due = []
    for row in rows:
        habit_figures_ = figures[row["id"]]
        if is_weekly(row["schedule_type"]) and habit_figures_.period_met:
            continue
        due.append(
            {
                "id": row["id"],
                "name": row["name"],
                "schedule_type": row["schedule_type"],
                "target_count": row["target_count"],
                "current_streak": habit_figures_.current_streak,
                "best_streak": habit_figures_.best_streak,
                "done_today": habit_figures_.done_today,
            }
        )
    return {"habits_due": due}
