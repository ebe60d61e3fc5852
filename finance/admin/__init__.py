"""Admin of the finance domain, one module per area (importing them registers the admins).

- ``ledger``: accounts, journal entries and lines, transactions, and the
  forecast tables' plain admins.
- ``receivables``: receivables with their computed schedule, repayments and
  loan groups, written through the services.
"""

from finance.admin.ledger import *  # noqa: F403
from finance.admin.receivables import *  # noqa: F403
