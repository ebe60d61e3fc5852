"""Receivables and loan groups over HTTP: statements worked by hand, overpayment, scoping."""

import json

import pytest

from finance.models import LoanGroup, ReceivableManualEntry, ReceivableTracker

RECEIVABLES = "/finance/receivables"
GROUPS = "/finance/loan-groups"


@pytest.fixture
def api(user, client_for):
    """A logged-in client that sends JSON with the CSRF token, as a front end does."""
    client = client_for(user)
    client.get("/api/me")  # any GET sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    def send(method, url, body=None):
        return getattr(client, method)(
            url, json.dumps(body or {}), "application/json", headers={"X-CSRFToken": token}
        )

    client.send = send
    return client


def lend(api, **terms):
    body = {
        "counterparty": "Bob",
        "principal": "1000.00",
        "start_date": "2025-01-01",
        "interest_rate": "10",
        "due_date": "2025-06-30",
        **terms,
    }
    response = api.send("post", RECEIVABLES, body)
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_repayments_pay_interest_first_then_principal(api):
    loan = lend(api)
    # 31 days on 1,000.00 at 10%: 1000 x 0.10 x 31/365 = 8.4931... -> 8.49; principal 91.51.
    first = api.send(
        "post", f"{RECEIVABLES}/{loan}/entries", {"entry_date": "2025-02-01", "amount": "100.00"}
    )
    # 28 days on 908.49: 908.49 x 0.10 x 28/365 = 6.9692... -> 6.97; principal 193.03.
    api.send(
        "post",
        f"{RECEIVABLES}/{loan}/entries",
        {"entry_date": "2025-03-01", "amount": "200.00", "memo": "cash"},
    )

    # To 31 March: 30 days on 715.46: 715.46 x 0.10 x 30/365 = 5.8805... -> 5.88 accrued.
    statement = api.get(f"{RECEIVABLES}/{loan}", {"as_of": "2025-03-31"}).json()

    assert first.status_code == 201
    assert first.json()["as_of"] == "2025-02-01"
    assert {
        key: statement[key]
        for key in (
            "principal",
            "interest_rate",
            "repaid",
            "interest_accrued",
            "interest_paid",
            "principal_paid",
            "outstanding_principal",
            "outstanding_interest",
            "payoff",
            "status",
        )
    } == {
        "principal": "1000.00",
        "interest_rate": "10.00",
        "repaid": "300.00",
        "interest_accrued": "21.34",  # 8.49 + 6.97 + 5.88
        "interest_paid": "15.46",
        "principal_paid": "284.54",
        "outstanding_principal": "715.46",
        "outstanding_interest": "5.88",
        "payoff": "721.34",
        "status": "open",
    }
    assert [
        (
            e["entry_date"],
            e["amount"],
            e["interest_part"],
            e["principal_part"],
            e["outstanding_after"],
        )
        for e in statement["entries"]
    ] == [
        ("2025-02-01", "100.00", "8.49", "91.51", "908.49"),
        ("2025-03-01", "200.00", "6.97", "193.03", "715.46"),
    ]


def test_overpayment_is_400_naming_the_payoff_and_writes_nothing(api):
    loan = lend(api)

    response = api.send(
        "post", f"{RECEIVABLES}/{loan}/entries", {"entry_date": "2025-02-01", "amount": "1008.50"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "amount": ["Repayment of 1008.50 exceeds the payoff of 1008.49 on 2025-02-01."]
    }
    assert ReceivableManualEntry.objects.count() == 0


def test_paying_the_payoff_closes_and_a_late_balance_is_overdue(api):
    paid = lend(api)
    late = lend(api, counterparty="Eve")
    api.send(
        "post", f"{RECEIVABLES}/{paid}/entries", {"entry_date": "2025-02-01", "amount": "1008.49"}
    )

    listing = {row["id"]: row for row in api.get(RECEIVABLES, {"as_of": "2025-07-01"}).json()}

    assert (listing[paid]["payoff"], listing[paid]["status"]) == ("0.00", "closed")
    assert listing[late]["status"] == "overdue"
    assert "entries" not in listing[late]


def test_loan_group_sums_each_receivable_once(api):
    first = lend(api)
    second = lend(api, counterparty="Eve", principal="500.00", interest_rate=None)
    api.send(
        "post", f"{RECEIVABLES}/{second}/entries", {"entry_date": "2025-01-15", "amount": "500.00"}
    )

    created = api.send("post", GROUPS, {"name": "Friends", "tracker_ids": [first, second, first]})
    summary = api.get(f"{GROUPS}/{created.json()['id']}", {"as_of": "2025-02-01"}).json()

    assert created.status_code == 201
    # first: 1,000.00 and 31 days' interest 8.49 unpaid; second: repaid in full.
    assert {
        key: summary[key]
        for key in (
            "principal",
            "repaid",
            "outstanding_principal",
            "outstanding_interest",
            "payoff",
            "status",
            "tracker_ids",
        )
    } == {
        "principal": "1500.00",
        "repaid": "500.00",
        "outstanding_principal": "1000.00",
        "outstanding_interest": "8.49",
        "payoff": "1008.49",
        "status": "open",
        "tracker_ids": [first, second],
    }


def test_another_users_receivables_and_groups_are_404s(api, other_user, client_for):
    theirs = ReceivableTracker.objects.create(
        user=other_user, counterparty="X", principal="10.00", start_date="2025-01-01"
    )
    group = LoanGroup.objects.create(user=other_user, name="Theirs")

    responses = [
        api.get(f"{RECEIVABLES}/{theirs.pk}"),
        api.send(
            "post",
            f"{RECEIVABLES}/{theirs.pk}/entries",
            {"entry_date": "2025-01-02", "amount": "1.00"},
        ),
        api.send("patch", f"{RECEIVABLES}/{theirs.pk}", {"counterparty": "Mine"}),
        api.send("delete", f"{RECEIVABLES}/{theirs.pk}"),
        api.get(f"{GROUPS}/{group.pk}"),
        api.send("delete", f"{GROUPS}/{group.pk}"),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, {"error": "Not found."})] * 6
    assert ReceivableTracker.objects.get(pk=theirs.pk).counterparty == "X"
    refused = api.send("post", GROUPS, {"name": "Mine", "tracker_ids": [theirs.pk]})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"tracker_ids": [f"Receivable {theirs.pk} does not exist."]}
    assert LoanGroup.objects.filter(name="Mine").count() == 0


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"principal": "-5"}, "principal"),
        ({"interest_rate": "abc"}, "interest_rate"),
        ({"due_date": "2024-12-31"}, "due_date"),
        ({"start_date": None}, "start_date"),
    ],
)
def test_bad_receivable_is_400_naming_the_field_and_writes_nothing(api, terms, field):
    body = {"counterparty": "Bob", "principal": "1000.00", "start_date": "2025-01-01", **terms}

    response = api.send("post", RECEIVABLES, body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert ReceivableTracker.objects.count() == 0
