"""Admin of the finance domain, one module per area (importing them registers the admins).

- ``ledger``: accounts, journal entries and lines, transactions, and the
  receivable and loan tables' plain admins.
- ``schedule``: the cash-flow schedule (with the forecast chart), scenarios and
  the stored daily balances.
"""

from finance.admin.ledger import *  # noqa: F403
from finance.admin.schedule import *  # noqa: F403
