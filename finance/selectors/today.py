"""The finance part of the morning view (``lifeos.today``)."""

import datetime

from finance.models import MoneyScheduleDailyBalance
from finance.selectors.forecast import cash_flow_forecast

__all__ = ["LOW_BALANCE_DAYS", "today_view"]

# How far ahead the morning view looks for the lowest balance.
LOW_BALANCE_DAYS = 30


def today_view(*, user, today):
    """``{"lowest_balance_30d": {"date", "balance"} | None}``: the default forecast's low.

    Read from the stored daily balances (the default forecast, refreshed after
    every LifeOS write that changes it: one indexed query) when they cover the
    30 days from ``today``; else the forecast is computed live. None when the
    user has no active asset account to forecast.
    """
    end = today + datetime.timedelta(days=LOW_BALANCE_DAYS - 1)
    stored = list(
        MoneyScheduleDailyBalance.objects.for_user(user)
        .filter(scenario__isnull=True, as_of__range=(today, end))
        .order_by("as_of")
        .values_list("as_of", "balance")
    )
    if len(stored) == LOW_BALANCE_DAYS:
        day, balance = min(stored, key=lambda point: (point[1], point[0]))
        return {"lowest_balance_30d": {"date": day, "balance": balance}}
    # The default account set, left to the forecast: passing it explicitly would refuse a
    # user with more than MAX_FORECAST_ACCOUNTS active asset accounts (a limit on input).
    forecast = cash_flow_forecast(user=user, date_from=today, date_to=end)
    if not forecast.account_ids:
        return {"lowest_balance_30d": None}
    lowest = forecast.lowest
    return {
        "lowest_balance_30d": {"date": lowest.date, "balance": lowest.balance} if lowest else None
    }
