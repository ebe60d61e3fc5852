"""Reads of receivables (money lent, with interest) and loan groups.

How a statement is computed (the rules of issue 13, and the decisions where it
is silent):

- Interest is simple: it accrues daily on the outstanding principal only
  (never on unpaid interest), actual/365: days between consecutive events x
  outstanding principal x rate / 100 / 365. A NULL rate is 0 %.
- Interest accrues from ``start_date``. At each repayment the interest of the
  period since the previous event is rounded half-up to the cent and added to
  the unpaid interest; the repayment pays unpaid interest first, then principal.
  A repayment smaller than the unpaid interest leaves the rest unpaid (it earns
  no interest: simple interest).
- Repayments are applied in date order, same-date repayments in id order, so a
  backdated repayment changes the split of every later one.
- Only repayments on or before ``as_of`` count. After the last one, interest
  accrues to ``as_of`` (rounded half-up to the cent): ``outstanding_interest``.
  A statement as of a day before ``start_date`` shows the principal, no
  interest and no repayment.
- ``outstanding_after`` of a repayment is the principal left after it (the
  interest then unpaid, if any, is ``payoff_after - outstanding_after``).
- ``status``: ``closed`` when the payoff is 0 (or below: see the next point);
  ``overdue`` when ``as_of`` is after ``due_date`` and something is still owed;
  else ``open``.
- Rows written by the original application may hold what the services refuse
  (an overpayment, a repayment before the start, a negative amount). They are
  shown as they are: an overpayment takes the principal below zero (the
  counterparty is owed money back; nothing accrues on it), and the loan is
  closed. Nothing is corrected silently.

Arithmetic is on whole cents in Python integers, so it is exact at any size
(no Decimal context precision to outgrow) and fast: a receivable with 120
repayments is one query and a few hundred integer operations. Figures are
handed out as ``Decimal`` quantized to 0.01.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from finance.models import LoanGroup, LoanGroupLink, ReceivableManualEntry, ReceivableTracker

# rate (hundredths of a percent) x cents x days / RATE_DAYS_DIVISOR = cents of interest:
# percent (/100), the rate's two decimals (/100) and actual/365 (/365).
RATE_DAYS_DIVISOR = 100 * 100 * 365

STATUS_OPEN = "open"
STATUS_OVERDUE = "overdue"
STATUS_CLOSED = "closed"

__all__ = [
    "STATUS_CLOSED",
    "STATUS_OPEN",
    "STATUS_OVERDUE",
    "LoanGroupSummary",
    "ReceivableStatement",
    "RepaymentLine",
    "ScheduleStep",
    "loan_group_list",
    "loan_group_summary",
    "receivable_list",
    "receivable_schedule",
    "receivable_statement",
    "receivable_statements",
]


@dataclass(slots=True)
class RepaymentLine:
    """One counted repayment of a statement: how it splits, and the principal left after it."""

    id: int | None
    entry_date: datetime.date
    amount: Decimal
    interest_part: Decimal
    principal_part: Decimal
    outstanding_after: Decimal
    payoff_after: Decimal
    memo: str | None


@dataclass(slots=True)
class ReceivableStatement:
    """A receivable's figures as of ``as_of`` (the JSON of ``GET /finance/receivables/<id>``).

    ``interest_rate`` is the effective annual percentage: 0.00 for a NULL rate.
    ``interest_accrued`` is all interest accrued from the start to ``as_of``:
    ``interest_paid + outstanding_interest``.
    """

    id: int
    counterparty: str
    principal: Decimal
    interest_rate: Decimal
    start_date: datetime.date
    due_date: datetime.date | None
    as_of: datetime.date
    repaid: Decimal
    interest_accrued: Decimal
    interest_paid: Decimal
    principal_paid: Decimal
    outstanding_principal: Decimal
    outstanding_interest: Decimal
    payoff: Decimal
    status: str
    entries: list[RepaymentLine] = field(default_factory=list)


@dataclass(slots=True)
class LoanGroupSummary:
    """A loan group's sums over its distinct receivables as of ``as_of``.

    ``status``: ``overdue`` if any receivable is, else ``open`` if any is, else
    ``closed`` (an empty group is closed, with zero sums). ``receivables`` are
    the members' statements, each once, in id order.
    """

    id: int
    name: str
    description: str | None
    as_of: datetime.date
    principal: Decimal
    repaid: Decimal
    outstanding_principal: Decimal
    outstanding_interest: Decimal
    payoff: Decimal
    status: str
    tracker_ids: list[int] = field(default_factory=list)
    receivables: list[ReceivableStatement] = field(default_factory=list)


@dataclass(slots=True)
class ScheduleStep:
    """One repayment applied to the schedule (cents); ``payoff_before`` is the payoff on its date.

    The services refuse a repayment whose ``amount`` exceeds ``payoff_before``.
    """

    key: object
    entry_date: datetime.date
    amount: int
    interest_part: int
    principal_part: int
    outstanding_after: int
    unpaid_interest_after: int
    payoff_before: int
    memo: str | None


def to_cents(amount):
    """Whole cents of a Decimal amount (exact for the two-decimal money columns)."""
    return int(amount * 100)


CENT = Decimal("0.01")


def from_cents(cents):
    """A Decimal amount with two decimals (an exact product: 28 digits are far more than needed)."""
    return Decimal(cents) * CENT


def rate_hundredths(interest_rate):
    """The annual rate in hundredths of a percent; NULL is 0 %."""
    return 0 if interest_rate is None else to_cents(interest_rate)


def _interest(principal_cents, rate, days):
    """Simple interest in cents on ``principal_cents`` over ``days``, rounded half-up."""
    if principal_cents <= 0 or rate <= 0 or days <= 0:
        return 0
    whole, rest = divmod(principal_cents * rate * days, RATE_DAYS_DIVISOR)
    return whole + (1 if 2 * rest >= RATE_DAYS_DIVISOR else 0)


def receivable_schedule(*, principal_cents, rate, start_date, entries):
    """Apply ``entries`` (key, entry_date, amount_cents, memo), already in order, to a loan.

    Returns the steps and the state after the last one:
    ``(steps, outstanding_principal, unpaid_interest, last_event_date)``.
    Pure: the services check a change against it before writing.
    """
    outstanding = principal_cents
    unpaid = 0
    last = start_date
    steps = []
    for key, entry_date, amount, memo in entries:
        days = (entry_date - last).days
        if days > 0:
            unpaid += _interest(outstanding, rate, days)
            last = entry_date
        payoff_before = outstanding + unpaid
        # Interest first; never a negative part (legacy rows may hold negative amounts).
        interest_part = min(max(amount, 0), max(unpaid, 0))
        principal_part = amount - interest_part
        unpaid -= interest_part
        outstanding -= principal_part
        steps.append(
            ScheduleStep(
                key=key,
                entry_date=entry_date,
                amount=amount,
                interest_part=interest_part,
                principal_part=principal_part,
                outstanding_after=outstanding,
                unpaid_interest_after=unpaid,
                payoff_before=payoff_before,
                memo=memo,
            )
        )
    return steps, outstanding, unpaid, last


def status_for(*, payoff_cents, due_date, as_of):
    """``closed``, ``overdue`` or ``open`` (see the module docstring)."""
    if payoff_cents <= 0:
        return STATUS_CLOSED
    if due_date is not None and as_of > due_date:
        return STATUS_OVERDUE
    return STATUS_OPEN


def _statement(tracker, rows, as_of):
    """The statement of ``tracker`` from its entry rows (id, date, amount, memo) in order."""
    counted = [
        (entry_id, entry_date, to_cents(amount), memo)
        for entry_id, entry_date, amount, memo in rows
        if entry_date <= as_of
    ]
    principal = to_cents(tracker.principal)
    rate = rate_hundredths(tracker.interest_rate)
    steps, outstanding, unpaid, last = receivable_schedule(
        principal_cents=principal, rate=rate, start_date=tracker.start_date, entries=counted
    )
    outstanding_interest = unpaid + _interest(outstanding, rate, (as_of - last).days)
    interest_paid = sum(step.interest_part for step in steps)
    principal_paid = sum(step.principal_part for step in steps)
    payoff = outstanding + outstanding_interest
    return ReceivableStatement(
        id=tracker.pk,
        counterparty=tracker.counterparty,
        principal=from_cents(principal),
        interest_rate=from_cents(rate),
        start_date=tracker.start_date,
        due_date=tracker.due_date,
        as_of=as_of,
        repaid=from_cents(interest_paid + principal_paid),
        interest_accrued=from_cents(interest_paid + outstanding_interest),
        interest_paid=from_cents(interest_paid),
        principal_paid=from_cents(principal_paid),
        outstanding_principal=from_cents(outstanding),
        outstanding_interest=from_cents(outstanding_interest),
        payoff=from_cents(payoff),
        status=status_for(payoff_cents=payoff, due_date=tracker.due_date, as_of=as_of),
        entries=[
            RepaymentLine(
                id=step.key,
                entry_date=step.entry_date,
                amount=from_cents(step.amount),
                interest_part=from_cents(step.interest_part),
                principal_part=from_cents(step.principal_part),
                outstanding_after=from_cents(step.outstanding_after),
                payoff_after=from_cents(step.outstanding_after + step.unpaid_interest_after),
                memo=step.memo,
            )
            for step in steps
        ],
    )


def _as_of(as_of):
    """``as_of`` as a date (a date or an ISO string; None is today); ValidationError naming it."""
    if as_of is None:
        return timezone.localdate()
    if isinstance(as_of, str):
        try:
            return datetime.date.fromisoformat(as_of.strip())
        except ValueError:
            pass
    elif isinstance(as_of, datetime.date) and not isinstance(as_of, datetime.datetime):
        return as_of
    raise ValidationError({"as_of": [f"The date {as_of!r} is not a date (YYYY-MM-DD)."]})


def _own_tracker(user, tracker):
    """``user``'s tracker given as a row or an id; another user's is as missing as none."""
    if isinstance(tracker, ReceivableTracker):
        if tracker.user_id is None or tracker.user_id != getattr(user, "pk", None):
            raise ReceivableTracker.DoesNotExist("No such receivable.")
        return tracker
    return ReceivableTracker.objects.for_user(user).get(pk=tracker)


def _entry_rows(tracker_ids):
    """Entry rows per tracker id, each list in statement order: one query."""
    rows = {tracker_id: [] for tracker_id in tracker_ids}
    if not rows:
        return rows
    query = (
        ReceivableManualEntry.objects.filter(tracker_id__in=rows)
        .order_by("tracker_id", "entry_date", "id")
        .values_list("tracker_id", "id", "entry_date", "amount", "memo")
    )
    for tracker_id, *row in query:
        rows[tracker_id].append(row)
    return rows


def receivable_statement(*, user, tracker, as_of=None):
    """The statement of one of ``user``'s receivables as of ``as_of`` (default: today).

    ``as_of`` is a date or an ISO string; anything else raises ValidationError
    on ``as_of``.
    ``tracker`` is the row or its id; another user's, or a missing one, raises
    ``ReceivableTracker.DoesNotExist``. One query for the repayments (two when
    given an id).
    """
    as_of = _as_of(as_of)
    tracker = _own_tracker(user, tracker)
    rows = (
        ReceivableManualEntry.objects.filter(tracker_id=tracker.pk)
        .order_by("entry_date", "id")
        .values_list("id", "entry_date", "amount", "memo")
    )
    return _statement(tracker, list(rows), as_of)


def receivable_statements(trackers, *, as_of=None):
    """Statements of the given tracker rows keyed by id, from one query of repayments.

    No ownership check: for callers that already hold rows scoped to a user
    (the loan groups, the admin's changelist).
    """
    as_of = _as_of(as_of)
    trackers = list(trackers)
    rows = _entry_rows([tracker.pk for tracker in trackers])
    return {tracker.pk: _statement(tracker, rows[tracker.pk], as_of) for tracker in trackers}


def receivable_list(*, user, as_of=None):
    """Statements of all of ``user``'s receivables, in id order: two queries."""
    trackers = ReceivableTracker.objects.for_user(user).order_by("id")
    return list(receivable_statements(trackers, as_of=as_of).values())


def _own_group(user, group):
    if isinstance(group, LoanGroup):
        if group.user_id is None or group.user_id != getattr(user, "pk", None):
            raise LoanGroup.DoesNotExist("No such loan group.")
        return group
    return LoanGroup.objects.for_user(user).get(pk=group)


def _summary(group, statements, as_of):
    """Sums of ``statements`` (each receivable once) for ``group``."""

    def total(name):
        return sum((getattr(statement, name) for statement in statements), Decimal("0.00"))

    statuses = {statement.status for statement in statements}
    if STATUS_OVERDUE in statuses:
        status = STATUS_OVERDUE
    elif STATUS_OPEN in statuses:
        status = STATUS_OPEN
    else:
        status = STATUS_CLOSED
    return LoanGroupSummary(
        id=group.pk,
        name=group.name,
        description=group.description,
        as_of=as_of,
        principal=total("principal"),
        repaid=total("repaid"),
        outstanding_principal=total("outstanding_principal"),
        outstanding_interest=total("outstanding_interest"),
        payoff=total("payoff"),
        status=status,
        tracker_ids=[statement.id for statement in statements],
        receivables=list(statements),
    )


def loan_group_summary(*, user, group, as_of=None):
    """The sums of one of ``user``'s loan groups over its distinct receivables as of ``as_of``.

    ``group`` is the row or its id; another user's, or a missing one, raises
    ``LoanGroup.DoesNotExist``. A receivable linked twice (the original
    application allows duplicate links) counts once. Two queries: the member
    trackers, then all their repayments.
    """
    as_of = _as_of(as_of)
    group = _own_group(user, group)
    trackers = (
        ReceivableTracker.objects.for_user(user)
        .filter(pk__in=LoanGroupLink.objects.filter(group_id=group.pk).values("tracker_id"))
        .order_by("id")
    )
    statements = receivable_statements(trackers, as_of=as_of)
    return _summary(group, list(statements.values()), as_of)


def loan_group_list(*, user, as_of=None):
    """Summaries of all of ``user``'s loan groups, in name order: four queries."""
    as_of = _as_of(as_of)
    groups = list(LoanGroup.objects.for_user(user).order_by("name", "id"))
    members = {group.pk: [] for group in groups}
    for group_id, tracker_id in (
        LoanGroupLink.objects.filter(group_id__in=members)
        .order_by("tracker_id")
        .values_list("group_id", "tracker_id")
    ):
        if tracker_id not in members[group_id]:
            members[group_id].append(tracker_id)
    wanted = {tracker_id for ids in members.values() for tracker_id in ids}
    trackers = ReceivableTracker.objects.for_user(user).filter(pk__in=wanted).order_by("id")
    statements = receivable_statements(trackers, as_of=as_of)
    return [
        _summary(
            group,
            [statements[tid] for tid in members[group.pk] if tid in statements],
            as_of,
        )
        for group in groups
    ]
