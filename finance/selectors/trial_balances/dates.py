"""Dates of the trial balances: days as instants, and instants as month rows plus lines.

A day covers the entries posted from its first instant to the first instant
of the next day in the current time zone (``end_of_day``).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from finance.selectors.trial_balances.figures import YEAR_MAX, YEAR_MIN, TrialBalanceInputError
from lifeos.validators import is_storable_datetime


def end_of_day(day):
    """The first aware instant after ``day`` in the current time zone.

    None when that instant is past every storable datetime (``day`` is
    9999-12-31, or its end is in year 10000 in UTC): then every entry is on or
    before ``day``.
    """
    if day >= datetime.date.max:
        return None
    moment = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    return moment if is_storable_datetime(moment) else None


def start_of_day(day):
    """The first aware instant of ``day`` in the current time zone (None: before every entry)."""
    moment = datetime.datetime.combine(day, datetime.time.min)
    if not is_storable_datetime(moment):
        return None
    return timezone.make_aware(moment)


def _check_date(name, value):
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise TrialBalanceInputError(name, f"{name} must be a date (YYYY-MM-DD), not {value!r}.")
    if not is_storable_datetime(datetime.datetime.combine(value, datetime.time.min)):
        raise TrialBalanceInputError(
            name, f"{name} {value.isoformat()} is out of range: no entry can be dated then."
        )


def check_period(*, date_from, date_to):
    """Raise TrialBalanceInputError (naming ``from`` or ``to``) unless the period is valid."""
    _check_date("from", date_from)
    _check_date("to", date_to)
    if date_to < date_from:
        raise TrialBalanceInputError(
            "to",
            f"to ({date_to.isoformat()}) must be on or after from ({date_from.isoformat()}).",
        )


def check_year(year):
    """Raise TrialBalanceInputError naming ``year`` unless it is an integer in 1..9999."""
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise TrialBalanceInputError(
            "year", f"year must be a whole number from {YEAR_MIN} to {YEAR_MAX}, not {year!r}."
        )


@dataclass(frozen=True)
class MonthCut:
    """ "Everything posted before ``moment``" as month rows plus a few lines.

    The balance before an instant is the sum of the month rows before
    ``month`` plus ``sign`` times the lines of entries posted in
    ``[lines_from, lines_to)``: either the head of the instant's month (its
    first day to the instant, sign +1, ``month`` that first day) or its tail
    (the instant to the next month, sign -1, ``month`` the next month), the
    shorter of the two. An instant on a month's first midnight needs no line.
    """

    month: datetime.date
    sign: int = 0
    lines_from: datetime.datetime | None = None
    lines_to: datetime.datetime | None = None


def month_cut(moment, side=None):
    """The ``MonthCut`` of an aware instant (None: no bound, everything counts).

    ``side`` forces the ``"head"`` or the ``"tail"`` of the instant's month
    (the tests read every figure both ways); by default the shorter one.
    """
    if moment is None:
        return None
    moment = moment.astimezone(datetime.UTC)
    first = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if moment == first:
        return MonthCut(first.date())
    if first.year == datetime.MAXYEAR and first.month == 12:
        following = None  # no month after December 9999: count from the head
    else:
        year, month = divmod(first.month, 12)
        following = first.replace(year=first.year + year, month=month + 1)
    if side is None:
        side = "head" if following is None or moment - first <= following - moment else "tail"
    if side == "head" or following is None:
        return MonthCut(first.date(), 1, first, moment)
    return MonthCut(following.date(), -1, moment, following)
