"""finance.selectors: typeahead, subtypes and the trial balance."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

import pytest

from finance.models import AccountType, TrialBalanceSetting
from finance.selectors import (
    SUBTYPE_CATALOGUE,
    UnknownAccountTypeError,
    _prefix_rows,
    account_prefix_matches,
    account_search,
    account_subtypes,
    prefix_upper_bound,
    trial_balance,
)
from finance.tests.conftest import at, make_account, post


def names(results):
    return [row["name"] for row in results]


def test_prefix_upper_bound_increments_last_code_point():
    assert prefix_upper_bound("ab") == "ac"
    assert prefix_upper_bound("é") == "ê"
    assert prefix_upper_bound("a\U0010ffff") == "b"
    assert prefix_upper_bound("\ud7ff") == "\ue000"
    assert prefix_upper_bound("\U0010ffff") is None


def test_search_matches_normalized_prefix_in_name_order(user):
    for name in ["Savings", "salary", "Cash", "SAFE box", "Sa"]:
        make_account(user, name)
    assert names(account_search(user=user, query="sa")) == [
        "Sa",
        "SAFE box",
        "salary",
        "Savings",
    ]


@pytest.mark.parametrize("query", ["ÉPA", "  ÉPA", "épa\t", "\u00a0Épargne\u00a0", "ÉPARGNE"])
def test_search_normalizes_query_like_names(user, query):
    make_account(user, "Épargne")
    make_account(user, "Epargne sans accent")
    assert names(account_search(user=user, query=query)) == ["Épargne"]


def test_search_unaccented_query_does_not_match_accented_name(user):
    make_account(user, "Épargne")
    assert names(account_search(user=user, query="epa")) == []


def test_search_handles_non_latin_capitals(user):
    make_account(user, "ΣΊΣΥΦΟΣ Fund")
    make_account(user, "Straße")
    assert names(account_search(user=user, query="σίσ")) == ["ΣΊΣΥΦΟΣ Fund"]
    assert names(account_search(user=user, query="STRA")) == ["Straße"]


def test_search_active_accounts_first_then_inactive(user):
    make_account(user, "Card A", is_active=False)
    make_account(user, "Card B")
    make_account(user, "Card C", is_active=False)
    make_account(user, "Card D")
    assert names(account_search(user=user, query="card")) == [
        "Card B",
        "Card D",
        "Card A",
        "Card C",
    ]


def test_search_second_tier_later_word_only_after_prefix_matches(user):
    make_account(user, "Visa card")
    make_account(user, "Old card", is_active=False)
    make_account(user, "Cardiff rent")
    make_account(user, "Discard pile")
    make_account(user, "Amex-Card")
    assert names(account_search(user=user, query="card")) == [
        "Cardiff rent",
        "Amex-Card",
        "Visa card",
        "Old card",
    ]


def test_search_second_tier_not_run_when_first_tier_fills_limit(user, django_assert_num_queries):
    make_account(user, "Card 1")
    make_account(user, "Card 2")
    make_account(user, "Visa card")
    with django_assert_num_queries(1):
        assert names(account_search(user=user, query="card", limit=2)) == ["Card 1", "Card 2"]


def test_search_limit_defaults_to_10_and_is_capped_at_50(user):
    for number in range(60):
        make_account(user, f"Account {number:02d}")
    assert len(account_search(user=user, query="acc")) == 10
    assert len(account_search(user=user, query="acc", limit=1000)) == 50
    assert names(account_search(user=user, query="acc", limit=3)) == [
        "Account 00",
        "Account 01",
        "Account 02",
    ]


def test_search_filters_by_type_and_returns_fields(user):
    card = make_account(user, "Card", "liability", "credit card")
    make_account(user, "Car", "asset")
    assert account_search(user=user, query="car", account_type="liability") == [
        {
            "id": card.pk,
            "name": "Card",
            "account_type": "liability",
            "account_subtype": "credit card",
        }
    ]


def test_search_unknown_type_raises(user):
    with pytest.raises(UnknownAccountTypeError):
        account_search(user=user, query="car", account_type="cash")


def test_search_never_returns_another_users_accounts(user, other_user):
    make_account(other_user, "Cash")
    make_account(other_user, "Petty cash")
    assert account_search(user=user, query="cash") == []
    assert account_search(user=user, query="") == []


def test_search_empty_query_returns_most_recently_used(user):
    never_used = make_account(user, "Never used")
    old = make_account(user, "Old")
    recent = make_account(user, "Recent")
    post(user, at("2025-01-01"), (old, "5"), (recent, "-5"))
    post(user, at("2025-06-01"), (recent, "7"), (old, "-7"))
    post(user, at("2025-03-01"), (old, "1"), (recent, "-1"))
    inactive = make_account(user, "Inactive newest", is_active=False)
    result = names(account_search(user=user, query="   "))
    # Never used was created now, after every posting: it counts as used now.
    assert result == [never_used.name, recent.name, old.name, inactive.name]


def test_subtypes_merge_catalogue_with_users_own(user, other_user):
    make_account(user, "Brokerage", "asset", "Crypto")
    make_account(user, "Wallet", "asset", "Cash")  # already in the catalogue
    make_account(user, "Shares", "asset", "bonds")
    make_account(user, "Card", "liability", "store card")
    make_account(other_user, "Theirs", "asset", "gold")
    assert account_subtypes(user=user, account_type="asset") == [
        *SUBTYPE_CATALOGUE[AccountType.ASSET],
        "bonds",
        "Crypto",
    ]


def test_subtypes_catalogue_covers_every_type(user):
    for account_type in AccountType.values:
        assert account_subtypes(user=user, account_type=account_type)


def test_subtypes_unknown_type_raises_with_valid_types(user):
    with pytest.raises(UnknownAccountTypeError) as caught:
        account_subtypes(user=user, account_type="cash")
    assert caught.value.valid_types == ["asset", "liability", "equity", "income", "expense"]


# The trial balance ------------------------------------------------------------

ACCOUNT_PLAN = [
    ("Cash", "asset", "cash"),
    ("Checking", "asset", "checking"),
    ("House", "asset", None),
    ("Visa", "liability", "credit card"),
    ("Mortgage", "liability", "mortgage"),
    ("Opening", "equity", None),
    ("Salary", "income", "salary"),
    ("Interest", "income", "interest"),
    ("Food", "expense", "food"),
    ("Rent", "expense", "housing"),
    ("Unused", "expense", "food"),
]


def generated_ledger(user, *, seed=20251218, entries=120):
    """Random balanced entries; returns accounts and their (date, debit, credit) postings."""
    rng = random.Random(seed)
    accounts = [make_account(user, *plan) for plan in ACCOUNT_PLAN]
    used = accounts[:-1]
    postings = defaultdict(list)
    start = datetime.date(2025, 1, 1)
    for _ in range(entries):
        day = start + datetime.timedelta(days=rng.randrange(365))
        debits = [Decimal(rng.randrange(1, 100_000)) / 100 for _ in range(rng.randrange(1, 4))]
        total = sum(debits)
        first_credit = (total / 3).quantize(Decimal("0.01"))
        credits = [first_credit, total - first_credit] if first_credit else [total]
        pairs = [(rng.choice(used), amount) for amount in debits]
        pairs += [(rng.choice(used), -amount) for amount in credits]
        post(user, at(day.isoformat(), hour=rng.randrange(24)), *pairs)
        for account, amount in pairs:
            debit = amount if amount > 0 else Decimal(0)
            credit = -amount if amount < 0 else Decimal(0)
            postings[account.pk].append((day, debit, credit))
    return accounts, postings


def expected_totals(postings, account_pk, as_of=None):
    debit = credit = Decimal(0)
    for day, line_debit, line_credit in postings[account_pk]:
        if as_of is None or day <= as_of:
            debit += line_debit
            credit += line_credit
    return debit, credit


def flatten(result):
    """(account id, debit, credit, balance) of every row, in order."""
    rows = []
    for group in result.groups:
        for sub in group.groups or [group]:
            rows += [(r.id, r.totals.debit, r.totals.credit, r.totals.balance) for r in sub.rows]
    return rows


@pytest.mark.parametrize("as_of", [None, datetime.date(2025, 6, 30), datetime.date(2024, 1, 1)])
def test_trial_balance_totals_match_independent_sums(user, other_user, as_of):
    accounts, postings = generated_ledger(user)
    generated_ledger(other_user, seed=7, entries=20)  # must not leak into the user's figures
    TrialBalanceSetting.objects.create(user=user, include_zero_balances=True)

    result = trial_balance(user=user, as_of=as_of)

    expected_rows = {}
    for account in accounts:
        debit, credit = expected_totals(postings, account.pk, as_of)
        expected_rows[account.pk] = (account.pk, debit, credit, debit - credit)
    assert sorted(flatten(result)) == sorted(expected_rows.values())
    grand_debit = sum(row[1] for row in expected_rows.values())
    grand_credit = sum(row[2] for row in expected_rows.values())
    assert (result.totals.debit, result.totals.credit) == (grand_debit, grand_credit)
    assert result.totals.debit == result.totals.credit
    for group in result.groups:
        members = [a.pk for a in accounts if a.account_type == group.account_type]
        assert group.totals.debit == sum(expected_rows[pk][1] for pk in members)
        assert group.totals.credit == sum(expected_rows[pk][2] for pk in members)
    assert [group.account_type for group in result.groups] == [
        "asset",
        "liability",
        "equity",
        "income",
        "expense",
    ]


def test_trial_balance_groups_by_subtype_when_set(user):
    accounts, postings = generated_ledger(user, entries=40)
    TrialBalanceSetting.objects.create(user=user, group_by_subtype=True, include_zero_balances=True)
    result = trial_balance(user=user)
    assets = result.groups[0]
    assert assets.rows == []
    assert [sub.account_subtype for sub in assets.groups] == ["cash", "checking", None]
    for sub in assets.groups:
        members = [
            a.pk
            for a in accounts
            if a.account_type == "asset" and a.account_subtype == sub.account_subtype
        ]
        assert [row.id for row in sub.rows] == members
        assert sub.totals.debit == sum(expected_totals(postings, pk)[0] for pk in members)
        assert sub.totals.credit == sum(expected_totals(postings, pk)[1] for pk in members)
    assert assets.totals.debit == sum(sub.totals.debit for sub in assets.groups)


def test_trial_balance_leaves_out_zero_balances_by_default(user):
    cash = make_account(user, "Cash")
    bank = make_account(user, "Bank")
    make_account(user, "Unused")
    post(user, at("2025-01-01"), (cash, "10"), (bank, "-10"))
    post(user, at("2025-01-02"), (bank, "10"), (cash, "-10"))
    assert trial_balance(user=user).groups == []
    TrialBalanceSetting.objects.create(user=user, include_zero_balances=True)
    rows = flatten(trial_balance(user=user))
    zero = Decimal("0.00")
    assert rows == [
        (bank.pk, Decimal("10.00"), Decimal("10.00"), zero),
        (cash.pk, Decimal("10.00"), Decimal("10.00"), zero),
        (rows[2][0], zero, zero, zero),
    ]


def test_trial_balance_as_of_includes_the_whole_day(user):
    cash = make_account(user, "Cash")
    salary = make_account(user, "Salary", "income")
    post(user, at("2025-03-31", hour=23), (cash, "5"), (salary, "-5"))
    post(user, at("2025-04-01", hour=0), (cash, "7"), (salary, "-7"))
    result = trial_balance(user=user, as_of=datetime.date(2025, 3, 31))
    assert (result.totals.debit, result.totals.credit) == (Decimal("5.00"), Decimal("5.00"))


def test_trial_balance_reads_balances_in_one_grouped_query(user, django_assert_num_queries):
    generated_ledger(user, entries=30)

    # The accounts joined to one grouped query over the month rows, the setting
    # brought along; the end of a month needs no journal line at all.
    with django_assert_num_queries(1) as captured:
        trial_balance(user=user, as_of=datetime.date(2025, 12, 31))

    statements = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in statements if "finance_journal_line" in sql]
    reading_months = [sql for sql in statements if "finance_account_month_balance" in sql]
    assert len(reading_months) == 1
    assert "GROUP BY" in reading_months[0]


def test_trial_balance_inside_a_month_reads_only_that_months_lines(user, django_assert_num_queries):
    generated_ledger(user, entries=30)

    with django_assert_num_queries(1) as captured:
        trial_balance(user=user, as_of=datetime.date(2025, 12, 10))

    (statement,) = [
        q["sql"] for q in captured.captured_queries if "finance_journal_line" in q["sql"]
    ]
    # The month rows before December, plus the lines of 1 to 10 December.
    assert "finance_account_month_balance" in statement
    assert statement.count("posted_at >=") == 1


@pytest.mark.parametrize("account_type", [None, "asset", "income"])
@pytest.mark.parametrize("is_active", [True, False])
@pytest.mark.parametrize("prefix", ["c", "ca", "sal", "é", "\U0010ffff", "zz"])
def test_compiled_first_tier_returns_what_the_queryset_returns(
    user, other_user, prefix, is_active, account_type
):
    for owner in (user, other_user):
        for name, kind in [
            ("Cash", "asset"),
            ("Card", "asset"),
            ("Salary", "income"),
            ("Épargne", "asset"),
            ("Éa", "income"),
            ("\U0010ffffX", "asset"),
        ]:
            make_account(owner, name, kind, is_active=is_active or name != "Card")

    rows = _prefix_rows(
        user=user, prefix=prefix, is_active=is_active, account_type=account_type, limit=2
    )

    expected = account_prefix_matches(
        user=user, prefix=prefix, is_active=is_active, account_type=account_type
    )[:2]
    assert rows == list(expected)
