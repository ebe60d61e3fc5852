"""Reads of the finance app, one module per area; every public name is re-exported here.

- ``ledger``: the typeahead and subtype suggestions.
- ``trial_balances``: the trial balance as of a date, for a period and per month.
"""

from finance.selectors.ledger import *  # noqa: F403
from finance.selectors.ledger import _prefix_rows  # noqa: F401 - used by the plan tests
from finance.selectors.trial_balances import *  # noqa: F403
