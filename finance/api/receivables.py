"""Who owes me what, over JSON: receivables with interest, repayments and loan groups.

Thin endpoints over ``finance.services.receivables`` and
``finance.selectors.receivables``. Figures are as of ``as_of`` (default: today):
simple interest accrues daily on the outstanding principal (actual/365), is
rounded half-up to the cent at each repayment, and a repayment pays interest
first, then principal. An overpayment is a 400 naming the payoff.
"""

import datetime

from ninja import Router, Schema

from finance import selectors, services
from lifeos.api import (
    DateText,
    IdList,
    Money,
    MoneyOut,
    OptionalDateText,
    OptionalText,
    Text,
    sent_fields,
)

router = Router(tags=["finance: receivables"])


class ReceivableIn(Schema):
    """A loan: ``interest_rate`` is an annual percentage (null: no interest)."""

    counterparty: Text = None
    principal: Money = None
    start_date: DateText = None
    due_date: OptionalDateText = None
    interest_rate: Money = None


class RepaymentIn(Schema):
    entry_date: DateText = None
    amount: Money = None
    memo: OptionalText = None


class RepaymentOut(Schema):
    id: int | None
    entry_date: datetime.date
    amount: MoneyOut
    interest_part: MoneyOut
    principal_part: MoneyOut
    outstanding_after: MoneyOut
    payoff_after: MoneyOut
    memo: str | None


class ReceivableSummaryOut(Schema):
    id: int
    counterparty: str
    principal: MoneyOut
    interest_rate: MoneyOut
    start_date: datetime.date
    due_date: datetime.date | None
    as_of: datetime.date
    repaid: MoneyOut
    interest_accrued: MoneyOut
    interest_paid: MoneyOut
    principal_paid: MoneyOut
    outstanding_principal: MoneyOut
    outstanding_interest: MoneyOut
    payoff: MoneyOut
    status: str


class ReceivableOut(ReceivableSummaryOut):
    entries: list[RepaymentOut]


class LoanGroupIn(Schema):
    name: Text = None
    description: OptionalText = None
    tracker_ids: IdList = None


class LoanGroupOut(Schema):
    id: int
    name: str
    description: str | None
    as_of: datetime.date
    principal: MoneyOut
    repaid: MoneyOut
    outstanding_principal: MoneyOut
    outstanding_interest: MoneyOut
    payoff: MoneyOut
    status: str
    tracker_ids: list[int]
    receivables: list[ReceivableSummaryOut]


# Receivables ---------------------------------------------------------------------


@router.get("receivables", response=list[ReceivableSummaryOut], url_name="receivables")
def receivable_list(request, as_of: str = ""):
    """Your receivables with their figures as of ``as_of``."""
    return selectors.receivable_list(user=request.user, as_of=as_of or None)


@router.post("receivables", response={201: ReceivableOut}, url_name="receivables")
def receivable_create(request, payload: ReceivableIn):
    """Record money lent."""
    tracker = services.receivable_create(
        user=request.user,
        **sent_fields(payload, required=("counterparty", "principal", "start_date")),
    )
    return 201, selectors.receivable_statement(user=request.user, tracker=tracker)


@router.get("receivables/{int:tracker_id}", response=ReceivableOut, url_name="receivable")
def receivable_detail(request, tracker_id: int, as_of: str = ""):
    """A receivable as of ``as_of``: each repayment split into interest and principal."""
    return selectors.receivable_statement(
        user=request.user, tracker=tracker_id, as_of=as_of or None
    )


@router.patch("receivables/{int:tracker_id}", response=ReceivableOut, url_name="receivable")
def receivable_update(request, tracker_id: int, payload: ReceivableIn):
    """Change the terms sent; refused if a recorded repayment would become an overpayment."""
    tracker = services.receivable_update(
        user=request.user, tracker=tracker_id, **sent_fields(payload)
    )
    return selectors.receivable_statement(user=request.user, tracker=tracker)


@router.delete("receivables/{int:tracker_id}", response={204: None}, url_name="receivable")
def receivable_delete(request, tracker_id: int):
    """Delete a receivable with its repayments (and its loan-group links)."""
    services.receivable_delete(user=request.user, tracker=tracker_id)
    return 204, None


@router.post(
    "receivables/{int:tracker_id}/entries",
    response={201: ReceivableOut},
    url_name="receivable-entries",
)
def receivable_repayment_create(request, tracker_id: int, payload: RepaymentIn):
    """Record a repayment; the answer is the statement as of the repayment's date.

    A repayment over the payoff on its date is a 400 naming the payoff.
    """
    entry = services.receivable_repayment_create(
        user=request.user,
        tracker=tracker_id,
        **sent_fields(payload, required=("entry_date", "amount")),
    )
    return 201, selectors.receivable_statement(
        user=request.user, tracker=tracker_id, as_of=entry.entry_date
    )


# Loan groups ---------------------------------------------------------------------


@router.get("loan-groups", response=list[LoanGroupOut], url_name="loan-groups")
def loan_group_list(request, as_of: str = ""):
    """Your loan groups with the sums of their receivables as of ``as_of``."""
    return selectors.loan_group_list(user=request.user, as_of=as_of or None)


@router.post("loan-groups", response={201: LoanGroupOut}, url_name="loan-groups")
def loan_group_create(request, payload: LoanGroupIn):
    """Group receivables (``tracker_ids``: your receivables' ids)."""
    group = services.loan_group_create(
        user=request.user, **sent_fields(payload, required=("name",))
    )
    return 201, selectors.loan_group_summary(user=request.user, group=group)


@router.get("loan-groups/{int:group_id}", response=LoanGroupOut, url_name="loan-group")
def loan_group_detail(request, group_id: int, as_of: str = ""):
    """A group's sums over its distinct receivables, and a status (overdue, open, closed)."""
    return selectors.loan_group_summary(user=request.user, group=group_id, as_of=as_of or None)


@router.patch("loan-groups/{int:group_id}", response=LoanGroupOut, url_name="loan-group")
def loan_group_update(request, group_id: int, payload: LoanGroupIn, as_of: str = ""):
    """Change the fields sent; ``tracker_ids``, when sent, replaces the membership."""
    group = services.loan_group_update(user=request.user, group=group_id, **sent_fields(payload))
    return selectors.loan_group_summary(user=request.user, group=group, as_of=as_of or None)


@router.delete("loan-groups/{int:group_id}", response={204: None}, url_name="loan-group")
def loan_group_delete(request, group_id: int):
    """Delete a group; its receivables stay."""
    services.loan_group_delete(user=request.user, group=group_id)
    return 204, None
