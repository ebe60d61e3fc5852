"""The finance demo data: scenarios that say what they describe, stored forecasts by the rule."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from finance.models import MoneyScheduleDailyBalance, MoneyScheduleScenario
from finance.selectors import cash_flow_forecast, scenario_compare
from lifeos.testing.demo import DEMO_TODAY, seed_small

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_user():
    seed_small()
    return get_user_model().objects.get(email="demo@example.com")


def test_demo_stored_forecast_is_the_live_default_forecast(demo_user):
    stored = list(
        MoneyScheduleDailyBalance.objects.filter(user=demo_user, scenario__isnull=True)
        .order_by("as_of")
        .values_list("as_of", "balance")
    )
    live = cash_flow_forecast(
        user=demo_user, date_from=DEMO_TODAY, date_to=DEMO_TODAY + datetime.timedelta(days=364)
    )

    assert stored == [(day.date, day.balance) for day in live.days]
    # Stored per active scenario only: the sabbatical is switched off.
    assert MoneyScheduleDailyBalance.objects.filter(scenario__name="Cheaper flat").count() == 365
    assert not MoneyScheduleDailyBalance.objects.filter(scenario__name="Sabbatical").exists()


def test_demo_sabbatical_takes_back_three_salaries_only(demo_user):
    sabbatical = MoneyScheduleScenario.objects.get(user=demo_user, name="Sabbatical")
    end = DEMO_TODAY + datetime.timedelta(days=200)

    comparison = scenario_compare(
        user=demo_user, scenario_id=sabbatical.pk, date_from=DEMO_TODAY, date_to=end
    )

    assert comparison.days[-1].difference == Decimal("-12600.00")  # 3 x 4,200.00
