"""Writes of receivables (money lent, with interest), their repayments, and loan groups.

Every service takes keyword-only arguments, ``user`` first, checks its input
and raises ``ReceivableValidationError`` (or ``LoanGroupValidationError``), a
Django ``ValidationError`` whose ``message_dict`` maps each offending field to
its messages, before writing anything. A row of another user, given as a row or
an id, is as missing as a row that does not exist (``DoesNotExist``). Writes
are atomic: on refusal nothing is written.

Repayments are checked against the statement the selectors compute
(``finance.selectors.receivables``): a repayment may not exceed the payoff on
its date, and a change (a backdated repayment, new terms) may not make a later
existing repayment exceed its payoff. The tracker row is locked
(``select_for_update``) while checking and writing, so two concurrent
repayments cannot together overpay.

The legacy ``status`` column (``open|closed``) is kept in step by every write:
``closed`` when the last repayment brought the payoff to 0 as of its date
(interest then stops: nothing is outstanding), ``open`` otherwise. The computed
status with ``overdue``, as of any date, is the selectors'.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from finance.models import (
    LoanGroup,
    LoanGroupLink,
    ReceivableManualEntry,
    ReceivableStatus,
    ReceivableTracker,
)
from finance.selectors.receivables import (
    from_cents,
    rate_hundredths,
    receivable_schedule,
    to_cents,
)
from finance.services.ledger import AMOUNT_LIMIT, CENT, MEMO_MAX_LENGTH

__all__ = [
    "LOAN_GROUP_UPDATABLE_FIELDS",
    "RECEIVABLE_UPDATABLE_FIELDS",
    "REPAYMENT_UPDATABLE_FIELDS",
    "LoanGroupValidationError",
    "Overpayment",
    "ReceivableOverpaymentError",
    "ReceivableValidationError",
    "loan_group_create",
    "loan_group_delete",
    "loan_group_update",
    "overpayment_error",
    "receivable_create",
    "receivable_delete",
    "receivable_errors",
    "receivable_new_overpayments",
    "receivable_repayment_create",
    "receivable_repayment_delete",
    "receivable_repayment_update",
    "receivable_update",
]

COUNTERPARTY_MAX_LENGTH = ReceivableTracker._meta.get_field("counterparty").max_length
GROUP_NAME_MAX_LENGTH = LoanGroup._meta.get_field("name").max_length
# interest_rate is numeric(5,2): 999.99 at most.
RATE_LIMIT = Decimal("1000")
# Ids outside the 32-bit key's range exist no more than "abc" does.
ID_MAX = 2**31 - 1
# An application limit on the group's text description, as on memos.
DESCRIPTION_MAX_LENGTH = MEMO_MAX_LENGTH
# A group lists at most this many receivables per request: one query checks them all.
TRACKER_IDS_MAX = 10_000

RECEIVABLE_UPDATABLE_FIELDS = (
    "counterparty",
    "principal",
    "start_date",
    "due_date",
    "interest_rate",
)
REPAYMENT_UPDATABLE_FIELDS = ("entry_date", "amount", "memo")
LOAN_GROUP_UPDATABLE_FIELDS = ("name", "description", "tracker_ids")


class ReceivableValidationError(ValidationError):
    """Bad receivable or repayment input; ``message_dict`` maps each field to its messages."""


class ReceivableOverpaymentError(ReceivableValidationError):
    """A repayment that would exceed the payoff on its date (the field is ``amount``).

    ``entry_date``, ``amount`` and ``payoff`` (Decimals) describe the repayment
    that would be overpaid: the one given, or a later one that a backdated
    repayment or new terms would overpay.
    """

    def __init__(self, message, *, field="amount", entry_date, amount, payoff):
        super().__init__({field: [message]})
        self.entry_date = entry_date
        self.amount = amount
        self.payoff = payoff


class LoanGroupValidationError(ValidationError):
    """Bad loan group input; ``message_dict`` maps each field to its messages."""


# Parsing ----------------------------------------------------------------------


def _decimal(value, *, label):
    """``value`` as a finite Decimal, or (None, message)."""
    if isinstance(value, bool | float):
        # Floats cannot say "two decimal places" exactly; ask for strings.
        return None, f'Give the {label} as a string or decimal, e.g. "12.50".'
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return None, f"The {label} {value!r} is not a number."
    if not isinstance(value, Decimal) or not value.is_finite():
        return None, f"The {label} {value!r} is not a number."
    return value, None


def _money(value, *, label):
    """A positive amount with at most two decimals that numeric(18,2) holds, or (None, message)."""
    if value is None or value == "":
        return None, f"Give the {label}."
    amount, error = _decimal(value, label=label)
    if error:
        return None, error
    if amount <= 0:
        return None, f"The {label} must be positive (got {amount})."
    # Before quantize, which cannot give 1e26 two decimal places (28 digits at most).
    if amount >= AMOUNT_LIMIT:
        # numeric(18,2), the money columns' type, holds less than 10^16.
        return None, f"The {label} {amount} is too large (below {AMOUNT_LIMIT:,.0f})."
    if amount != amount.quantize(CENT):
        return None, f"The {label} {amount} has more than two decimal places."
    return amount.quantize(CENT), None


def _rate(value):
    """An annual percentage in 0..999.99 with at most two decimals (None: no interest)."""
    if value is None or value == "":
        return None, None
    rate, error = _decimal(value, label="interest rate")
    if error:
        return None, error
    if rate < 0 or rate >= RATE_LIMIT:
        return None, f"The interest rate {rate} is outside 0 to 999.99 (an annual percentage)."
    if rate != rate.quantize(CENT):
        return None, f"The interest rate {rate} has more than two decimal places."
    return rate.quantize(CENT), None


def _date(value, *, label, required=True):
    """A date (or an ISO YYYY-MM-DD string), or (None, message)."""
    if value is None or value == "":
        return None, (f"Give the {label} (YYYY-MM-DD)." if required else None)
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()), None
        except ValueError:
            return None, f"The {label} {value!r} is not a date (YYYY-MM-DD)."
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        return None, f"Give the {label} as a date (YYYY-MM-DD)."
    return value, None


def _text(value, *, label, max_length, required):
    """Stripped text, None when blank and optional, or (None, message)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        return None, f"Give the {label} as text."
    value = value.strip()
    if not value:
        return None, (f"Enter the {label}." if required else None)
    if len(value) > max_length:
        return None, f"Use at most {max_length} characters for the {label} (it has {len(value)})."
    return value, None


def _parse(checks):
    """Run ``{field: (parser, value, kwargs)}``; return the values or raise one error for all."""
    values, errors = {}, {}
    for name, (parser, value, kwargs) in checks.items():
        parsed, error = parser(value, **kwargs)
        if error:
            errors[name] = [error]
        values[name] = parsed
    return values, errors


def _refuse_unknown(fields, allowed, error_class):
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise error_class({name: ["This field cannot be changed."] for name in unknown})


def _check_dates(terms, errors):
    if (
        "due_date" not in errors
        and "start_date" not in errors
        and terms.get("due_date") is not None
        and terms.get("start_date") is not None
        and terms["due_date"] < terms["start_date"]
    ):
        errors["due_date"] = [
            f"The due date {terms['due_date']} is before the start date {terms['start_date']}."
        ]


def receivable_errors(*, counterparty, principal, start_date, due_date=None, interest_rate=None):
    """The parsed terms of a receivable and the errors per field (a dict, empty when valid).

    For forms that show errors before saving; the services raise them.
    """
    terms, errors = _parse(
        {
            "counterparty": (
                _text,
                counterparty,
                {"label": "counterparty", "max_length": COUNTERPARTY_MAX_LENGTH, "required": True},
            ),
            "principal": (_money, principal, {"label": "principal"}),
            "start_date": (_date, start_date, {"label": "start date"}),
            "due_date": (_date, due_date, {"label": "due date", "required": False}),
            "interest_rate": (_rate, interest_rate, {}),
        }
    )
    _check_dates(terms, errors)
    return terms, errors


# Ownership and locking ---------------------------------------------------------


def _owned(model, user, value, *, lock=False, label):
    """``user``'s row of ``model`` given as a row or an id, optionally locked and re-read.

    Another user's row, or a missing one, raises ``model.DoesNotExist``.
    """
    user_id = getattr(user, "pk", None)
    if isinstance(value, model):
        if value.user_id is None or value.user_id != user_id:
            raise model.DoesNotExist(f"No such {label}.")
        if not lock:
            return value
        value = value.pk
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ID_MAX:
        raise model.DoesNotExist(f"No such {label}.")
    queryset = model.objects.for_user(user)
    if lock:
        # Serializes writers of one receivable (a no-op on SQLite, which has one writer).
        queryset = queryset.select_for_update()
    return queryset.get(pk=value)


def _entry_items(tracker_id):
    """The tracker's repayments as schedule items (key = id), in date then id order."""
    return [
        (entry_id, entry_date, to_cents(amount), memo)
        for entry_id, entry_date, amount, memo in ReceivableManualEntry.objects.filter(
            tracker_id=tracker_id
        )
        .order_by("entry_date", "id")
        .values_list("id", "entry_date", "amount", "memo")
    ]


# A repayment not written yet sorts after every existing one of its date (it
# will get the next id).
NEW = float("inf")


def _ordered(items):
    return sorted(items, key=lambda item: (item[1], item[0]))


def _overpaid(*, tracker_terms, items):
    """The steps whose amount exceeds the payoff on their date, keyed by entry key."""
    steps, *_ = receivable_schedule(
        principal_cents=to_cents(tracker_terms["principal"]),
        rate=rate_hundredths(tracker_terms["interest_rate"]),
        start_date=tracker_terms["start_date"],
        entries=_ordered(items),
    )
    return {step.key: step for step in steps if step.amount > step.payoff_before}


def _terms(tracker):
    return {
        "principal": tracker.principal,
        "interest_rate": tracker.interest_rate,
        "start_date": tracker.start_date,
    }


@dataclass(frozen=True)
class Overpayment:
    """A repayment (``key``: its id, or the caller's key for a new one) above its payoff."""

    key: object
    entry_date: datetime.date
    amount: Decimal
    payoff: Decimal


def _new_overpayments(*, before, after):
    """Repayments overpaid ``after`` a change that were not ``before`` it, in date order.

    Repayments already overpaid (rows of the original application, which did not
    check) stay as they are and do not block other changes.
    """
    new = sorted(
        (step for key, step in after.items() if key not in before),
        key=lambda step: (step.entry_date, step.key),
    )
    return [
        Overpayment(
            key=step.key,
            entry_date=step.entry_date,
            amount=from_cents(step.amount),
            payoff=from_cents(max(step.payoff_before, 0)),
        )
        for step in new
    ]


def overpayment_error(overpayment, *, own, field="amount"):
    """The ReceivableOverpaymentError of ``overpayment``: ``own`` when it is the one being written.

    Otherwise it is a later repayment that the change would overpay.
    """
    amount, payoff, on = overpayment.amount, overpayment.payoff, overpayment.entry_date
    if own:
        message = f"Repayment of {amount} exceeds the payoff of {payoff} on {on}."
    else:
        message = (
            f"The later repayment of {amount} on {on} would then exceed "
            f"the payoff of {payoff} on its date."
        )
    return ReceivableOverpaymentError(
        message, field=field, entry_date=on, amount=amount, payoff=payoff
    )


def receivable_new_overpayments(*, tracker, repayments, terms=None):
    """The repayments a change would overpay, in date order; empty when the change is allowed.

    ``repayments`` is the whole list after the change, as (key, entry_date,
    amount, memo) with Decimal amounts: key is the entry's id, or for a new one
    any int above every id (same-date repayments apply in key order).
    ``terms`` (``principal``, ``interest_rate``, ``start_date``) default to the
    tracker's. For forms that show errors before saving: it does not lock, the
    services check again under the tracker's lock. Two queries.
    """
    items = [(key, on, to_cents(amount), memo) for key, on, amount, memo in repayments]
    after = _overpaid(tracker_terms=terms or _terms(tracker), items=items)
    # Compared with what is stored: a form's instance may already hold the new terms.
    stored = ReceivableTracker.objects.filter(pk=tracker.pk).first() if tracker.pk else None
    if stored is None:
        return _new_overpayments(before={}, after=after)
    before = _overpaid(tracker_terms=_terms(stored), items=_entry_items(stored.pk))
    return _new_overpayments(before=before, after=after)


def _refuse_new_overpayments(*, before, after, changed_key, field="amount"):
    """Raise for the changed repayment if it is overpaid, else for the first later one."""
    new = _new_overpayments(before=before, after=after)
    if not new:
        return
    own = next((overpayment for overpayment in new if overpayment.key == changed_key), None)
    raise overpayment_error(own or new[0], own=own is not None, field=field)


def _sync_status(tracker):
    """Set the legacy ``status`` column: closed when the last repayment left nothing owed."""
    items = _entry_items(tracker.pk)
    steps, outstanding, unpaid, _ = receivable_schedule(
        principal_cents=to_cents(tracker.principal),
        rate=rate_hundredths(tracker.interest_rate),
        start_date=tracker.start_date,
        entries=items,
    )
    closed = bool(steps) and outstanding + unpaid <= 0
    status = ReceivableStatus.CLOSED if closed else ReceivableStatus.OPEN
    if tracker.status != status:
        tracker.status = status
        tracker.save(update_fields=["status"])


# Receivables -------------------------------------------------------------------


def receivable_create(
    *, user, counterparty, principal, start_date, due_date=None, interest_rate=None
):
    """Record money lent to ``counterparty``; returns the new ``ReceivableTracker`` (open).

    ``principal``: positive, at most two decimals, below 10^16 (numeric(18,2));
    ``interest_rate``: an annual percentage 0..999.99 with at most two decimals,
    None for no interest; ``due_date``: None or not before ``start_date``.
    Amounts are strings, ints or Decimals (never floats); dates are dates or
    ISO strings. Raises ReceivableValidationError naming each bad field.
    """
    terms, errors = receivable_errors(
        counterparty=counterparty,
        principal=principal,
        start_date=start_date,
        due_date=due_date,
        interest_rate=interest_rate,
    )
    if errors:
        raise ReceivableValidationError(errors)
    with transaction.atomic():
        return ReceivableTracker.objects.create(user=user, status=ReceivableStatus.OPEN, **terms)


def receivable_update(*, user, tracker, **fields):
    """Change some of a receivable's terms (``RECEIVABLE_UPDATABLE_FIELDS``); returns it.

    ``tracker`` is one of ``user``'s trackers (row or id). The create rules
    apply to the resulting terms, and the repayments already recorded must
    still fit: none before ``start_date`` (field ``start_date``), none newly
    exceeding its payoff under the new terms (ReceivableOverpaymentError, on the
    first changed field of principal, interest_rate, start_date). The legacy
    status follows. Raises ReceivableValidationError, or DoesNotExist.
    """
    _refuse_unknown(fields, RECEIVABLE_UPDATABLE_FIELDS, ReceivableValidationError)
    tracker = _owned(ReceivableTracker, user, tracker, label="receivable")
    with transaction.atomic():
        tracker = _owned(ReceivableTracker, user, tracker, lock=True, label="receivable")
        current = {name: getattr(tracker, name) for name in RECEIVABLE_UPDATABLE_FIELDS}
        terms, errors = receivable_errors(**{**current, **fields})
        if errors:
            raise ReceivableValidationError(errors)
        items = _entry_items(tracker.pk)
        first = items[0][1] if items else None
        # Only a change is checked: legacy rows before an unchanged start stay as they are.
        if (
            first is not None
            and terms["start_date"] != current["start_date"]
            and terms["start_date"] > first
        ):
            raise ReceivableValidationError(
                {
                    "start_date": [
                        f"The first repayment is on {first}: the start date cannot be after it."
                    ]
                }
            )
        changed_terms = [
            name
            for name in ("principal", "interest_rate", "start_date")
            if terms[name] != current[name]
        ]
        if changed_terms:
            _refuse_new_overpayments(
                before=_overpaid(tracker_terms=_terms(tracker), items=items),
                after=_overpaid(tracker_terms=terms, items=items),
                changed_key=None,
                field=changed_terms[0],
            )
        changed = [name for name in RECEIVABLE_UPDATABLE_FIELDS if terms[name] != current[name]]
        for name in changed:
            setattr(tracker, name, terms[name])
        if changed:
            tracker.save(update_fields=changed)
        _sync_status(tracker)
    return tracker


def receivable_delete(*, user, tracker):
    """Delete one of ``user``'s receivables with its repayments and its loan-group links.

    The groups themselves stay. Raises DoesNotExist for another user's or a missing one.
    """
    tracker = _owned(ReceivableTracker, user, tracker, label="receivable")
    with transaction.atomic():
        tracker.delete()


# Repayments --------------------------------------------------------------------


def _repayment_values(*, entry_date, amount, memo):
    values, errors = _parse(
        {
            "entry_date": (_date, entry_date, {"label": "entry date"}),
            "amount": (_money, amount, {"label": "amount"}),
            "memo": (
                _text,
                memo,
                {"label": "memo", "max_length": MEMO_MAX_LENGTH, "required": False},
            ),
        }
    )
    return values, errors


def _check_repayment(*, tracker, items, key, values, errors, old_date=None):
    """Refuse a repayment (``key``'s values in ``items``) before the start or overpaying.

    The date is checked when it is new or changed: a legacy row dated before the
    start can still have its memo corrected.
    """
    if (
        "entry_date" not in errors
        and values["entry_date"] != old_date
        and values["entry_date"] < tracker.start_date
    ):
        errors["entry_date"] = [
            f"The repayment date {values['entry_date']} is before the start date "
            f"{tracker.start_date}."
        ]
    if errors:
        raise ReceivableValidationError(errors)
    changed = [
        (key, values["entry_date"], to_cents(values["amount"]), values["memo"])
        if item_key == key
        else (item_key, *rest)
        for item_key, *rest in items
    ]
    if key is NEW:
        changed.append((NEW, values["entry_date"], to_cents(values["amount"]), values["memo"]))
    _refuse_new_overpayments(
        before=_overpaid(tracker_terms=_terms(tracker), items=items),
        after=_overpaid(tracker_terms=_terms(tracker), items=changed),
        changed_key=key,
    )


def receivable_repayment_create(*, user, tracker, entry_date, amount, memo=None):
    """Record a repayment of one of ``user``'s receivables; returns the new entry.

    ``amount``: positive, at most two decimals; ``entry_date``: not before the
    receivable's ``start_date`` (it may be backdated between existing
    repayments). Refused with ReceivableOverpaymentError when the amount exceeds
    the payoff on ``entry_date`` ("Repayment of 600.00 exceeds the payoff of
    512.34 on 2025-03-01.") or when it would make a later repayment exceed its
    payoff. Raises ReceivableValidationError for bad input, DoesNotExist for
    another user's or a missing tracker. Nothing is written on refusal.
    """
    tracker = _owned(ReceivableTracker, user, tracker, label="receivable")
    values, errors = _repayment_values(entry_date=entry_date, amount=amount, memo=memo)
    with transaction.atomic():
        tracker = _owned(ReceivableTracker, user, tracker, lock=True, label="receivable")
        items = _entry_items(tracker.pk)
        _check_repayment(tracker=tracker, items=items, key=NEW, values=values, errors=errors)
        entry = ReceivableManualEntry.objects.create(user=user, tracker=tracker, **values)
        _sync_status(tracker)
    return entry


def receivable_repayment_update(*, user, entry, **fields):
    """Change a repayment (``REPAYMENT_UPDATABLE_FIELDS``) under the create rules; returns it.

    ``entry`` is one of ``user``'s repayments (row or id). Raises
    ReceivableValidationError (ReceivableOverpaymentError), or DoesNotExist.
    """
    _refuse_unknown(fields, REPAYMENT_UPDATABLE_FIELDS, ReceivableValidationError)
    entry = _owned(ReceivableManualEntry, user, entry, label="repayment")
    with transaction.atomic():
        tracker = _owned(ReceivableTracker, user, entry.tracker_id, lock=True, label="receivable")
        entry = ReceivableManualEntry.objects.get(pk=entry.pk)
        current = {name: getattr(entry, name) for name in REPAYMENT_UPDATABLE_FIELDS}
        values, errors = _repayment_values(**{**current, **fields})
        items = _entry_items(tracker.pk)
        _check_repayment(
            tracker=tracker,
            items=items,
            key=entry.pk,
            values=values,
            errors=errors,
            old_date=current["entry_date"],
        )
        changed = [name for name in REPAYMENT_UPDATABLE_FIELDS if values[name] != current[name]]
        for name in changed:
            setattr(entry, name, values[name])
        if changed:
            entry.save(update_fields=changed)
        _sync_status(tracker)
    return entry


def receivable_repayment_delete(*, user, entry):
    """Delete one of ``user``'s repayments; the receivable reopens if it was closed.

    Removing a repayment only raises what later repayments may pay, so it is
    never refused. Raises DoesNotExist for another user's or a missing one.
    """
    entry = _owned(ReceivableManualEntry, user, entry, label="repayment")
    with transaction.atomic():
        tracker = _owned(ReceivableTracker, user, entry.tracker_id, lock=True, label="receivable")
        ReceivableManualEntry.objects.filter(pk=entry.pk).delete()
        _sync_status(tracker)


# Loan groups -------------------------------------------------------------------


def _tracker_ids(user, value):
    """Distinct tracker ids, in the order given, all ``user``'s; or (None, message).

    Another user's id gets the message of a missing one.
    """
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple | set | frozenset):
        return None, "Give the receivable ids as a list."
    if len(value) > TRACKER_IDS_MAX:
        return None, f"Give at most {TRACKER_IDS_MAX:,} receivable ids."
    ids = []
    for item in value:
        if isinstance(item, ReceivableTracker):
            item = item.pk
        if isinstance(item, bool) or not isinstance(item, int):
            return None, f"Receivable id {item!r} is not a whole number."
        if item not in ids:
            ids.append(item)
    in_range = [item for item in ids if 1 <= item <= ID_MAX]
    owned = set(
        ReceivableTracker.objects.for_user(user)
        .filter(pk__in=in_range)
        .values_list("pk", flat=True)
    )
    missing = [item for item in ids if item not in owned]
    if missing:
        shown = ", ".join(str(item) for item in missing)
        noun = "Receivable" if len(missing) == 1 else "Receivables"
        verb = "does" if len(missing) == 1 else "do"
        return None, f"{noun} {shown} {verb} not exist."
    return ids, None


def _group_values(user, fields):
    checks = {}
    if "name" in fields:
        checks["name"] = (
            _text,
            fields["name"],
            {"label": "name", "max_length": GROUP_NAME_MAX_LENGTH, "required": True},
        )
    if "description" in fields:
        checks["description"] = (
            _text,
            fields["description"],
            {"label": "description", "max_length": DESCRIPTION_MAX_LENGTH, "required": False},
        )
    values, errors = _parse(checks)
    if "tracker_ids" in fields and fields["tracker_ids"] is not None:
        values["tracker_ids"], error = _tracker_ids(user, fields["tracker_ids"])
        if error:
            errors["tracker_ids"] = [error]
    if errors:
        raise LoanGroupValidationError(errors)
    return values


def _set_members(user, group, tracker_ids):
    """Make the group's links exactly ``tracker_ids``, one each (legacy duplicates go too)."""
    LoanGroupLink.objects.filter(group=group).delete()
    LoanGroupLink.objects.bulk_create(
        LoanGroupLink(user=user, group=group, tracker_id=tracker_id) for tracker_id in tracker_ids
    )


def loan_group_create(*, user, name, description=None, tracker_ids=()):
    """Create a loan group of some of ``user``'s receivables; returns the ``LoanGroup``.

    ``name``: required, at most 128 characters; ``description``: optional text;
    ``tracker_ids``: ids of ``user``'s receivables (each linked once; an id of
    another user's receivable is "does not exist", as a missing one). Raises
    LoanGroupValidationError naming each bad field (``tracker_ids`` for ids).
    """
    values = _group_values(
        user, {"name": name, "description": description, "tracker_ids": tracker_ids}
    )
    with transaction.atomic():
        group = LoanGroup.objects.create(
            user=user, name=values["name"], description=values["description"]
        )
        _set_members(user, group, values.get("tracker_ids") or [])
    return group


def loan_group_update(*, user, group, **fields):
    """Change some of a loan group's fields (``LOAN_GROUP_UPDATABLE_FIELDS``); returns it.

    ``tracker_ids``, when given (not None), replaces the membership. Raises
    LoanGroupValidationError naming each bad field, DoesNotExist for another
    user's or a missing group.
    """
    _refuse_unknown(fields, LOAN_GROUP_UPDATABLE_FIELDS, LoanGroupValidationError)
    group = _owned(LoanGroup, user, group, label="loan group")
    values = _group_values(user, fields)
    with transaction.atomic():
        changed = [name for name in ("name", "description") if name in values]
        for name in changed:
            setattr(group, name, values[name])
        if changed:
            group.save(update_fields=changed)
        if values.get("tracker_ids") is not None:
            _set_members(user, group, values["tracker_ids"])
    return group


def loan_group_delete(*, user, group):
    """Delete one of ``user``'s loan groups and its links; the receivables stay."""
    group = _owned(LoanGroup, user, group, label="loan group")
    with transaction.atomic():
        group.delete()
