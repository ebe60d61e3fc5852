"""Reads of the skills app: skills with their practice figures, sessions and metrics.

Conventions (shared with ``skills.services``):

- Bad input raises ``SkillValidationError``, a Django ``ValidationError`` whose
  ``message_dict`` is keyed by the API's field name.
- An id in the URL path that is missing or another user's raises the model's
  ``DoesNotExist``: the same for both.
- Sessions and metrics are read through their skill's owner
  (``skill.user_id``), never through their own ``user_id``: the original
  application leaves that column NULL, so legacy rows count for the skill's owner.

The figures of a skill
----------------------
- ``total_minutes``: the sum of its sessions' ``duration_minutes``;
- ``sessions``: how many sessions it has;
- ``last_practiced_at``: the latest ``practiced_at`` (None without sessions);
- ``streak_days``: the number of consecutive local days, in the user's time
  zone (``lifeos.dates``), with at least one session, ending today, or ending
  yesterday when today has no session yet; 0 otherwise. Days after today
  (sessions logged in advance) do not count.

The first three are aggregated in SQL. The streak reads the distinct local
days of sessions (converted to the user's zone in SQL, ``LocalDate``) of the
last ``STREAK_WINDOW_DAYS`` days, then, only for skills whose streak runs
through that whole window, every earlier day: at most two queries whatever the
number of skills.
"""

import datetime

from django.db.models import Count, DateField, Func, Max, Sum
from django.db.models.functions import Coalesce

from lifeos.dates import user_day_bounds, user_today, user_zone
from lifeos.inputs import FieldError, path_id
from skills.models import Metric, PracticeSession, Skill

__all__ = [
    "METRIC_FIELDS",
    "SESSION_FIELDS",
    "SKILL_FIELDS",
    "STREAK_WINDOW_DAYS",
    "LocalDate",
    "SkillValidationError",
    "metric_list",
    "skill_figures",
    "skill_get",
    "skill_list",
    "streak_days",
    "today_view",
]

# Days of sessions the streak reads first; longer streaks cost one more query.
STREAK_WINDOW_DAYS = 62
# The today view lists skills practised on the last TODAY_DAYS local days (today included).
TODAY_DAYS = 7

SKILL_FIELDS = (
    "id",
    "name",
    "category",
    "level",
    "difficulty",
    "current_level",
    "target_level",
    "description",
    "tags",
    "created_at",
    "updated_at",
)
SESSION_FIELDS = (
    "id",
    "skill_id",
    "practiced_at",
    "duration_minutes",
    "intensity",
    "notes",
    "created_at",
)
METRIC_FIELDS = ("id", "skill_id", "name", "value", "unit", "recorded_at")


class SkillValidationError(FieldError):
    """Bad skills input; ``message_dict`` maps each field (the API's name) to its messages."""


def zone_name(user):
    """The IANA name of ``user``'s time zone (as PostgreSQL and zoneinfo know it)."""
    zone = user_zone(user)
    return getattr(zone, "key", None) or str(zone)


class LocalDate(Func):
    """The local date, in the IANA zone ``zone``, of a naive-UTC datetime column.

    The columns hold naive UTC (``lifeos.fields.UTCDateTimeField``): PostgreSQL
    reads them as UTC, then converts (Django's ``TruncDate`` would read a
    ``timestamp without time zone`` as already local); SQLite uses Django's own
    ``django_datetime_cast_date`` function with the connection's zone UTC.
    """

    output_field = DateField()

    def __init__(self, expression, zone):
        super().__init__(expression)
        self.zone = zone

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"django_datetime_cast_date({sql}, %s, 'UTC')", (*params, self.zone)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"((({sql}) AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", (*params, self.zone)


# Streaks ----------------------------------------------------------------------------


def _run_back(days, day):
    """How many consecutive days of ``days`` end at ``day``, and the day before the run."""
    count = 0
    while day in days:
        count += 1
        day -= datetime.timedelta(days=1)
    return count, day


def streak_days(days, today):
    """The streak of a set of local days: the run ending today, else yesterday; 0 otherwise.

    >>> d = datetime.date
    >>> streak_days({d(2025, 3, 1), d(2025, 3, 2), d(2025, 3, 4)}, d(2025, 3, 4))
    1
    >>> streak_days({d(2025, 3, 1), d(2025, 3, 2)}, d(2025, 3, 3))
    2
    >>> streak_days({d(2025, 3, 1)}, d(2025, 3, 3))
    0
    """
    end = today if today in days else today - datetime.timedelta(days=1)
    return _run_back(days, end)[0]


def _local_days(user, sessions, *, since=None, until):
    """{skill id: set of local days} of ``sessions`` practised in [since, until)."""
    sessions = sessions.filter(practiced_at__lt=until)
    if since is not None:
        sessions = sessions.filter(practiced_at__gte=since)
    by_skill = {}
    rows = (
        sessions.annotate(day=LocalDate("practiced_at", zone_name(user)))
        .values_list("skill_id", "day")
        .distinct()
        .order_by()
    )
    for skill_id, day in rows:
        by_skill.setdefault(skill_id, set()).add(day)
    return by_skill


def _streaks(user, sessions, today, recent=None):
    """{skill id: streak} for the skills of ``sessions`` (skills without a streak are left out).

    ``recent`` is the {skill id: days} of the window when the caller has read it.
    """
    window_start = today - datetime.timedelta(days=STREAK_WINDOW_DAYS - 1)
    since = user_day_bounds(user, window_start)[0]
    until = user_day_bounds(user, today)[1]
    if recent is None:
        recent = _local_days(user, sessions, since=since, until=until)
    streaks, running = {}, []
    for skill_id, days in recent.items():
        count = streak_days(days, today)
        if count:
            streaks[skill_id] = count
            end = today if today in days else today - datetime.timedelta(days=1)
            if end - datetime.timedelta(days=count - 1) == window_start:
                running.append(skill_id)
    if running:
        older = _local_days(user, sessions.filter(skill_id__in=running), until=since)
        for skill_id in running:
            extra, _ = _run_back(older.get(skill_id, set()), window_start - datetime.timedelta(1))
            streaks[skill_id] += extra
    return streaks


# Skills -----------------------------------------------------------------------------


def _skill_sessions(user):
    """The sessions of ``user``'s skills, whatever their own (legacy, nullable) ``user_id``."""
    return PracticeSession.objects.filter(skill__user_id=user.pk)


def _with_totals(skills):
    return skills.annotate(
        total_minutes=Coalesce(Sum("sessions__duration_minutes"), 0),
        session_count=Count("sessions"),
        last_practiced_at=Max("sessions__practiced_at"),
    ).values(*SKILL_FIELDS, "total_minutes", "session_count", "last_practiced_at")


def _skill_data(row, streak):
    data = {name: row[name] for name in SKILL_FIELDS}
    data["tags"] = data["tags"] if isinstance(data["tags"], list) else []
    data.update(
        total_minutes=row["total_minutes"],
        sessions=row["session_count"],
        last_practiced_at=row["last_practiced_at"],
        streak_days=streak,
    )
    return data


def skill_list(*, user, category="", today=None):
    """``user``'s skills with their figures, by name (at most three queries).

    ``category`` narrows to one category (exact match).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or user_today(user)
    skills = Skill.objects.for_user(user)
    if category:
        skills = skills.filter(category=category)
    rows = list(_with_totals(skills).order_by("name", "id"))
    sessions = _skill_sessions(user)
    if category:
        sessions = sessions.filter(skill__category=category)
    streaks = _streaks(user, sessions, today) if any(r["session_count"] for r in rows) else {}
    return [_skill_data(row, streaks.get(row["id"], 0)) for row in rows]


def skill_figures(*, user, skill_id, today=None):
    """``total_minutes``, ``sessions``, ``last_practiced_at`` and ``streak_days`` of one skill."""
    data = skill_get(user=user, skill_id=skill_id, today=today)
    return {
        name: data[name]
        for name in ("total_minutes", "sessions", "last_practiced_at", "streak_days")
    }


def skill_get(*, user, skill_id, today=None):
    """One of ``user``'s skills with its figures; DoesNotExist for a missing or foreign id."""
    row = _with_totals(Skill.objects.for_user(user).filter(pk=path_id(skill_id))).first()
    if row is None:
        raise Skill.DoesNotExist("No such skill.")
    streak = 0
    if row["session_count"]:
        today = today or user_today(user)
        sessions = _skill_sessions(user).filter(skill_id=row["id"])
        streak = _streaks(user, sessions, today).get(row["id"], 0)
    return _skill_data(row, streak)


def owned_skill(*, user, skill_id):
    """One of ``user``'s skills (model instance); DoesNotExist for a missing or foreign id."""
    skill = Skill.objects.for_user(user).filter(pk=path_id(skill_id)).first()
    if skill is None:
        raise Skill.DoesNotExist("No such skill.")
    return skill


# Sessions and metrics ---------------------------------------------------------------


def session_data(session):
    return {name: getattr(session, name) for name in SESSION_FIELDS}


def metric_data(metric):
    return {name: getattr(metric, name) for name in METRIC_FIELDS}


def metric_list(*, user, skill_id, name=""):
    """A skill's metrics, oldest first (a time series); ``name`` narrows to one metric.

    Two queries: the skill (DoesNotExist for a missing or foreign id), its metrics.
    """
    skill = owned_skill(user=user, skill_id=skill_id)
    metrics = Metric.objects.filter(skill_id=skill.pk)
    if name:
        metrics = metrics.filter(name=name)
    return list(metrics.order_by("recorded_at", "id").values(*METRIC_FIELDS))


# Today ------------------------------------------------------------------------------


def today_view(*, user, today=None):
    """The skills practised on the last 7 local days, with their streaks (at most two queries).

    ``{"skills": [{"id", "name", "streak_days", "last_practiced_at"}]}``, the
    most recently practised first.
    """
    today = today or user_today(user)
    window_start = today - datetime.timedelta(days=STREAK_WINDOW_DAYS - 1)
    since = user_day_bounds(user, window_start)[0]
    until = user_day_bounds(user, today)[1]
    sessions = _skill_sessions(user)
    rows = (
        sessions.filter(practiced_at__gte=since, practiced_at__lt=until)
        .annotate(day=LocalDate("practiced_at", zone_name(user)))
        .values_list("skill_id", "skill__name", "day")
        .annotate(last=Max("practiced_at"))
        .order_by()
    )
    recent, names, last = {}, {}, {}
    for skill_id, name, day, latest in rows:
        recent.setdefault(skill_id, set()).add(day)
        names[skill_id] = name
        last[skill_id] = max(latest, last.get(skill_id, latest))
    first_day = today - datetime.timedelta(days=TODAY_DAYS - 1)
    shown = [skill_id for skill_id, days in recent.items() if max(days) >= first_day]
    if not shown:
        return {"skills": []}
    streaks = _streaks(user, sessions, today, recent={k: recent[k] for k in shown})
    shown.sort(key=lambda skill_id: (last[skill_id], skill_id), reverse=True)
    return {
        "skills": [
            {
                "id": skill_id,
                "name": names[skill_id],
                "streak_days": streaks.get(skill_id, 0),
                "last_practiced_at": last[skill_id],
            }
            for skill_id in shown
        ]
    }
