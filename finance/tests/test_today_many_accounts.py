"""The morning view's forecast low for a user with more active asset accounts than a request
may name (found by the benchmark's heavy user: 20,000 of them)."""

import datetime
from decimal import Decimal

import pytest

from finance.models import Account, AccountCategory, MoneyScheduleRow
from finance.selectors.forecast import MAX_FORECAST_ACCOUNTS
from finance.selectors.today import today_view
from lifeos.normalization import normalize_account_name


@pytest.mark.django_db
def test_today_view_forecasts_every_active_asset_account_beyond_the_input_limit(django_user_model):
    user = django_user_model.objects.create(email="many@example.com", full_name="Many")
    category = AccountCategory.default_for("asset")
    names = [f"Cash {number}" for number in range(MAX_FORECAST_ACCOUNTS + 1)]
    Account.objects.bulk_create(
        Account(
            user=user,
            category=category,
            name=name,
            normalized_name=normalize_account_name(name),
            account_type="asset",
            is_active=True,
        )
        for name in names
    )
    last = Account.objects.filter(user=user).order_by("id").last()
    today = datetime.date(2025, 12, 18)
    MoneyScheduleRow.objects.create(
        user=user, account=last, event_date=today + datetime.timedelta(days=3), amount="-12.50"
    )

    view = today_view(user=user, today=today)

    assert view["lowest_balance_30d"] == {
        "date": today + datetime.timedelta(days=3),
        "balance": Decimal("-12.50"),
    }
