"""The finance JSON API: thin endpoints over finance.services and finance.selectors.

Mounted at ``/finance/`` by ``lifeos.api.autodiscover``; the conventions (auth,
CSRF, errors, money as decimal strings) are ``lifeos.api``'s.
"""

import datetime
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import Query, Router, Schema
from pydantic import WithJsonSchema

from finance import selectors, services
from finance.models import Account, AccountType, JournalEntry
from lifeos.api import (
    BadRequest,
    DateTimeText,
    Id,
    Money,
    OptionalText,
    Text,
    error_response,
    json_response,
)

router = Router(tags=["finance: ledger"])


# Schemas -------------------------------------------------------------------------


class AccountOut(Schema):
    id: int
    name: str
    account_type: str
    account_subtype: str | None


class AccountDetailOut(AccountOut):
    is_active: bool


class AccountSearchOut(Schema):
    results: list[AccountOut]


class AccountInlineIn(Schema):
    name: Text = None
    account_type: Text = None
    account_subtype: OptionalText = None


class AccountExistsOut(Schema):
    error: str
    account: AccountOut


class ErrorOut(Schema):
    error: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class SubtypesOut(Schema):
    account_type: str
    subtypes: list[str]


class JournalLineIn(Schema):
    account_id: Id
    debit: Money = None
    credit: Money = None
    memo: OptionalText = None


# The service checks lines one by one and names the failing line (400 ``{"error",
# "line"}``), so the lines are documented here and validated there.
JournalLines = Annotated[
    Any,
    WithJsonSchema({"type": "array", "minItems": 2, "items": JournalLineIn.model_json_schema()}),
]


class JournalEntryIn(Schema):
    posted_at: DateTimeText = None
    description: OptionalText = ""
    reference: OptionalText = None
    lines: JournalLines = None


class JournalLineOut(Schema):
    id: int
    account_id: int
    debit: str
    credit: str
    memo: str


class JournalEntryOut(Schema):
    id: int
    posted_at: datetime.datetime
    description: str
    reference: str | None
    lines: list[JournalLineOut]


class LineErrorOut(Schema):
    error: str
    line: int | None


# Serialization -------------------------------------------------------------------


def account_json(account):
    """The fields a front end needs to show and select an account."""
    if isinstance(account, dict):
        return {field: account[field] for field in selectors.SEARCH_FIELDS}
    return {field: getattr(account, field) for field in selectors.SEARCH_FIELDS}


def journal_entry_json(entry):
    """A journal entry with its lines, in posting order."""
    lines = list(entry.lines.order_by("id"))
    return {
        "id": entry.pk,
        "posted_at": entry.posted_at,
        "description": entry.description or "",
        "reference": entry.reference,
        "lines": [
            {
                "id": line.pk,
                "account_id": line.account_id,
                "debit": line.debit,
                "credit": line.credit,
                "memo": line.memo or "",
            }
            for line in lines
        ],
    }


def totals_json(totals):
    return {"debit": totals.debit, "credit": totals.credit, "balance": totals.balance}


def trial_balance_group_json(group):
    payload = {"account_type": group.account_type}
    if group.groups:
        payload["subtypes"] = [
            {
                "account_subtype": sub.account_subtype,
                "accounts": [trial_balance_row_json(row) for row in sub.rows],
                "totals": totals_json(sub.totals),
            }
            for sub in group.groups
        ]
    else:
        payload["accounts"] = [trial_balance_row_json(row) for row in group.rows]
    payload["totals"] = totals_json(group.totals)
    return payload


def trial_balance_row_json(row):
    return {
        "id": row.id,
        "name": row.name,
        "account_type": row.account_type,
        "account_subtype": row.account_subtype,
        "is_active": row.is_active,
        **totals_json(row.totals),
        "normal_balance": row.normal_balance,
        "balance_on_normal_side": row.balance_on_normal_side,
    }


PERIOD_FIGURES = ("opening", "debit", "credit", "closing")


def period_row_json(row):
    return {
        "id": row.id,
        "name": row.name,
        "account_type": row.account_type,
        "account_subtype": row.account_subtype,
        "is_active": row.is_active,
        "normal_balance": row.normal_balance,
        **{figure: getattr(row, figure) for figure in PERIOD_FIGURES},
        "opening_on_normal_side": row.opening_on_normal_side,
        "closing_on_normal_side": row.closing_on_normal_side,
    }


def period_group_json(group):
    payload = {"account_type": group.account_type, "normal_balance": group.normal_balance}
    if group.groups:
        payload["subtypes"] = [
            {
                "account_subtype": sub.account_subtype,
                "accounts": [period_row_json(row) for row in sub.rows],
                "totals": {figure: getattr(sub.totals, figure) for figure in PERIOD_FIGURES},
            }
            for sub in group.groups
        ]
    else:
        payload["accounts"] = [period_row_json(row) for row in group.rows]
    payload["totals"] = {figure: getattr(group.totals, figure) for figure in PERIOD_FIGURES}
    payload["closing_on_normal_side"] = group.closing_on_normal_side
    return payload


def period_trial_balance_json(result):
    return {
        "from": result.date_from,
        "to": result.date_to,
        "group_by_subtype": result.group_by_subtype,
        "include_zero_balances": result.include_zero_balances,
        "groups": [period_group_json(group) for group in result.groups],
        "totals": {figure: getattr(result.totals, figure) for figure in PERIOD_FIGURES},
    }


def monthly_trial_balance_json(result):
    return {
        "year": result.year,
        "types": [
            {
                "account_type": row.account_type,
                "normal_balance": row.normal_balance,
                "opening": row.opening,
                "months": [
                    {
                        "month": month.month,
                        "debit": month.debit,
                        "credit": month.credit,
                        "closing": month.closing,
                        "closing_on_normal_side": month.closing_on_normal_side,
                    }
                    for month in row.months
                ],
            }
            for row in result.types
        ],
        "totals": [
            {"month": t.month, "debit": t.debit, "credit": t.credit, "closing": t.closing}
            for t in result.totals
        ],
    }


# Parameters ----------------------------------------------------------------------


def _limit_param(raw):
    if raw in (None, ""):
        return None
    try:
        limit = int(raw)
    except ValueError:
        raise BadRequest(f"limit must be a whole number, not {raw!r}.") from None
    if limit < 1:
        raise BadRequest(f"limit must be at least 1, not {limit}.")
    return limit


def _type_param(account_type):
    account_type = account_type or None
    if account_type is not None and account_type not in AccountType.values:
        raise BadRequest(
            f"Unknown account type {account_type!r}.", valid_types=list(AccountType.values)
        )
    return account_type


def _posted_at(value):
    """An aware datetime from an ISO date (start of that day) or date-time."""
    if isinstance(value, str):
        value = value.strip()
        try:
            moment = parse_datetime(value)
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if day is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
        if moment is not None:
            return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    raise BadRequest(f"posted_at must be a date (YYYY-MM-DD) or ISO date-time, not {value!r}.")


def date_param(name, raw, *, required=False):
    """``raw`` (YYYY-MM-DD) as a date; a 400 naming ``name`` when it is not one."""
    if raw in (None, ""):
        if required:
            message = f"{name} is required: give a date as YYYY-MM-DD."
            raise BadRequest(message, errors={name: [message]})
        return None
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        message = f"{name} must be a date as YYYY-MM-DD, not {raw!r}."
        raise BadRequest(message, errors={name: [message]})
    return day


# Endpoints -----------------------------------------------------------------------


@router.get("accounts/search", response=AccountSearchOut, url_name="account-search")
def account_search(request, q: str = "", type: str = "", limit: str = ""):
    """The typeahead over the user's accounts (prefix matches first, then later words)."""
    results = selectors.account_search(
        user=request.user,
        query=q,
        account_type=_type_param(type),
        limit=_limit_param(limit),
    )
    return {"results": [account_json(row) for row in results]}


@router.post(
    "accounts/inline",
    response={201: AccountOut, 400: FieldErrorsOut, 409: AccountExistsOut},
    url_name="account-inline",
)
def account_inline_create(request, payload: AccountInlineIn):
    """Create an account from the journal-entry form; 409 with the existing one on a clash."""
    try:
        account = services.account_create(
            user=request.user,
            name=payload.name,
            account_type=payload.account_type,
            account_subtype=payload.account_subtype,
        )
    except services.AccountValidationError as error:
        return 400, {"errors": error.message_dict}
    except services.AccountExistsError as error:
        return 409, {"error": str(error), "account": account_json(error.account)}
    return 201, account_json(account)


@router.get("accounts/{int:account_id}", response=AccountDetailOut, url_name="account-detail")
def account_detail(request, account_id: int):
    """One of the user's accounts; another user's id is a 404."""
    return get_object_or_404(Account.objects.for_user(request.user), pk=account_id)


@router.get(
    "accounts/subtypes/{account_type}",
    response={200: SubtypesOut, 404: ErrorOut},
    url_name="account-subtypes",
)
def account_subtypes(request, account_type: str):
    """Subtype suggestions for a type: the catalogue, then the user's own."""
    try:
        subtypes = selectors.account_subtypes(user=request.user, account_type=account_type)
    except selectors.UnknownAccountTypeError as error:
        return error_response(str(error), status=404, valid_types=error.valid_types)
    return {"account_type": account_type, "subtypes": subtypes}


@router.post(
    "journal-entries",
    response={201: JournalEntryOut, 400: LineErrorOut},
    url_name="journal-entries",
)
def journal_entry_create(request, payload: JournalEntryIn):
    """Post a balanced entry with its lines, all or nothing."""
    body = payload.model_dump(exclude_unset=True)
    try:
        entry = services.journal_entry_create(
            user=request.user,
            posted_at=_posted_at(body.get("posted_at")),
            description=body.get("description", ""),
            reference=body.get("reference"),
            lines=body.get("lines"),
        )
    except services.JournalEntryValidationError as error:
        return error_response(error.message, status=400, line=error.line)
    return json_response(journal_entry_json(entry), status=201)


@router.get("journal-entries/{int:entry_id}", response=JournalEntryOut, url_name="journal-entry")
def journal_entry_detail(request, entry_id: int):
    """One of the user's entries with its lines."""
    entry = get_object_or_404(JournalEntry.objects.for_user(request.user), pk=entry_id)
    return json_response(journal_entry_json(entry))


def _trial_balance_input(call):
    """``call()``, with the selectors' input errors as a 400 naming the field."""
    try:
        return call()
    except selectors.TrialBalanceInputError as error:
        raise BadRequest(str(error), errors={error.field: [str(error)]}) from None


@router.get("trial-balance", url_name="trial-balance")
def trial_balance(
    request,
    as_of: str = "",
    date_from: str = Query("", alias="from"),
    date_to: str = Query("", alias="to"),
):
    """The trial balance grouped by account type.

    With ``as_of`` (default: now): per account, debit and credit totals up to
    the end of that day. With ``from`` and ``to`` instead: per account, the
    opening balance, the debits and credits of the period and the closing
    balance. Each account says its ``normal_balance`` and its balance signed on
    that side.
    """
    if date_from or date_to:
        if as_of:
            raise BadRequest(
                "Give either as_of, or from and to, not both.",
                errors={"as_of": ["Give either as_of, or from and to, not both."]},
            )
        start = date_param("from", date_from, required=True)
        end = date_param("to", date_to, required=True)
        result = _trial_balance_input(
            lambda: selectors.trial_balance_period(user=request.user, date_from=start, date_to=end)
        )
        return json_response(period_trial_balance_json(result))
    as_of_day = date_param("as_of", as_of)
    result = selectors.trial_balance(user=request.user, as_of=as_of_day)
    return json_response(
        {
            "as_of": result.as_of,
            "group_by_subtype": result.group_by_subtype,
            "include_zero_balances": result.include_zero_balances,
            "groups": [trial_balance_group_json(group) for group in result.groups],
            "totals": totals_json(result.totals),
        }
    )


@router.get("trial-balance/monthly", url_name="trial-balance-monthly")
def trial_balance_monthly(request, year: str = ""):
    """Per account type and month of ``year``: debits, credits and the closing balance."""
    try:
        year_number = int(year)
    except ValueError:
        message = f"year must be a year as YYYY, not {year!r}."
        raise BadRequest(message, errors={"year": [message]}) from None
    result = _trial_balance_input(
        lambda: selectors.trial_balance_monthly(user=request.user, year=year_number)
    )
    return json_response(monthly_trial_balance_json(result))
