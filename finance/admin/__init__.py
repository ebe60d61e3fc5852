"""Admin of the finance domain, one module per area (importing them registers the admins).

- ``ledger``: accounts, journal entries and lines, transactions, and the
  planning tables' plain admins.
"""

from finance.admin.ledger import *  # noqa: F403
