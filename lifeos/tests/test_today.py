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
