"""The finance admin: every page on demo data, accounts, trial balance and journal entries."""

import random
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from finance.models import Account, JournalEntry, JournalLine
from finance.signals import account_created
from finance.tests.conftest import make_account, post
from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries
from lifeos.testing.demo import seed_small
from lifeos.testing.drift import without_ledger_trigger


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


def _post_random_balanced_entries(owner, count, seed=12):
    """``count`` balanced two-line entries of random cents between the owner's accounts."""
    rng = random.Random(seed)
    accounts = [
        make_account(owner, f"Random {kind} {n}", kind)
        for kind in ("asset", "liability", "equity", "income", "expense")
        for n in range(2)
    ]
    now = timezone.now()
    entries = JournalEntry.objects.bulk_create(
        JournalEntry(user=owner, posted_at=now, description=f"random {n}") for n in range(count)
    )
    lines = []
    for entry in entries:
        amount = Decimal(rng.randrange(1, 10_000_000)) / 100
        debit, credit = rng.sample(accounts, 2)
        lines += [
            JournalLine(user=owner, entry=entry, account=debit, debit=amount, credit=0),
            JournalLine(user=owner, entry=entry, account=credit, debit=0, credit=amount),
        ]
    JournalLine.objects.bulk_create(lines)
    return lines


def _verdict(response):
    """The text of the trial balance's verdict cell, or None when there is none."""
    found = re.search(
        r'<td id="trial-balance-verdict">(.*?)</td>', response.content.decode(), re.DOTALL
    )
    return found and re.sub(r"<[^>]+>", "", found.group(1)).strip()


def _trial_balance_cells(response):
    table = re.search(
        r'<div class="module" id="trial-balance">(.*?)</div>', response.content.decode(), re.DOTALL
    ).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.DOTALL)
    ]


def _superuser():
    return get_user_model().objects.get(is_superuser=True)


def test_trial_balance_sums_exactly_and_shows_two_decimals_with_separators(superuser_client):
    _post_random_balanced_entries(_superuser(), 800)
    every_line = list(JournalLine.objects.values_list("debit", "credit"))
    expected_debit = sum((debit for debit, _ in every_line), Decimal("0.00"))

    response = superuser_client.get(reverse("admin:finance_account_changelist"))

    trial_balance = response.context_data["trial_balance"]
    assert trial_balance["total_debit"] == expected_debit
    assert trial_balance["total_credit"] == expected_debit
    assert (trial_balance["balanced"], trial_balance["difference"]) == (True, Decimal("0.00"))
    assert _verdict(response) == "balanced"
    cells = _trial_balance_cells(response)
    money_cells = [cell for cell in cells if cell and cell != "balanced"]
    assert money_cells
    assert all(re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d\d", cell) for cell in money_cells), cells
    assert f"{expected_debit:,.2f}" in cells


def test_trial_balance_of_an_unbalanced_ledger_shows_the_difference(superuser_client):
    owner = _superuser()
    cash, rent = make_account(owner, "Till", "asset"), make_account(owner, "Lease", "expense")
    if connection.vendor == "postgresql":
        # Fire the checks the demo data queued, so the trigger can be disabled.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with without_ledger_trigger("default"):
        entry = JournalEntry.objects.create(user=owner, posted_at=timezone.now())
        JournalLine.objects.create(user=owner, entry=entry, account=rent, debit=Decimal("1234.56"))
        JournalLine.objects.create(user=owner, entry=entry, account=cash, credit=Decimal("1000"))

    response = superuser_client.get(reverse("admin:finance_account_changelist"))

    trial_balance = response.context_data["trial_balance"]
    assert (trial_balance["balanced"], trial_balance["difference"]) == (False, Decimal("234.56"))
    assert _verdict(response) == "out of balance by 234.56"


def test_filtered_trial_balance_gives_totals_and_no_verdict(superuser_client):
    response = superuser_client.get(
        reverse("admin:finance_account_changelist"), {"account_type__exact": "asset"}
    )

    trial_balance = response.context_data["trial_balance"]
    assert trial_balance["whole_ledger"] is False
    assert (trial_balance["balanced"], trial_balance["difference"]) == (None, None)
    assert _verdict(response) is None
    assert "out of balance" not in response.content.decode()
    assert "not expected to balance" in response.content.decode()


def test_searched_trial_balance_gives_no_verdict(superuser_client):
    response = superuser_client.get(reverse("admin:finance_account_changelist"), {"q": "cash"})

    assert response.context_data["trial_balance"]["whole_ledger"] is False
    assert _verdict(response) is None


def test_journal_entry_changelist_shows_amounts_with_two_decimals(superuser_client):
    owner = _superuser()
    cash, rent = make_account(owner, "Till", "asset"), make_account(owner, "Lease", "expense")
    post(owner, timezone.now(), (rent, "53.78"), (cash, "-53.78"))
    post(owner, timezone.now(), (rent, "0.10"), (rent, "0.20"), (cash, "-0.30"))

    response = superuser_client.get(reverse("admin:finance_journalentry_changelist"))

    amounts = re.findall(r'<td class="field-amount">([^<]*)</td>', response.content.decode())
    assert amounts
    assert all(re.fullmatch(r"\d+\.\d\d", amount) for amount in amounts), amounts
    assert {"53.78", "0.30"} <= set(amounts)


def _ledger_state():
    """Every line and every entry's debit and credit totals, summed in Python."""
    lines = sorted(
        JournalLine.objects.values_list("pk", "entry_id", "account_id", "debit", "credit")
    )
    totals = {}
    for _, entry_id, _, debit, credit in lines:
        entry_debit, entry_credit = totals.get(entry_id, (Decimal(0), Decimal(0)))
        totals[entry_id] = (entry_debit + debit, entry_credit + credit)
    return lines, totals


def _check_deferred_constraints():
    """Run PostgreSQL's deferred ledger check as a commit would (no-op on SQLite)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_journal_lines_cannot_be_added_changed_or_deleted_on_their_own(client, ledger):
    _admin_user, demo, _ = ledger
    client.force_login(demo)
    line = JournalLine.objects.filter(user=demo).order_by("pk").first()
    before = _ledger_state()
    assert all(debit == credit for debit, credit in before[1].values())
    data = {
        "entry": line.entry_id,
        "account": line.account_id,
        "debit": "999.00",
        "credit": "0",
        "memo": "",
    }

    responses = [
        client.post(reverse("admin:finance_journalline_add"), data),
        client.post(reverse("admin:finance_journalline_change", args=[line.pk]), data),
        client.post(reverse("admin:finance_journalline_delete", args=[line.pk]), {"post": "yes"}),
        client.post(
            reverse("admin:finance_journalline_changelist"),
            {"action": "delete_selected", "_selected_action": [line.pk], "post": "yes"},
        ),
    ]
    _check_deferred_constraints()

    assert [response.status_code for response in responses] == [403, 403, 403, 200]
    assert _ledger_state() == before
    # The lines stay visible, read only, with no add button.
    listing = client.get(reverse("admin:finance_journalline_changelist"))
    assert listing.status_code == 200
    assert reverse("admin:finance_journalline_add") not in listing.content.decode()
    detail = client.get(reverse("admin:finance_journalline_change", args=[line.pk]))
    assert detail.status_code == 200
    assert 'name="debit"' not in detail.content.decode()


def test_deleting_a_journal_entry_in_the_admin_deletes_its_lines(client, ledger):
    _admin_user, demo, _ = ledger
    client.force_login(demo)
    entry = JournalEntry.objects.filter(user=demo).order_by("pk").first()
    others = sorted(JournalLine.objects.exclude(entry=entry).values_list("pk", flat=True))
    url = reverse("admin:finance_journalentry_delete", args=[entry.pk])

    page = client.get(url)
    response = client.post(url, {"post": "yes"})
    _check_deferred_constraints()

    assert page.status_code == 200
    assert "Are you sure" in page.content.decode()
    assert response.status_code == 302
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()
    assert not JournalLine.objects.filter(entry_id=entry.pk).exists()
    assert sorted(JournalLine.objects.values_list("pk", flat=True)) == others


def test_deleting_an_account_with_lines_in_the_admin_is_refused_with_a_message(client, ledger):
    _admin_user, demo, _ = ledger
    client.force_login(demo)
    cash = _account(demo, "cash wallet")
    lines = JournalLine.objects.filter(account=cash).count()
    assert lines > 0
    before = _ledger_state()
    url = reverse("admin:finance_account_delete", args=[cash.pk])

    page = client.get(url)
    response = client.post(url, {"post": "yes"})
    bulk = client.post(
        reverse("admin:finance_account_changelist"),
        {"action": "delete_selected", "_selected_action": [cash.pk], "post": "yes"},
    )

    for answer in (page, response, bulk):
        assert answer.status_code == 200
        text = answer.content.decode()
        assert "would require deleting the following protected related objects" in text
        assert "Journal line: " in text
    assert Account.objects.filter(pk=cash.pk).exists()
    assert _ledger_state() == before
