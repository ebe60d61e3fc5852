"""The finance admin: every page on demo data, accounts, trial balance and journal entries."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from finance.models import Account, JournalEntry, JournalLine
from finance.signals import account_created
from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries
from lifeos.testing.demo import seed_small


def test_every_finance_admin_page_renders_in_queries_that_do_not_grow(superuser_client):
    assert_admin_pages_render_in_bounded_queries(superuser_client, "finance")


@pytest.fixture
def ledger(db):
    """(superuser, demo, demo2) with two users' demo ledgers."""
    seed_small(users=2)
    users = get_user_model().objects.in_bulk(
        ["admin@example.com", "demo@example.com", "demo2@example.com"], field_name="email"
    )
    return users["admin@example.com"], users["demo@example.com"], users["demo2@example.com"]


def _entry_post(owner, lines, **extra):
    data = {
        "user": owner.pk,
        "posted_at_0": "2025-12-01",
        "posted_at_1": "09:30:00",
        "description": "Admin entry",
        "reference": "ADM-1",
        "lines-TOTAL_FORMS": len(lines),
        "lines-INITIAL_FORMS": 0,
        **extra,
    }
    for index, (account, debit, credit) in enumerate(lines):
        data[f"lines-{index}-account"] = account.pk
        data[f"lines-{index}-debit"] = debit
        data[f"lines-{index}-credit"] = credit
        data[f"lines-{index}-memo"] = ""
    return data


def _account(user, name):
    return Account.objects.get(user=user, normalized_name=name)


def test_account_search_matches_the_normalized_name(client, ledger):
    _admin_user, demo, _ = ledger
    client.force_login(demo)

    response = client.get(reverse("admin:finance_account_changelist"), {"q": "  café"})

    assert [a.name for a in response.context_data["cl"].result_list] == ["CAFÉ & Restaurants"]


def test_account_rename_updates_normalized_name(client, ledger):
    _admin_user, demo, _ = ledger
    account = _account(demo, "groceries")
    client.force_login(demo)

    response = client.post(
        reverse("admin:finance_account_change", args=[account.pk]),
        {
            "name": "  Food SHOP ",
            "account_type": "expense",
            "account_subtype": "food",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.name, account.normalized_name) == ("Food SHOP", "food shop")


def test_account_added_in_the_admin_sends_the_created_signal(
    client, ledger, django_capture_on_commit_callbacks
):
    _admin_user, demo, _ = ledger
    received = []

    def receiver(sender, account, **kwargs):
        received.append(account.pk)

    account_created.connect(receiver, weak=False, dispatch_uid="test_admin_account_created")
    client.force_login(demo)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:finance_account_add"),
                {
                    "name": "Brokerage",
                    "account_type": "asset",
                    "account_subtype": "",
                    "is_active": "on",
                },
            )
    finally:
        account_created.disconnect(dispatch_uid="test_admin_account_created")

    assert response.status_code == 302
    created = Account.objects.get(user=demo, normalized_name="brokerage")
    assert received == [created.pk]


def test_account_changelist_shows_the_trial_balance_per_type(client, ledger):
    _admin_user, demo, _ = ledger
    client.force_login(demo)

    response = client.get(reverse("admin:finance_account_changelist"))

    trial_balance = response.context_data["trial_balance"]
    assert trial_balance["balanced"] is True
    assert [row["type"] for row in trial_balance["rows"]] == [
        "Asset",
        "Liability",
        "Equity",
        "Income",
        "Expense",
    ]
    lines = JournalLine.objects.filter(user=demo, account__account_type="expense")
    expense = next(row for row in trial_balance["rows"] if row["type"] == "Expense")
    assert expense["balance"] == sum(line.debit - line.credit for line in lines)
    assert b"Trial balance of the accounts listed" in response.content


def test_balanced_journal_entry_is_posted_with_its_lines(client, ledger):
    admin_user, demo, _ = ledger
    client.force_login(admin_user)
    cash, rent = _account(demo, "cash wallet"), _account(demo, "rent")

    response = client.post(
        reverse("admin:finance_journalentry_add"),
        _entry_post(demo, [(rent, "40.00", ""), (cash, "", "40.00")]),
    )

    assert response.status_code == 302
    entry = JournalEntry.objects.get(reference="ADM-1")
    assert entry.user == demo
    assert sorted(
        (line.account_id, line.debit, line.credit) for line in entry.lines.all()
    ) == sorted([(rent.pk, 40, 0), (cash.pk, 0, 40)])


def test_unbalanced_journal_entry_is_a_form_error_and_saves_nothing(client, ledger):
    _admin_user, demo, _ = ledger
    client.force_login(demo)
    cash, rent = _account(demo, "cash wallet"), _account(demo, "rent")
    before = (JournalEntry.objects.count(), JournalLine.objects.count())

    response = client.post(
        reverse("admin:finance_journalentry_add"),
        _entry_post(demo, [(rent, "40.00", ""), (cash, "", "39.99")]),
    )

    assert response.status_code == 200
    assert "debits (40.00) must equal credits (39.99)" in response.content.decode()
    assert (JournalEntry.objects.count(), JournalLine.objects.count()) == before


def test_journal_entry_mixing_another_users_account_is_a_form_error(client, ledger):
    admin_user, demo, demo2 = ledger
    client.force_login(admin_user)
    theirs, rent = _account(demo2, "cash wallet"), _account(demo, "rent")
    before = (JournalEntry.objects.count(), JournalLine.objects.count())

    response = client.post(
        reverse("admin:finance_journalentry_add"),
        _entry_post(demo, [(rent, "40.00", ""), (theirs, "", "40.00")]),
    )

    assert response.status_code == 200
    assert "belongs to another user" in response.content.decode()
    assert (JournalEntry.objects.count(), JournalLine.objects.count()) == before


def test_editing_a_journal_entry_into_imbalance_saves_nothing(client, ledger):
    _admin_user, demo, _ = ledger
    client.force_login(demo)
    entry = JournalEntry.objects.filter(user=demo).first()
    lines = list(entry.lines.order_by("pk"))
    data = {
        "posted_at_0": "2025-12-01",
        "posted_at_1": "09:30:00",
        "description": "Changed",
        "reference": entry.reference,
        "lines-TOTAL_FORMS": len(lines),
        "lines-INITIAL_FORMS": len(lines),
    }
    for index, line in enumerate(lines):
        data |= {
            f"lines-{index}-id": line.pk,
            f"lines-{index}-entry": entry.pk,
            f"lines-{index}-account": line.account_id,
            f"lines-{index}-debit": "1.00" if line.debit else "0",
            f"lines-{index}-credit": "0" if line.debit else "2.00",
            f"lines-{index}-memo": "",
        }

    response = client.post(reverse("admin:finance_journalentry_change", args=[entry.pk]), data)

    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.description != "Changed"
    assert [(line.debit, line.credit) for line in entry.lines.order_by("pk")] == [
        (line.debit, line.credit) for line in lines
    ]
