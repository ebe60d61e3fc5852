"""The finance JSON API over HTTP: status codes, bodies, auth, CSRF and user scoping."""

import datetime
import json
from datetime import UTC

import pytest
from django.test import Client

from finance.models import Account, JournalEntry, JournalLine
from finance.selectors import SUBTYPE_CATALOGUE
from finance.services import MAX_LINES_PER_ENTRY
from finance.tests.conftest import at, make_account, post

SEARCH = "/finance/accounts/search"
INLINE = "/finance/accounts/inline"
ENTRIES = "/finance/journal-entries"
TRIAL_BALANCE = "/finance/trial-balance"


def subtypes_url(account_type):
    return f"/finance/accounts/subtypes/{account_type}"


class Api:
    """A logged-in client that sends the CSRF token the way a front end does."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **params):
        return self.client.get(url, params)

    def token(self):
        self.client.get(SEARCH)  # GET endpoints set the CSRF cookie
        return self.client.cookies["csrftoken"].value

    def post(self, url, payload, *, raw=None):
        body = raw if raw is not None else json.dumps(payload)
        return self.client.post(
            url, body, content_type="application/json", headers={"X-CSRFToken": self.token()}
        )


@pytest.fixture
def api(user, client_for):
    return Api(client_for(user))


def account_payload(account):
    return {
        "id": account.pk,
        "name": account.name,
        "account_type": account.account_type,
        "account_subtype": account.account_subtype,
    }


# Search -----------------------------------------------------------------------


def test_search_returns_matches(api, user):
    epargne = make_account(user, "Épargne", "asset", "savings")
    make_account(user, "Cash")
    response = api.get(SEARCH, q="  ÉPA")
    assert response.status_code == 200
    assert response.json() == {"results": [account_payload(epargne)]}


def test_search_type_and_limit_parameters(api, user):
    for number in range(5):
        make_account(user, f"Card {number}", "liability")
    make_account(user, "Card asset", "asset")
    response = api.get(SEARCH, q="card", type="liability", limit="2")
    assert [row["name"] for row in response.json()["results"]] == ["Card 0", "Card 1"]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"limit": "ten"}, "limit must be a whole number, not 'ten'."),
        ({"limit": "0"}, "limit must be at least 1, not 0."),
        ({"type": "cash"}, "Unknown account type 'cash'."),
    ],
)
def test_search_bad_parameters_are_400(api, params, error):
    response = api.get(SEARCH, q="a", **params)
    assert response.status_code == 400
    assert response.json()["error"] == error


def test_search_empty_query_returns_recent_accounts(api, user):
    cash = make_account(user, "Cash")
    salary = make_account(user, "Salary", "income")
    post(user, at("2025-01-01"), (cash, "5"), (salary, "-5"))
    response = api.get(SEARCH)
    assert [row["id"] for row in response.json()["results"]] == [salary.pk, cash.pk]


def test_search_sets_csrf_cookie(api):
    response = api.get(SEARCH, q="x")
    assert "csrftoken" in response.cookies


# Inline creation --------------------------------------------------------------


def test_inline_create_returns_201_with_account(api, user):
    response = api.post(
        INLINE, {"name": " Brokerage ", "account_type": "asset", "account_subtype": "investment"}
    )
    assert response.status_code == 201
    account = Account.objects.get(user=user)
    assert response.json() == account_payload(account)
    assert (account.name, account.account_subtype) == ("Brokerage", "investment")


def test_inline_create_existing_normalized_name_is_409_with_account(api, user):
    existing = make_account(user, "Épargne")
    response = api.post(INLINE, {"name": "ÉPARGNE ", "account_type": "asset"})
    assert response.status_code == 409
    assert response.json()["account"] == account_payload(existing)
    assert Account.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"account_type": "asset"}, {"name": ["Enter a name."]}),
        ({"name": "  ", "account_type": "asset"}, {"name": ["Enter a name."]}),
        (
            {"name": "x" * 256, "account_type": "asset"},
            {"name": ["Use at most 255 characters (it has 256)."]},
        ),
        (
            {"name": "Cash", "account_type": "cash"},
            {
                "account_type": [
                    "Unknown account type 'cash'; use one of: "
                    "asset, liability, equity, income, expense."
                ]
            },
        ),
        (
            {"name": "Cash", "account_type": "asset", "account_subtype": "s" * 65},
            {"account_subtype": ["Use at most 64 characters (it has 65)."]},
        ),
    ],
)
def test_inline_create_bad_input_is_400_per_field(api, payload, errors):
    response = api.post(INLINE, payload)
    assert response.status_code == 400
    assert response.json() == {"errors": errors}
    assert not Account.objects.exists()


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("{not json", "The body is not valid JSON"),
        ("[1, 2]", "The body must be a JSON object."),
    ],
)
def test_inline_create_bad_json_is_400(api, raw, error):
    response = api.post(INLINE, None, raw=raw)
    assert response.status_code == 400
    assert response.json()["error"].startswith(error)
    assert not Account.objects.exists()


def test_inline_create_accepts_form_encoded_body(user, client_for):
    client = client_for(user)
    client.get(SEARCH)
    response = client.post(
        INLINE,
        {"name": "Cash", "account_type": "asset"},
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 201


def test_inline_create_without_csrf_token_is_403_and_writes_nothing(user, client_for):
    client = client_for(user)
    response = client.post(
        INLINE, json.dumps({"name": "Cash", "account_type": "asset"}), "application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"].startswith("CSRF check failed")
    assert not Account.objects.exists()


def test_get_on_post_endpoint_is_405(api):
    response = api.get(INLINE)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


# Account detail -----------------------------------------------------------------


def test_account_detail_and_cross_user_404(api, user, other_user):
    mine = make_account(user, "Cash")
    theirs = make_account(other_user, "Their cash")
    response = api.get(f"/finance/accounts/{mine.pk}")
    assert response.json() == {**account_payload(mine), "is_active": True}
    for missing in (theirs.pk, theirs.pk + 1000):
        response = api.get(f"/finance/accounts/{missing}")
        assert (response.status_code, response.json()) == (404, {"error": "Not found."})


# Subtypes ---------------------------------------------------------------------


def test_subtypes_returns_catalogue_and_users_own(api, user):
    make_account(user, "Card", "liability", "store card")
    response = api.get(subtypes_url("liability"))
    assert response.status_code == 200
    assert response.json() == {
        "account_type": "liability",
        "subtypes": [*SUBTYPE_CATALOGUE["liability"], "store card"],
    }


def test_subtypes_unknown_type_is_404_with_valid_types(api):
    response = api.get(subtypes_url("cash"))
    assert response.status_code == 404
    assert response.json()["valid_types"] == ["asset", "liability", "equity", "income", "expense"]


# Journal entries --------------------------------------------------------------


@pytest.fixture
def cash(user):
    return make_account(user, "Cash")


@pytest.fixture
def salary(user):
    return make_account(user, "Salary", "income")


def entry_payload(cash, salary, **overrides):
    return {
        "posted_at": "2025-12-18",
        "description": "Pay day",
        "lines": [
            {"account_id": cash.pk, "debit": "100.50", "memo": "net"},
            {"account_id": salary.pk, "credit": 100.5},
        ],
        **overrides,
    }


def test_journal_entry_create_returns_201_with_lines(api, cash, salary):
    response = api.post(ENTRIES, entry_payload(cash, salary, reference="R-1"))
    assert response.status_code == 201
    entry = JournalEntry.objects.get()
    body = response.json()
    assert body["id"] == entry.pk
    assert body["posted_at"] == "2025-12-18T00:00:00Z"
    assert (body["description"], body["reference"]) == ("Pay day", "R-1")
    assert [(line["account_id"], line["debit"], line["credit"]) for line in body["lines"]] == [
        (cash.pk, "100.50", "0.00"),
        (salary.pk, "0.00", "100.50"),
    ]
    detail = api.get(f"/finance/journal-entries/{entry.pk}")
    assert detail.json() == body


@pytest.mark.parametrize(
    ("overrides", "error", "line"),
    [
        ({"posted_at": "18/12/2025"}, "posted_at must be a date (YYYY-MM-DD)", None),
        ({"posted_at": None}, "posted_at must be a date (YYYY-MM-DD)", None),
        ({"lines": "none"}, "Give the lines as a list.", None),
        ({"lines": [{"account_id": 1, "debit": "1"}]}, "A journal entry needs", None),
        ({"unbalanced": True}, "Debits (100.50) must equal credits (100.49).", None),
        ({"cents": True}, "Line 1: the debit 100.505 has more than two decimal places.", 1),
        ({"negative": True}, "Line 2: the credit must be positive (got -100.50).", 2),
    ],
)
def test_journal_entry_bad_input_is_400_and_writes_nothing(
    api, cash, salary, overrides, error, line
):
    payload = entry_payload(cash, salary)
    if overrides.pop("unbalanced", False):
        payload["lines"][1]["credit"] = "100.49"
    if overrides.pop("cents", False):
        payload["lines"][0]["debit"] = "100.505"
    if overrides.pop("negative", False):
        payload["lines"][1]["credit"] = "-100.50"
    payload.update(overrides)
    response = api.post(ENTRIES, payload)
    assert response.status_code == 400
    assert response.json()["error"].startswith(error)
    assert response.json().get("line") == line
    assert not JournalEntry.objects.exists()
    assert not JournalLine.objects.exists()


def test_journal_entry_with_another_users_account_is_400_like_a_missing_one(
    api, cash, salary, other_user
):
    theirs = make_account(other_user, "Their salary", "income")
    bodies = []
    for account_id in (theirs.pk, theirs.pk + 1000):
        payload = entry_payload(cash, salary)
        payload["lines"][1]["account_id"] = account_id
        response = api.post(ENTRIES, payload)
        assert response.status_code == 400
        body = response.json()
        body["error"] = body["error"].replace(f"account {account_id} ", "account <id> ")
        bodies.append(body)
    assert bodies[0] == bodies[1] == {"error": "Line 2: account <id> does not exist.", "line": 2}
    assert not JournalEntry.objects.exists()


def test_journal_entry_detail_of_another_user_is_404(api, other_user):
    theirs_a = make_account(other_user, "A")
    theirs_b = make_account(other_user, "B")
    entry = post(other_user, at("2025-01-01"), (theirs_a, "1"), (theirs_b, "-1"))
    response = api.get(f"/finance/journal-entries/{entry.pk}")
    assert (response.status_code, response.json()) == (404, {"error": "Not found."})


def test_journal_entry_without_csrf_token_is_403(user, client_for, cash, salary):
    response = client_for(user).post(
        ENTRIES, json.dumps(entry_payload(cash, salary)), "application/json"
    )
    assert response.status_code == 403
    assert not JournalEntry.objects.exists()


# Trial balance ----------------------------------------------------------------


def test_trial_balance_returns_groups_and_totals(api, user, cash, salary):
    post(user, at("2025-01-01"), (cash, "100.50"), (salary, "-100.50"))
    post(user, at("2025-02-01"), (cash, "1"), (salary, "-1"))
    response = api.get(TRIAL_BALANCE, as_of="2025-01-31")
    assert response.status_code == 200
    assert response.json() == {
        "as_of": "2025-01-31",
        "group_by_subtype": False,
        "include_zero_balances": False,
        "groups": [
            {
                "account_type": "asset",
                "accounts": [
                    {
                        "id": cash.pk,
                        "name": "Cash",
                        "account_type": "asset",
                        "account_subtype": None,
                        "is_active": True,
                        "debit": "100.50",
                        "credit": "0.00",
                        "balance": "100.50",
                        "normal_balance": "debit",
                        "balance_on_normal_side": "100.50",
                    }
                ],
                "totals": {"debit": "100.50", "credit": "0.00", "balance": "100.50"},
            },
            {
                "account_type": "income",
                "accounts": [
                    {
                        "id": salary.pk,
                        "name": "Salary",
                        "account_type": "income",
                        "account_subtype": None,
                        "is_active": True,
                        "debit": "0.00",
                        "credit": "100.50",
                        "balance": "-100.50",
                        "normal_balance": "credit",
                        "balance_on_normal_side": "100.50",
                    }
                ],
                "totals": {"debit": "0.00", "credit": "100.50", "balance": "-100.50"},
            },
        ],
        "totals": {"debit": "100.50", "credit": "100.50", "balance": "0.00"},
    }


@pytest.mark.parametrize("as_of", ["2025-13-01", "yesterday", "2025-1-1x"])
def test_trial_balance_bad_as_of_is_400(api, as_of):
    response = api.get(TRIAL_BALANCE, as_of=as_of)
    assert response.status_code == 400
    assert response.json()["error"] == f"as_of must be a date as YYYY-MM-DD, not {as_of!r}."


def test_trial_balance_never_shows_another_users_accounts(api, other_user):
    a = make_account(other_user, "A")
    b = make_account(other_user, "B")
    post(other_user, at("2025-01-01"), (a, "1"), (b, "-1"))
    assert api.get(TRIAL_BALANCE).json()["groups"] == []


# Anonymous access ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", SEARCH),
        ("post", INLINE),
        ("get", "/finance/accounts/1"),
        ("get", subtypes_url("asset")),
        ("post", ENTRIES),
        ("get", "/finance/journal-entries/1"),
        ("get", TRIAL_BALANCE),
    ],
)
def test_anonymous_requests_get_401_json(db, method, url):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Log in to use this endpoint."}


# Out-of-range datetimes, bad input that used to be a 500 (issue 11) ----------------

RANGE = "0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z (in UTC)."


@pytest.mark.parametrize(
    ("posted_at", "shown"),
    [
        ("0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00+01:00"),
        ("9999-12-31T23:00:00-05:00", "9999-12-31T23:00:00-05:00"),
    ],
)
def test_journal_entry_posted_at_out_of_range_is_400_and_writes_nothing(
    api, cash, salary, posted_at, shown
):
    response = api.post(ENTRIES, entry_payload(cash, salary, posted_at=posted_at))

    assert response.status_code == 400
    assert response.json() == {
        "error": f"posted_at {shown} is out of range: give a date and time between {RANGE}",
        "line": None,
    }
    assert not JournalEntry.objects.exists()
    assert not JournalLine.objects.exists()


@pytest.mark.parametrize(
    ("posted_at", "stored", "shown"),
    [
        ("0001-01-01", datetime.datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00Z"),
        (
            "0001-01-01T00:00:00-01:00",
            datetime.datetime(1, 1, 1, 1, tzinfo=UTC),
            "0001-01-01T01:00:00Z",
        ),
        (
            "9999-12-31T23:59:59.999999Z",
            datetime.datetime.max.replace(tzinfo=UTC),
            "9999-12-31T23:59:59.999Z",
        ),
    ],
)
def test_journal_entry_posted_at_at_the_ends_of_the_range_is_stored_and_read_back(
    api, cash, salary, posted_at, stored, shown
):
    response = api.post(ENTRIES, entry_payload(cash, salary, posted_at=posted_at))

    assert response.status_code == 201
    assert response.json()["posted_at"] == shown
    entry = JournalEntry.objects.get()
    assert entry.posted_at == stored
    assert api.get(f"/finance/journal-entries/{entry.pk}").status_code == 200


def test_trial_balance_as_of_the_last_date_counts_every_entry(api, user, cash, salary):
    post(user, at("2025-01-01"), (cash, "100.50"), (salary, "-100.50"))

    response = api.get(TRIAL_BALANCE, as_of="9999-12-31")

    assert response.status_code == 200
    assert response.json()["as_of"] == "9999-12-31"
    assert response.json()["totals"] == {"debit": "100.50", "credit": "100.50", "balance": "0.00"}


def test_journal_entry_over_the_line_limit_is_400_naming_it_and_writes_nothing(api, cash, salary):
    lines = [
        {"account_id": cash.pk, "debit": "1.00"}
        if number % 2
        else {"account_id": salary.pk, "credit": "1.00"}
        for number in range(MAX_LINES_PER_ENTRY + 2)
    ]
    response = api.post(ENTRIES, {"posted_at": "2025-12-18", "lines": lines})
    assert response.status_code == 400
    assert response.json() == {
        "error": "A journal entry has at most 10,000 lines (this one has 10,002).",
        "line": None,
    }
    assert not JournalEntry.objects.exists()
    assert not JournalLine.objects.exists()


def test_trial_balance_for_a_period_gives_opening_movements_and_closing(api, user, cash, salary):
    post(user, at("2025-01-31"), (cash, "100.50"), (salary, "-100.50"))  # before: opening
    post(user, at("2025-02-01"), (cash, "20.00"), (salary, "-20.00"))  # on from
    post(user, at("2025-02-28"), (salary, "5.25"), (cash, "-5.25"))  # on to
    post(user, at("2025-03-01"), (cash, "999.00"), (salary, "-999.00"))  # after

    body = api.get(TRIAL_BALANCE, **{"from": "2025-02-01", "to": "2025-02-28"}).json()

    cash_row = body["groups"][0]["accounts"][0]
    salary_row = body["groups"][1]["accounts"][0]
    assert (body["from"], body["to"]) == ("2025-02-01", "2025-02-28")
    assert {k: cash_row[k] for k in ("opening", "debit", "credit", "closing")} == {
        "opening": "100.50",
        "debit": "20.00",
        "credit": "5.25",
        "closing": "115.25",
    }
    assert (salary_row["normal_balance"], salary_row["closing_on_normal_side"]) == (
        "credit",
        "115.25",
    )
    assert body["totals"] == {
        "opening": "0.00",
        "debit": "25.25",
        "credit": "25.25",
        "closing": "0.00",
    }


def test_monthly_trial_balance_closes_each_month(api, user, cash, salary):
    post(user, at("2024-12-31"), (cash, "10.00"), (salary, "-10.00"))
    post(user, at("2025-02-14"), (cash, "2.50"), (salary, "-2.50"))

    body = api.get(f"{TRIAL_BALANCE}/monthly", year="2025").json()

    assets = next(row for row in body["types"] if row["account_type"] == "asset")
    assert assets["opening"] == "10.00"
    assert [(m["month"], m["debit"], m["closing"]) for m in assets["months"][:3]] == [
        (1, "0.00", "10.00"),
        (2, "2.50", "12.50"),
        (3, "0.00", "12.50"),
    ]
    assert len(assets["months"]) == 12


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (TRIAL_BALANCE, {"from": "2025-02-01"}, "to"),
        (TRIAL_BALANCE, {"from": "2025-03-01", "to": "2025-02-01"}, "to"),
        (TRIAL_BALANCE, {"from": "2025-02-01", "to": "2025-02-02", "as_of": "2025-01-01"}, "as_of"),
        (f"{TRIAL_BALANCE}/monthly", {"year": "20x5"}, "year"),
        (f"{TRIAL_BALANCE}/monthly", {"year": "10000"}, "year"),
    ],
)
def test_trial_balance_bad_period_or_year_is_400_naming_the_field(api, url, params, field):
    response = api.get(url, **params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
