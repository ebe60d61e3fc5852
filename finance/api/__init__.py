"""The finance JSON API, mounted at ``/finance/``: one router per area.

- ``ledger``: accounts, journal entries, the trial balance;
- ``planning``: the cash-flow schedule, the forecast and what-if scenarios;
- ``receivables``: money lent, repayments with interest, loan groups.
"""

from ninja import Router

from finance.api import ledger, planning, receivables

router = Router()
router.add_router("", ledger.router)
router.add_router("", planning.router)
router.add_router("", receivables.router)
