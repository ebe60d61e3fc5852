"""Writes of the finance app, one module per area; every public name is re-exported here.

- ``ledger``: accounts and journal entries.
- ``schedule``: the cash-flow schedule, scenarios and the stored daily balances.
- ``receivables``: receivables, their repayments, and loan groups.
"""

from finance.services.ledger import *  # noqa: F403
from finance.services.receivables import *  # noqa: F403
from finance.services.schedule import *  # noqa: F403
