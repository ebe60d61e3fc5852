"""Reads of the finance app, one module per area; every public name is re-exported here.

- ``ledger``: the typeahead and subtype suggestions.
- ``trial_balances``: the trial balance as of a date, for a period and per month.
- ``forecast``: schedule rows, scenarios, the cash-flow forecast and comparisons.
- ``receivables``: receivable statements and loan-group sums.
- ``today``: the finance part of the morning view (``today_view``).
"""

from finance.selectors.forecast import *  # noqa: F403
from finance.selectors.ledger import *  # noqa: F403
from finance.selectors.ledger import _prefix_rows  # noqa: F401 - used by the plan tests
from finance.selectors.receivables import *  # noqa: F403
from finance.selectors.today import *  # noqa: F403
from finance.selectors.trial_balances import *  # noqa: F403
