"""Admin of the finance domain, one module per area (importing them registers the admins).

- ``ledger``: accounts, journal entries and lines, transactions, trial balance settings.
- ``schedule``: the cash-flow schedule (with the forecast chart), scenarios and
  the stored daily balances.
- ``receivables``: receivables with their computed schedule, repayments and
  loan groups, written through the services.
"""

from finance.admin.ledger import *  # noqa: F403
from finance.admin.receivables import *  # noqa: F403
from finance.admin.schedule import *  # noqa: F403
