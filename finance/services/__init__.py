"""Writes of the finance app, one module per area; every public name is re-exported here.

- ``ledger``: accounts and journal entries.
"""

from finance.services.ledger import *  # noqa: F403
