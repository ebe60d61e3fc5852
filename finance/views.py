"""The finance JSON API: thin views over finance.services and finance.selectors."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from finance import selectors, services
from finance.models import Account, AccountType, JournalEntry
from lifeos.api import BadRequest, api_view, error_response, json_body, json_response


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
    }


def _limit_param(request):
    raw = request.GET.get("limit")
    if raw in (None, ""):
        return None
    try:
        limit = int(raw)
    except ValueError:
        raise BadRequest(f"limit must be a whole number, not {raw!r}.") from None
    if limit < 1:
        raise BadRequest(f"limit must be at least 1, not {limit}.")
    return limit


def _type_param(request):
    account_type = request.GET.get("type") or None
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


@api_view("GET")
def account_search(request):
    """GET /finance/accounts/search?q=&type=&limit=: the typeahead."""
    results = selectors.account_search(
        user=request.user,
        query=request.GET.get("q", ""),
        account_type=_type_param(request),
        limit=_limit_param(request),
    )
    return json_response({"results": [account_json(row) for row in results]})


@api_view("POST")
def account_inline_create(request):
    """POST /finance/accounts/inline: create an account from the journal-entry form."""
    body = json_body(request)
    try:
        account = services.account_create(
            user=request.user,
            name=body.get("name"),
            account_type=body.get("account_type"),
            account_subtype=body.get("account_subtype"),
        )
    except services.AccountValidationError as error:
        return json_response({"errors": error.message_dict}, status=400)
    except services.AccountExistsError as error:
        return json_response(
            {"error": str(error), "account": account_json(error.account)}, status=409
        )
    return json_response(account_json(account), status=201)


@api_view("GET")
def account_detail(request, account_id):
    """GET /finance/accounts/<id>: one of the user's accounts."""
    account = get_object_or_404(Account.objects.for_user(request.user), pk=account_id)
    return json_response({**account_json(account), "is_active": account.is_active})


@api_view("GET")
def account_subtypes(request, account_type):
    """GET /finance/accounts/subtypes/<type>: subtype suggestions for a type."""
    try:
        subtypes = selectors.account_subtypes(user=request.user, account_type=account_type)
    except selectors.UnknownAccountTypeError as error:
        return error_response(str(error), status=404, valid_types=error.valid_types)
    return json_response({"account_type": account_type, "subtypes": subtypes})


@api_view("POST")
def journal_entry_create(request):
    """POST /finance/journal-entries: post a balanced entry with its lines."""
    body = json_body(request)
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


@api_view("GET")
def journal_entry_detail(request, entry_id):
    """GET /finance/journal-entries/<id>: one of the user's entries with its lines."""
    entry = get_object_or_404(JournalEntry.objects.for_user(request.user), pk=entry_id)
    return json_response(journal_entry_json(entry))


@api_view("GET")
def trial_balance(request):
    """GET /finance/trial-balance?as_of=YYYY-MM-DD: the grouped trial balance."""
    raw = request.GET.get("as_of") or None
    as_of = None
    if raw is not None:
        try:
            as_of = parse_date(raw)
        except ValueError:
            as_of = None
        if as_of is None:
            raise BadRequest(f"as_of must be a date as YYYY-MM-DD, not {raw!r}.")
    result = selectors.trial_balance(user=request.user, as_of=as_of)
    return json_response(
        {
            "as_of": result.as_of,
            "group_by_subtype": result.group_by_subtype,
            "include_zero_balances": result.include_zero_balances,
            "groups": [trial_balance_group_json(group) for group in result.groups],
            "totals": totals_json(result.totals),
        }
    )
