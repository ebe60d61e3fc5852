"""A user's own calendar: "today" and day boundaries in the user's time zone.

``user.timezone`` is an IANA name (the original application stores it, and
``PATCH /api/me`` sets it); a missing or unknown one falls back to the server's
``TIME_ZONE``. Every "today", "this week" and "due" in LifeOS is computed here,
so the API, the admin and the benchmark agree on the user's date.
"""

import datetime
import zoneinfo

from django.utils import timezone


def user_zone(user):
    """The user's time zone as a ``ZoneInfo`` (the server's zone when unset or unknown)."""
    name = getattr(user, "timezone", None)
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_default_timezone()


def user_today(user, *, now=None):
    """The user's local date at ``now`` (default: the current instant)."""
    return (now or timezone.now()).astimezone(user_zone(user)).date()


def user_day_bounds(user, day):
    """The aware instants [start, end) of the user's local ``day``."""
    zone = user_zone(user)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end
