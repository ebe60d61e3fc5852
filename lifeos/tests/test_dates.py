"""The user's own calendar."""

import datetime

from lifeos.dates import user_day_bounds, user_today
from lifeos.models import User

NOW = datetime.datetime(2025, 3, 1, 16, 30, tzinfo=datetime.UTC)  # 01:30 on 2 March in Seoul


def test_today_is_the_users_local_date():
    assert user_today(User(timezone="Asia/Seoul"), now=NOW) == datetime.date(2025, 3, 2)
    assert user_today(User(timezone="America/Los_Angeles"), now=NOW) == datetime.date(2025, 3, 1)


def test_no_or_unknown_time_zone_uses_the_servers():
    assert user_today(User(timezone=None), now=NOW) == datetime.date(2025, 3, 1)
    assert user_today(User(timezone="Mars/Olympus"), now=NOW) == datetime.date(2025, 3, 1)


def test_day_bounds_are_local_midnights():
    start, end = user_day_bounds(User(timezone="Asia/Seoul"), datetime.date(2025, 3, 2))

    assert start.astimezone(datetime.UTC) == datetime.datetime(2025, 3, 1, 15, tzinfo=datetime.UTC)
    assert end - start == datetime.timedelta(days=1)
