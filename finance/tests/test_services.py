"""finance.services: accounts and journal entries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from finance.models import Account, JournalEntry, JournalLine
from finance.services import (
    MAX_LINES_PER_ENTRY,
    AccountExistsError,
    AccountInUseError,
    AccountValidationError,
    JournalEntryValidationError,
    account_create,
    account_delete,
    account_update,
    journal_entry_create,
    journal_entry_update,
)
from finance.tests.conftest import at, make_account


def test_account_create_stores_trimmed_name_and_normalized_name(user):
    account = account_create(
        user=user, name="  Épargne Logement ", account_type="asset", account_subtype=" savings "
    )
    account.refresh_from_db()
    assert (account.name, account.normalized_name) == ("Épargne Logement", "épargne logement")
    assert (account.account_type, account.account_subtype, account.is_active) == (
        "asset",
        "savings",
        True,
    )
    assert account.user_id == user.pk


def test_account_create_blank_subtype_is_no_subtype(user):
    account = account_create(user=user, name="Cash", account_type="asset", account_subtype="  ")
    assert account.account_subtype is None


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name."),
        ({"name": "   "}, "name", "Enter a name."),
        ({"name": None}, "name", "Enter a name."),
        ({"name": "x" * 256}, "name", "Use at most 255 characters (it has 256)."),
        (
            {"account_type": "cash"},
            "account_type",
            "Unknown account type 'cash'; use one of: asset, liability, equity, income, expense.",
        ),
        (
            {"account_subtype": "s" * 65},
            "account_subtype",
            "Use at most 64 characters (it has 65).",
        ),
    ],
)
def test_account_create_rejects_bad_input_per_field(user, values, field, message):
    arguments = {"name": "Cash", "account_type": "asset", "account_subtype": None, **values}
    with pytest.raises(AccountValidationError) as caught:
        account_create(user=user, **arguments)
    assert caught.value.message_dict == {field: [message]}
    assert not Account.objects.exists()


def test_account_create_reports_every_bad_field_at_once(user):
    with pytest.raises(AccountValidationError) as caught:
        account_create(user=user, name="", account_type="nope", account_subtype="s" * 65)
    assert sorted(caught.value.message_dict) == ["account_subtype", "account_type", "name"]


def test_account_create_accepts_255_characters(user):
    account = account_create(user=user, name="x" * 255, account_type="expense")
    assert len(account.name) == 255


def test_account_create_same_normalized_name_raises_with_existing_account(user):
    existing = make_account(user, "Épargne")
    with pytest.raises(AccountExistsError) as caught:
        account_create(user=user, name="  ÉPARGNE ", account_type="income")
    assert caught.value.account == existing
    assert Account.objects.count() == 1


def test_account_create_same_name_for_another_user_is_allowed(user, other_user):
    make_account(other_user, "Cash")
    account = account_create(user=user, name="cash", account_type="asset")
    assert account.user_id == user.pk
    assert Account.objects.count() == 2


def test_account_update_rename_keeps_normalized_name_in_sync(user):
    account = make_account(user, "Cash")
    account_update(user=user, account=account, name=" Wallet ÄÖ ")
    account.refresh_from_db()
    assert (account.name, account.normalized_name) == ("Wallet ÄÖ", "wallet äö")


def test_account_update_changes_only_given_fields(user):
    account = make_account(user, "Cash", account_subtype="cash")
    Account.objects.filter(pk=account.pk).update(name="Changed elsewhere")
    account_update(user=user, account=account, is_active=False)
    account.refresh_from_db()
    assert (account.name, account.is_active, account.account_subtype) == (
        "Changed elsewhere",
        False,
        "cash",
    )


def test_account_update_rename_onto_another_account_raises(user):
    make_account(user, "Cash")
    wallet = make_account(user, "Wallet")
    with pytest.raises(AccountExistsError):
        account_update(user=user, account=wallet, name="CASH")
    wallet.refresh_from_db()
    assert wallet.name == "Wallet"


def test_account_update_rejects_bad_values_and_unknown_fields(user):
    account = make_account(user, "Cash")
    with pytest.raises(AccountValidationError) as caught:
        account_update(user=user, account=account, account_type="cash")
    assert list(caught.value.message_dict) == ["account_type"]
    with pytest.raises(AccountValidationError) as caught:
        account_update(user=user, account=account, user_id=99)
    assert caught.value.message_dict == {"user_id": ["This field cannot be changed."]}
    account.refresh_from_db()
    assert account.account_type == "asset"


def test_account_update_of_another_users_account_is_not_found(user, other_user):
    theirs = make_account(other_user, "Cash")
    with pytest.raises(Account.DoesNotExist):
        account_update(user=user, account=theirs, name="Mine")
    theirs.refresh_from_db()
    assert theirs.name == "Cash"


@pytest.fixture
def cash(user):
    return make_account(user, "Cash")


@pytest.fixture
def salary(user):
    return make_account(user, "Salary", "income")


def test_journal_entry_create_saves_entry_and_lines(user, cash, salary):
    entry = journal_entry_create(
        user=user,
        posted_at=at("2025-12-18"),
        description="Pay day",
        reference="PAY-12",
        lines=[
            {"account_id": cash.pk, "debit": "1200.50", "memo": "net"},
            {"account": salary, "credit": Decimal("1200.5")},
        ],
    )
    entry.refresh_from_db()
    assert (entry.user_id, entry.description, entry.reference) == (user.pk, "Pay day", "PAY-12")
    lines = list(entry.lines.order_by("id").values_list("account_id", "debit", "credit", "memo"))
    assert lines == [
        (cash.pk, Decimal("1200.50"), Decimal("0.00"), "net"),
        (salary.pk, Decimal("0.00"), Decimal("1200.50"), None),
    ]
    assert set(entry.lines.values_list("user_id", flat=True)) == {user.pk}


@pytest.mark.parametrize(
    ("lines", "message", "line"),
    [
        ([], "A journal entry needs at least two lines.", None),
        ([{"debit": "10"}], "A journal entry needs at least two lines.", None),
        (
            [{"debit": "10.00"}, {"credit": "9.99"}],
            "Debits (10.00) must equal credits (9.99).",
            None,
        ),
        (
            [{"debit": "10.00"}, {"credit": "10.001"}],
            "Line 2: the credit 10.001 has more than two decimal places.",
            2,
        ),
        ([{"debit": "-10"}, {"credit": "-10"}], "Line 1: the debit must be positive (got -10).", 1),
        ([{"debit": "0"}, {"credit": "0"}], "Line 1: the debit must be positive (got 0).", 1),
        ([{"debit": "ten"}, {"credit": "10"}], "Line 1: debit 'ten' is not a number.", 1),
        ([{"debit": "NaN"}, {"credit": "10"}], "Line 1: debit 'NaN' is not a number.", 1),
        (
            [{"debit": 10.5}, {"credit": "10.50"}],
            'Line 1: give the debit as a string or decimal, e.g. "12.50".',
            1,
        ),
        (
            [{"debit": "10", "credit": "10"}, {"credit": "10"}],
            "Line 1: give exactly one of debit or credit.",
            1,
        ),
        ([{"debit": "10"}, {"memo": "nothing"}], "Line 2: give exactly one of debit or credit.", 2),
        (
            [{"debit": "10000000000000000"}, {"credit": "10000000000000000"}],
            "Line 1: the debit 10000000000000000 is too large (below 10,000,000,000,000,000).",
            1,
        ),
        (
            [{"debit": "10"}, {"credit": "10", "memo": "m" * 2001}],
            "Line 2: the memo has more than 2000 characters.",
            2,
        ),
    ],
)
def test_journal_entry_create_rejects_bad_lines_and_writes_nothing(
    user, cash, salary, lines, message, line
):
    accounts = [cash, salary]
    lines = [{"account": accounts[index % 2], **values} for index, values in enumerate(lines)]
    with pytest.raises(JournalEntryValidationError) as caught:
        journal_entry_create(user=user, posted_at=at("2025-12-18"), lines=lines)
    assert (caught.value.message, caught.value.line) == (message, line)
    assert not JournalEntry.objects.exists()
    assert not JournalLine.objects.exists()


def test_journal_entry_create_line_without_account_is_rejected(user, cash):
    with pytest.raises(JournalEntryValidationError) as caught:
        journal_entry_create(
            user=user,
            posted_at=at("2025-12-18"),
            lines=[{"account": cash, "debit": "5"}, {"credit": "5"}],
        )
    assert caught.value.message == "Line 2: choose an account."


def test_journal_entry_create_another_users_account_behaves_as_missing(user, other_user, cash):
    theirs = make_account(other_user, "Their cash")
    missing_id = theirs.pk + 1000
    messages = []
    for account_id in (theirs.pk, missing_id):
        with pytest.raises(JournalEntryValidationError) as caught:
            journal_entry_create(
                user=user,
                posted_at=at("2025-12-18"),
                lines=[{"account": cash, "debit": "5"}, {"account_id": account_id, "credit": "5"}],
            )
        messages.append(caught.value.message.replace(f"account {account_id} ", "account <id> "))
    assert messages == ["Line 2: account <id> does not exist."] * 2
    assert not JournalEntry.objects.exists()
    assert not JournalLine.objects.exists()


def test_journal_entry_create_requires_aware_posted_at(user, cash, salary):
    lines = [{"account": cash, "debit": "5"}, {"account": salary, "credit": "5"}]
    naive = at("2025-12-18").replace(tzinfo=None)
    with pytest.raises(JournalEntryValidationError, match="aware"):
        journal_entry_create(user=user, posted_at=naive, lines=lines)
    with pytest.raises(JournalEntryValidationError, match="posted_at"):
        journal_entry_create(user=user, posted_at=None, lines=lines)
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize(
    "posted_at",
    [
        datetime.datetime(1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
        datetime.datetime(9999, 12, 31, 23, tzinfo=datetime.timezone(-datetime.timedelta(hours=5))),
    ],
)
def test_journal_entry_create_and_update_reject_posted_at_outside_storable_range(
    user, cash, salary, posted_at
):
    lines = [{"account": cash, "debit": "5"}, {"account": salary, "credit": "5"}]
    entry = journal_entry_create(user=user, posted_at=at("2025-12-18"), lines=lines)
    message = (
        f"posted_at {posted_at.isoformat()} is out of range: give a date and time between "
        "0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z (in UTC)."
    )

    with pytest.raises(JournalEntryValidationError) as created:
        journal_entry_create(user=user, posted_at=posted_at, lines=lines)
    with pytest.raises(JournalEntryValidationError) as updated:
        journal_entry_update(user=user, entry=entry, posted_at=posted_at, lines=lines)

    assert (created.value.message, created.value.line) == (message, None)
    assert (updated.value.message, updated.value.line) == (message, None)
    entry.refresh_from_db()
    assert entry.posted_at == at("2025-12-18")
    assert JournalEntry.objects.count() == 1
    assert JournalLine.objects.count() == 2


def test_journal_entry_create_many_lines_balance(user, cash, salary):
    lines = [{"account": cash, "debit": "0.01"} for _ in range(3)]
    lines.append({"account": salary, "credit": "0.03"})
    entry = journal_entry_create(user=user, posted_at=at("2025-12-18"), lines=lines)
    assert entry.lines.count() == 4


def _lines_of(entry):
    return list(
        JournalLine.objects.filter(entry=entry)
        .order_by("id")
        .values_list("account__name", "debit", "credit", "memo")
    )


def _pay(user, cash, salary, amount="100.00"):
    return journal_entry_create(
        user=user,
        posted_at=at("2025-12-18"),
        description="Pay",
        lines=[{"account": cash, "debit": amount}, {"account": salary, "credit": amount}],
    )


def test_journal_entry_update_replaces_fields_and_lines(user, cash, salary):
    entry = _pay(user, cash, salary)
    rent = make_account(user, "Rent", "expense")

    journal_entry_update(
        user=user,
        entry=entry,
        posted_at=at("2025-12-19"),
        description="Pay, corrected",
        reference="FIX-1",
        lines=[
            {"account": cash, "debit": "80.00", "memo": "net"},
            {"account": rent, "debit": "20.00"},
            {"account": salary, "credit": "100.00"},
        ],
    )

    entry.refresh_from_db()
    assert (entry.posted_at, entry.description, entry.reference) == (
        at("2025-12-19"),
        "Pay, corrected",
        "FIX-1",
    )
    assert _lines_of(entry) == [
        ("Cash", Decimal("80.00"), Decimal("0.00"), "net"),
        ("Rent", Decimal("20.00"), Decimal("0.00"), None),
        ("Salary", Decimal("0.00"), Decimal("100.00"), None),
    ]


def test_journal_entry_update_into_imbalance_changes_nothing(user, cash, salary):
    entry = _pay(user, cash, salary)
    before = _lines_of(entry)

    with pytest.raises(JournalEntryValidationError, match=r"Debits \(90.00\) must equal"):
        journal_entry_update(
            user=user,
            entry=entry,
            posted_at=at("2025-12-20"),
            lines=[{"account": cash, "debit": "90.00"}, {"account": salary, "credit": "100.00"}],
        )

    entry.refresh_from_db()
    assert (entry.posted_at, entry.description) == (at("2025-12-18"), "Pay")
    assert _lines_of(entry) == before


def test_journal_entry_update_of_another_users_entry_behaves_as_missing(
    user, other_user, cash, salary
):
    entry = _pay(user, cash, salary)

    with pytest.raises(JournalEntry.DoesNotExist):
        journal_entry_update(
            user=other_user,
            entry=entry,
            posted_at=at("2025-12-20"),
            lines=[{"account": cash, "debit": "1.00"}, {"account": salary, "credit": "1.00"}],
        )

    assert _lines_of(entry) == [
        ("Cash", Decimal("100.00"), Decimal("0.00"), None),
        ("Salary", Decimal("0.00"), Decimal("100.00"), None),
    ]


def test_journal_entry_create_posts_an_entry_of_the_most_lines_allowed(user):
    cash, salary = make_account(user, "Cash"), make_account(user, "Salary", "income")
    lines = [
        {"account": cash, "debit": "0.10"} if number % 2 else {"account": salary, "credit": "0.10"}
        for number in range(MAX_LINES_PER_ENTRY)
    ]
    entry = journal_entry_create(user=user, posted_at=at("2025-12-18"), lines=lines)
    assert MAX_LINES_PER_ENTRY == 10_000
    assert entry.lines.count() == 10_000


def test_journal_entry_create_refuses_one_line_more_than_the_limit(user):
    cash, salary = make_account(user, "Cash"), make_account(user, "Salary", "income")
    lines = [{"account": cash, "debit": "5000.00"}] + [
        {"account": salary, "credit": "0.50"} for _ in range(MAX_LINES_PER_ENTRY)
    ]
    with pytest.raises(JournalEntryValidationError) as raised:
        journal_entry_create(user=user, posted_at=at("2025-12-18"), lines=lines)
    assert raised.value.message == "A journal entry has at most 10,000 lines (this one has 10,001)."
    assert raised.value.line is None
    assert not JournalEntry.objects.exists()
    assert not JournalLine.objects.exists()


def test_account_delete_refuses_an_account_with_lines_and_deletes_nothing(user):
    cash, salary = make_account(user, "Cash"), make_account(user, "Salary", "income")
    journal_entry_create(
        user=user,
        posted_at=at("2025-12-18"),
        lines=[{"account": cash, "debit": "5.00"}, {"account": salary, "credit": "5.00"}],
    )

    with pytest.raises(AccountInUseError) as raised:
        account_delete(user=user, account=cash)

    assert str(raised.value) == (
        "The account 'Cash' cannot be deleted: 1 journal line posts to it. Delete or change "
        "those journal entries first, or mark the account inactive."
    )
    assert raised.value.lines == 1
    assert sorted(Account.objects.values_list("name", flat=True)) == ["Cash", "Salary"]
    assert JournalLine.objects.count() == 2


def test_account_delete_deletes_an_account_without_lines(user):
    cash, spare = make_account(user, "Cash"), make_account(user, "Spare")
    account_delete(user=user, account=spare)
    assert list(Account.objects.values_list("pk", flat=True)) == [cash.pk]


def test_deleting_a_user_with_a_ledger_deletes_it_and_leaves_other_users_rows(user, other_user):
    ledgers = {}
    for owner in (user, other_user):
        cash, salary = make_account(owner, "Cash"), make_account(owner, "Salary", "income")
        entry = journal_entry_create(
            user=owner,
            posted_at=at("2025-12-18"),
            lines=[{"account": cash, "debit": "7.00"}, {"account": salary, "credit": "7.00"}],
        )
        ledgers[owner.pk] = (
            sorted(Account.objects.filter(user=owner).values_list("pk", flat=True)),
            [entry.pk],
            sorted(entry.lines.values_list("pk", flat=True)),
        )

    user.delete()
    if connection.vendor == "postgresql":  # the ledger check a commit runs
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert (
        sorted(Account.objects.values_list("pk", flat=True)),
        list(JournalEntry.objects.values_list("pk", flat=True)),
        sorted(JournalLine.objects.values_list("pk", flat=True)),
    ) == ledgers[other_user.pk]
