"""Reads of the finance app: the trial balance as of a date, for a period and per month.

Every figure comes from hand-written grouped SQL on the database cursor (no
model instances, no per-row ORM work), then one dataclass per account built
in one pass. Money stays exact: PostgreSQL sums its ``numeric`` columns,
SQLite sums whole cents as integers (``lifeos.money.money_sum_sql``), and
Python only ever sees ``Decimal``.

The sums come from ``finance_account_month_balance`` (one row per account and
UTC month of posting, kept by database triggers: ``finance.balances``), not
from the lines: a balance before an instant is the account's months before
it, corrected by the lines of the one month the instant falls in, read from
whichever side of the instant is shorter (``MonthCut``). An undated or
month-aligned figure reads no line at all.

- ``figures``: the result dataclasses, normal sides, the input error;
- ``dates``: days as instants (``end_of_day``) and instants as ``MonthCut``;
- ``sql``: the statements (``account_figures``, ``monthly_sums``);
- ``reports``: ``trial_balance``, ``trial_balance_period``, ``trial_balance_monthly``.
"""

from finance.selectors.trial_balances.dates import (
    MonthCut,
    check_period,
    check_year,
    end_of_day,
    month_cut,
    start_of_day,
)
from finance.selectors.trial_balances.figures import (
    MonthFigures,
    MonthlyTrialBalance,
    MonthlyTypeRow,
    MonthTotals,
    PeriodGroup,
    PeriodRow,
    PeriodTotals,
    PeriodTrialBalance,
    Totals,
    TrialBalance,
    TrialBalanceGroup,
    TrialBalanceInputError,
    TrialBalanceRow,
    normal_balance,
    on_normal_side,
)
from finance.selectors.trial_balances.reports import (
    trial_balance,
    trial_balance_monthly,
    trial_balance_period,
    trial_balance_setting,
)

__all__ = [
    "MonthCut",
    "MonthFigures",
    "MonthTotals",
    "MonthlyTrialBalance",
    "MonthlyTypeRow",
    "PeriodGroup",
    "PeriodRow",
    "PeriodTotals",
    "PeriodTrialBalance",
    "Totals",
    "TrialBalance",
    "TrialBalanceGroup",
    "TrialBalanceInputError",
    "TrialBalanceRow",
    "check_period",
    "check_year",
    "end_of_day",
    "month_cut",
    "normal_balance",
    "on_normal_side",
    "start_of_day",
    "trial_balance",
    "trial_balance_monthly",
    "trial_balance_period",
    "trial_balance_setting",
]
