"""What the trial balances return: dataclasses shaped like the API's JSON.

Also the normal side of each account type (``normal_balance``) and the error
the selectors raise for bad input.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from finance.models import AccountType, NormalBalance

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# Assets and expenses grow on the debit side; liabilities, equity and income on the credit side.
DEBIT_NORMAL_TYPES = frozenset({AccountType.ASSET.value, AccountType.EXPENSE.value})
YEAR_MIN, YEAR_MAX = 1, 9999
DEBIT, CREDIT = NormalBalance.DEBIT.value, NormalBalance.CREDIT.value
TYPE_ORDER = {value: position for position, value in enumerate(AccountType.values)}


class TrialBalanceInputError(ValueError):
    """Bad input to a trial-balance selector; ``field`` names the offending parameter."""

    def __init__(self, field, message):
        self.field = field
        super().__init__(message)


def normal_balance(account_type):
    """``"debit"`` for asset and expense accounts, ``"credit"`` for every other type."""
    return DEBIT if account_type in DEBIT_NORMAL_TYPES else CREDIT


def on_normal_side(balance, normal):
    """``balance`` (debit minus credit) signed so that positive is on the ``normal`` side."""
    # ZERO - balance, not -balance: never a "-0.00".
    return balance if normal == DEBIT else ZERO - balance


# The as-of trial balance -------------------------------------------------------


@dataclass(slots=True)
class Totals:
    """Debit and credit totals; the balance is debit minus credit."""

    debit: Decimal = ZERO
    credit: Decimal = ZERO

    @property
    def balance(self):
        return self.debit - self.credit

    def add(self, other):
        self.debit += other.debit
        self.credit += other.credit


@dataclass(slots=True)
class TrialBalanceRow:
    """One account's line of the trial balance.

    ``balance_on_normal_side`` is the balance signed on the account's normal
    side: debit minus credit for debit-normal accounts, credit minus debit for
    the others (so a salary account that earned 100 shows 100, not -100).
    """

    id: int
    name: str
    account_type: str
    account_subtype: str | None
    is_active: bool
    debit: Decimal
    credit: Decimal
    normal_balance: str = NormalBalance.DEBIT.value
    balance_on_normal_side: Decimal = ZERO

    @property
    def balance(self):
        return self.debit - self.credit

    @property
    def totals(self):
        """The row itself: its ``debit``, ``credit`` and ``balance``, read like a group's totals.

        No second object per row: a report builds hundreds of rows per call.
        """
        return self


@dataclass
class TrialBalanceGroup:
    """Accounts of one type (and subtype, when grouped by subtype), with subtotals."""

    account_type: str
    account_subtype: str | None = None
    rows: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @property
    def normal_balance(self):
        return normal_balance(self.account_type)

    @property
    def balance_on_normal_side(self):
        return on_normal_side(self.totals.balance, self.normal_balance)


@dataclass
class TrialBalance:
    """The whole trial balance; ``totals.debit == totals.credit`` for a sound ledger."""

    as_of: datetime.date | None
    group_by_subtype: bool
    include_zero_balances: bool
    groups: list
    totals: Totals


# The period trial balance ------------------------------------------------------


@dataclass(slots=True)
class PeriodTotals:
    """Opening balance, the period's debits and credits, closing balance (debit minus credit)."""

    opening: Decimal = ZERO
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    closing: Decimal = ZERO

    def add(self, other):
        self.opening += other.opening
        self.debit += other.debit
        self.credit += other.credit
        self.closing += other.closing


@dataclass(slots=True)
class PeriodRow:
    """One account over the period: ``closing == opening + debit - credit``.

    ``opening`` and ``closing`` are debit minus credit; the ``*_on_normal_side``
    figures are the same balances signed on the account's normal side.
    """

    id: int
    name: str
    account_type: str
    account_subtype: str | None
    is_active: bool
    normal_balance: str
    opening: Decimal
    debit: Decimal
    credit: Decimal
    closing: Decimal
    opening_on_normal_side: Decimal
    closing_on_normal_side: Decimal


@dataclass
class PeriodGroup:
    """Accounts of one type (and subtype, when grouped by subtype), with subtotals."""

    account_type: str
    normal_balance: str
    account_subtype: str | None = None
    rows: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    totals: PeriodTotals = field(default_factory=PeriodTotals)

    @property
    def closing_on_normal_side(self):
        return on_normal_side(self.totals.closing, self.normal_balance)


@dataclass
class PeriodTrialBalance:
    """Every account's opening, movements and closing over ``date_from``..``date_to``.

    For a sound ledger ``totals.opening == totals.closing == 0`` and
    ``totals.debit == totals.credit``.
    """

    date_from: datetime.date
    date_to: datetime.date
    group_by_subtype: bool
    include_zero_balances: bool
    groups: list
    totals: PeriodTotals


# The monthly trial balance -----------------------------------------------------


@dataclass(slots=True)
class MonthFigures:
    """One account type in one month: its debits, credits and balance at the month's end."""

    month: int
    debit: Decimal
    credit: Decimal
    closing: Decimal
    closing_on_normal_side: Decimal


@dataclass
class MonthlyTypeRow:
    """One account type over the year; ``opening`` is its balance before the year."""

    account_type: str
    normal_balance: str
    opening: Decimal
    months: list


@dataclass(slots=True)
class MonthTotals:
    """Every type together in one month (closing is 0 for a sound ledger)."""

    month: int
    debit: Decimal
    credit: Decimal
    closing: Decimal


@dataclass
class MonthlyTrialBalance:
    """Per account type and month of ``year``: debit, credit and the cumulative closing."""

    year: int
    types: list
    totals: list
