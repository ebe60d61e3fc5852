"""GET /api/today: the morning view, made of every app's part, on the user's local date."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from finance.models import MoneyScheduleRow
from finance.services import daily_balances_refresh
from finance.tests.conftest import at, make_account, post
from lifeos import today
from lifeos.testing.builders import make_user

pytestmark = pytest.mark.django_db


def test_every_app_with_a_today_view_is_found_through_the_registry():
    modules = {provider.__module__.split(".")[0] for provider in today.today_providers()}

    assert "finance" in modules
    assert "lifeos" not in modules


def test_today_is_the_users_local_date(monkeypatch):
    user = make_user("ada", timezone="Asia/Seoul")
    # 16:30 UTC on 1 March is 01:30 on 2 March in Seoul.
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2025, 3, 1, 16, 30, tzinfo=datetime.UTC)
    )
    client = Client()
    client.force_login(user)

    body = client.get("/api/today").json()

    assert (body["date"], body["timezone"]) == ("2025-03-02", "Asia/Seoul")


def test_lowest_balance_in_the_next_30_days_live_and_stored():
    user = make_user("ada")
    cash = make_account(user, "Cash")
    salary = make_account(user, "Salary", "income")
    start = timezone.localdate()
    post(
        user,
        at((start - datetime.timedelta(days=3)).isoformat()),
        (cash, "500.00"),
        (salary, "-500.00"),
    )
    MoneyScheduleRow.objects.create(
        user=user, account=cash, event_date=start + datetime.timedelta(days=10), amount="-620.50"
    )
    MoneyScheduleRow.objects.create(
        user=user, account=cash, event_date=start + datetime.timedelta(days=12), amount="300.00"
    )
    MoneyScheduleRow.objects.create(  # day 31: outside the window
        user=user, account=cash, event_date=start + datetime.timedelta(days=30), amount="-1000.00"
    )
    expected = {"date": (start + datetime.timedelta(days=10)).isoformat(), "balance": "-120.50"}
    client = Client()
    client.force_login(user)

    live = client.get("/api/today").json()["lowest_balance_30d"]
    daily_balances_refresh(user=user, start=start)
    stored = client.get("/api/today").json()["lowest_balance_30d"]

    assert live == stored == expected


def test_no_account_means_no_lowest_balance():
    client = Client()
    client.force_login(make_user("ada"))

    assert client.get("/api/today").json()["lowest_balance_30d"] is None


def test_demo_users_morning_shows_every_part(monkeypatch, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    from lifeos.demo import demo_seed

    day = datetime.date(2025, 12, 18)
    demo_seed(users=1, scale=0.05, password="demo-pass-123", today=day)
    user = get_user_model().objects.get(email="demo@example.com")
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2025, 12, 18, 12, tzinfo=datetime.UTC)
    )
    client = Client()
    client.force_login(user)

    with django_assert_max_num_queries(25):
        body = client.get("/api/today").json()

    assert body["date"] == "2025-12-18"
    for part in ("habits_due", "tasks_due", "reconnect", "birthdays", "skills"):
        assert body[part], part
    assert body["lowest_balance_30d"]["balance"]
    assert body["last_mood"]["mood_int"] is not None
    assert body["health"]["latest_weight"] is not None
