"""Receivables with interest: the statement's figures worked by hand, and the services' rules.

Interest is simple, actual/365, rounded half-up to the cent at each repayment:
interest = outstanding principal x rate / 100 x days / 365.
"""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from finance.models import ReceivableManualEntry, ReceivableTracker
from finance.selectors import receivable_list, receivable_statement
from finance.services import (
    ReceivableOverpaymentError,
    ReceivableValidationError,
    receivable_create,
    receivable_delete,
    receivable_repayment_create,
    receivable_repayment_delete,
    receivable_repayment_update,
    receivable_update,
)
from lifeos.testing.builders import make_user

pytestmark = pytest.mark.django_db

D = Decimal


def day(text):
    return datetime.date.fromisoformat(text)


def lend(user, principal="1000.00", rate="10.00", start="2025-01-01", due=None, who="Sam"):
    return receivable_create(
        user=user,
        counterparty=who,
        principal=principal,
        start_date=day(start),
        due_date=day(due) if due else None,
        interest_rate=rate,
    )


def repay(user, tracker, on, amount, memo=None):
    return receivable_repayment_create(
        user=user, tracker=tracker, entry_date=day(on), amount=amount, memo=memo
    )


def lines(statement):
    return [
        (str(e.entry_date), e.amount, e.interest_part, e.principal_part, e.outstanding_after)
        for e in statement.entries
    ]


def field_errors(excinfo):
    return excinfo.value.message_dict


# The statement -----------------------------------------------------------------


def test_each_repayment_pays_accrued_interest_first_then_principal(user):
    tracker = lend(user)  # 1,000.00 at 10 % from 2025-01-01
    repay(user, tracker, "2025-02-01", "100.00")
    repay(user, tracker, "2025-03-01", "100.00")

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-03-31"))

    # 2025-02-01, 31 days on 1,000.00: 1000 x 0.10 x 31 / 365 = 8.4931... -> 8.49;
    #   principal part 100.00 - 8.49 = 91.51; left 1000.00 - 91.51 = 908.49.
    # 2025-03-01, 28 days on 908.49: 908.49 x 0.10 x 28 / 365 = 2543.772 / 365
    #   = 6.9692... -> 6.97; principal part 93.03; left 908.49 - 93.03 = 815.46.
    assert lines(statement) == [
        ("2025-02-01", D("100.00"), D("8.49"), D("91.51"), D("908.49")),
        ("2025-03-01", D("100.00"), D("6.97"), D("93.03"), D("815.46")),
    ]
    # To 2025-03-31, 30 days on 815.46: 815.46 x 0.10 x 30 / 365 = 2446.38 / 365
    #   = 6.7024... -> 6.70.
    assert statement.principal == D("1000.00")
    assert statement.interest_rate == D("10.00")
    assert statement.repaid == D("200.00")
    assert statement.interest_paid == D("15.46")  # 8.49 + 6.97
    assert statement.principal_paid == D("184.54")  # 91.51 + 93.03
    assert statement.outstanding_principal == D("815.46")
    assert statement.outstanding_interest == D("6.70")
    assert statement.interest_accrued == D("22.16")  # 15.46 + 6.70
    assert statement.payoff == D("822.16")  # 815.46 + 6.70
    assert statement.status == "open"
    assert statement.as_of == day("2025-03-31")


def test_interest_is_rounded_half_up_to_the_cent_at_each_repayment(user):
    # 1,000.05 at 10 % for 365 days: 1000.05 x 0.10 x 365 / 365 = 100.005 exactly:
    # half-up gives 100.01 (half-even would give 100.00).
    tracker = lend(user, principal="1000.05", start="2025-01-01")
    repay(user, tracker, "2026-01-01", "100.01")

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2026-01-01"))

    assert lines(statement) == [
        ("2026-01-01", D("100.01"), D("100.01"), D("0.00"), D("1000.05")),
    ]
    assert statement.outstanding_interest == D("0.00")
    assert statement.payoff == D("1000.05")


def test_rounding_is_per_period_not_on_the_total(user):
    # 10.00 at 20 %: a day's interest is 10 x 0.20 / 365 = 0.005479... -> 0.01 at each
    # daily repayment; rounded once over 3 days it would be 0.0164... -> 0.02.
    tracker = lend(user, principal="10.00", rate="20.00", start="2025-01-01")
    for on in ("2025-01-02", "2025-01-03", "2025-01-04"):
        repay(user, tracker, on, "0.01")

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-01-04"))

    assert [e.interest_part for e in statement.entries] == [D("0.01")] * 3
    assert statement.interest_paid == D("0.03")
    assert statement.payoff == D("10.00")


def test_a_repayment_smaller_than_the_interest_leaves_it_unpaid_without_compounding(user):
    tracker = lend(user)  # 1,000.00 at 10 % from 2025-01-01
    repay(user, tracker, "2025-02-01", "5.00")
    repay(user, tracker, "2025-03-01", "20.00")

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-03-01"))

    # 2025-02-01: 8.49 accrued (as above), 5.00 paid, 3.49 unpaid; principal untouched.
    # 2025-03-01: 28 days on 1,000.00 (not on 1,003.49): 1000 x 0.10 x 28 / 365
    #   = 7.6712... -> 7.67; unpaid 3.49 + 7.67 = 11.16 paid first; principal 8.84.
    assert lines(statement) == [
        ("2025-02-01", D("5.00"), D("5.00"), D("0.00"), D("1000.00")),
        ("2025-03-01", D("20.00"), D("11.16"), D("8.84"), D("991.16")),
    ]
    assert statement.entries[0].payoff_after == D("1003.49")
    assert statement.outstanding_interest == D("0.00")
    assert statement.payoff == D("991.16")


def test_interest_accrues_after_the_last_repayment_to_as_of(user):
    tracker = lend(user)

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-07-01"))

    # 181 days on 1,000.00: 1000 x 0.10 x 181 / 365 = 49.5890... -> 49.59.
    assert statement.entries == []
    assert statement.outstanding_interest == D("49.59")
    assert statement.interest_accrued == D("49.59")
    assert statement.payoff == D("1049.59")


@pytest.mark.parametrize("rate", [None, "0", "0.00"])
def test_a_null_or_zero_rate_accrues_no_interest(user, rate):
    tracker = lend(user, principal="500.00", rate=rate)
    repay(user, tracker, "2025-06-01", "200.00")

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-12-31"))

    assert lines(statement) == [("2025-06-01", D("200.00"), D("0.00"), D("200.00"), D("300.00"))]
    assert statement.interest_rate == D("0.00")
    assert statement.interest_accrued == D("0.00")
    assert statement.payoff == D("300.00")


def test_a_backdated_repayment_recomputes_every_later_split(user):
    tracker = lend(user)
    repay(user, tracker, "2025-03-01", "100.00")
    # Alone: 59 days on 1,000.00 = 1000 x 0.10 x 59 / 365 = 16.1643... -> 16.16.
    alone = receivable_statement(user=user, tracker=tracker, as_of=day("2025-03-01"))
    assert lines(alone) == [("2025-03-01", D("100.00"), D("16.16"), D("83.84"), D("916.16"))]

    repay(user, tracker, "2025-02-01", "100.00")

    # Now as in the first test: 8.49 / 91.51 then 6.97 / 93.03.
    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-03-01"))
    assert lines(statement) == [
        ("2025-02-01", D("100.00"), D("8.49"), D("91.51"), D("908.49")),
        ("2025-03-01", D("100.00"), D("6.97"), D("93.03"), D("815.46")),
    ]


def test_same_date_repayments_apply_in_id_order(user):
    tracker = lend(user)
    first = repay(user, tracker, "2025-02-01", "5.00")
    second = repay(user, tracker, "2025-02-01", "50.00")

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-02-01"))

    # 8.49 accrued: the first pays 5.00 of it, the second the 3.49 left, then 46.51 principal.
    assert [e.id for e in statement.entries] == [first.pk, second.pk]
    assert lines(statement) == [
        ("2025-02-01", D("5.00"), D("5.00"), D("0.00"), D("1000.00")),
        ("2025-02-01", D("50.00"), D("3.49"), D("46.51"), D("953.49")),
    ]


def test_only_repayments_on_or_before_as_of_count(user):
    tracker = lend(user)
    repay(user, tracker, "2025-02-01", "100.00")
    repay(user, tracker, "2025-03-01", "100.00")

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-02-15"))

    # After 2025-02-01: 14 days on 908.49 = 908.49 x 0.10 x 14 / 365 = 3.4846... -> 3.48.
    assert len(statement.entries) == 1
    assert statement.repaid == D("100.00")
    assert statement.outstanding_interest == D("3.48")
    assert statement.payoff == D("911.97")  # 908.49 + 3.48


def test_a_statement_before_the_start_shows_the_principal_without_interest(user):
    tracker = lend(user, start="2025-01-01")

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2024-12-01"))

    assert statement.payoff == D("1000.00")
    assert statement.outstanding_interest == D("0.00")


# Status ------------------------------------------------------------------------


def test_status_is_open_until_the_due_date_then_overdue_then_closed_when_repaid(user):
    tracker = lend(user, rate=None, due="2025-06-30")

    def status(on):
        return receivable_statement(user=user, tracker=tracker, as_of=day(on)).status

    assert status("2025-06-30") == "open"
    assert status("2025-07-01") == "overdue"
    repay(user, tracker, "2025-07-15", "1000.00")
    assert status("2025-07-14") == "overdue"
    assert status("2025-08-01") == "closed"


def test_the_status_column_closes_when_the_payoff_reaches_zero_and_reopens(user):
    tracker = lend(user)
    repay(user, tracker, "2025-02-01", "500.00")
    tracker.refresh_from_db()
    assert tracker.status == "open"

    # Payoff on 2025-02-01 was 1,008.49 (8.49 interest): 508.49 is left.
    last = repay(user, tracker, "2025-02-01", "508.49")
    tracker.refresh_from_db()
    assert tracker.status == "closed"
    closed = receivable_statement(user=user, tracker=tracker, as_of=day("2026-01-01"))
    assert (closed.payoff, closed.outstanding_interest, closed.status) == (
        D("0.00"),
        D("0.00"),
        "closed",
    )

    receivable_repayment_delete(user=user, entry=last)
    tracker.refresh_from_db()
    assert tracker.status == "open"


def test_raising_the_principal_of_a_closed_receivable_reopens_it(user):
    tracker = lend(user, rate=None)
    repay(user, tracker, "2025-02-01", "1000.00")
    tracker.refresh_from_db()
    assert tracker.status == "closed"

    receivable_update(user=user, tracker=tracker, principal="1200.00")

    tracker.refresh_from_db()
    assert tracker.status == "open"
    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-03-01"))
    assert statement.payoff == D("200.00")


# Overpayment -------------------------------------------------------------------


def test_an_overpayment_is_refused_naming_the_payoff_and_nothing_is_written(user):
    tracker = lend(user)

    with pytest.raises(ReceivableOverpaymentError) as excinfo:
        repay(user, tracker, "2025-02-01", "1008.50")

    # Payoff on 2025-02-01: 1,000.00 + 8.49 interest = 1,008.49.
    assert field_errors(excinfo) == {
        "amount": ["Repayment of 1008.50 exceeds the payoff of 1008.49 on 2025-02-01."]
    }
    assert excinfo.value.payoff == D("1008.49")
    assert not ReceivableManualEntry.objects.filter(tracker=tracker).exists()
    tracker.refresh_from_db()
    assert tracker.status == "open"


def test_nothing_more_can_be_repaid_once_closed(user):
    tracker = lend(user, rate=None)
    repay(user, tracker, "2025-02-01", "1000.00")

    with pytest.raises(ReceivableOverpaymentError) as excinfo:
        repay(user, tracker, "2025-03-01", "0.01")

    assert field_errors(excinfo) == {
        "amount": ["Repayment of 0.01 exceeds the payoff of 0.00 on 2025-03-01."]
    }


def test_a_backdated_repayment_that_would_overpay_a_later_one_is_refused(user):
    tracker = lend(user, rate=None)
    repay(user, tracker, "2025-03-01", "600.00")

    with pytest.raises(ReceivableOverpaymentError) as excinfo:
        repay(user, tracker, "2025-02-01", "500.00")

    # After 500.00 on 2025-02-01 only 500.00 would be owed on 2025-03-01.
    assert field_errors(excinfo) == {
        "amount": [
            "The later repayment of 600.00 on 2025-03-01 would then exceed the payoff "
            "of 500.00 on its date."
        ]
    }
    assert ReceivableManualEntry.objects.filter(tracker=tracker).count() == 1


def test_lowering_the_principal_below_what_was_repaid_is_refused(user):
    tracker = lend(user, rate=None)
    repay(user, tracker, "2025-03-01", "600.00")

    with pytest.raises(ReceivableOverpaymentError) as excinfo:
        receivable_update(user=user, tracker=tracker, principal="500.00")

    assert field_errors(excinfo) == {
        "principal": [
            "The later repayment of 600.00 on 2025-03-01 would then exceed the payoff "
            "of 500.00 on its date."
        ]
    }
    tracker.refresh_from_db()
    assert tracker.principal == D("1000.00")


def test_changing_a_repayment_is_checked_like_a_new_one(user):
    tracker = lend(user, rate=None)
    entry = repay(user, tracker, "2025-02-01", "100.00")

    with pytest.raises(ReceivableOverpaymentError) as excinfo:
        receivable_repayment_update(user=user, entry=entry, amount="1000.01")
    assert field_errors(excinfo) == {
        "amount": ["Repayment of 1000.01 exceeds the payoff of 1000.00 on 2025-02-01."]
    }

    receivable_repayment_update(user=user, entry=entry, amount="1000.00", memo=" all ")
    entry.refresh_from_db()
    tracker.refresh_from_db()
    assert (entry.amount, entry.memo, tracker.status) == (D("1000.00"), "all", "closed")


def test_a_legacy_overpayment_is_shown_and_does_not_block_other_repayments(user):
    # The original application wrote repayments unchecked.
    tracker = lend(user, principal="100.00", rate=None)
    ReceivableManualEntry.objects.create(
        user=user, tracker=tracker, entry_date=day("2025-02-01"), amount=D("150.00")
    )

    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-03-01"))
    assert statement.outstanding_principal == D("-50.00")
    assert statement.status == "closed"
    with pytest.raises(ReceivableOverpaymentError):
        repay(user, tracker, "2025-03-01", "1.00")
    receivable_update(user=user, tracker=tracker, counterparty="Sam O.")


# Validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"counterparty": "  "}, "counterparty"),
        ({"counterparty": "x" * 256}, "counterparty"),
        ({"principal": "0"}, "principal"),
        ({"principal": "-5.00"}, "principal"),
        ({"principal": "10.001"}, "principal"),
        ({"principal": "1e16"}, "principal"),
        ({"principal": 12.5}, "principal"),
        ({"principal": "abc"}, "principal"),
        ({"principal": None}, "principal"),
        ({"start_date": None}, "start_date"),
        ({"start_date": "2025-02-30"}, "start_date"),
        ({"start_date": datetime.datetime(2025, 1, 1)}, "start_date"),
        ({"due_date": day("2024-12-31")}, "due_date"),
        ({"interest_rate": "1000"}, "interest_rate"),
        ({"interest_rate": "-0.01"}, "interest_rate"),
        ({"interest_rate": "1.234"}, "interest_rate"),
        ({"interest_rate": "NaN"}, "interest_rate"),
    ],
)
def test_bad_receivable_input_is_refused_naming_the_field(user, changes, field):
    fields = {
        "counterparty": "Sam",
        "principal": "1000.00",
        "start_date": day("2025-01-01"),
        "due_date": None,
        "interest_rate": "10.00",
        **changes,
    }
    with pytest.raises(ReceivableValidationError) as excinfo:
        receivable_create(user=user, **fields)

    assert list(field_errors(excinfo)) == [field]
    assert not ReceivableTracker.objects.exists()


def test_large_values_and_the_largest_rate_are_accepted(user):
    # SQLite keeps numeric values as 64-bit floats: 15 significant digits are exact
    # there (as for journal lines); PostgreSQL's numeric(18,2) holds up to 1e16.
    tracker = receivable_create(
        user=user,
        counterparty=" Sam ",
        principal="999999999999.99",
        start_date="2025-01-01",
        due_date="2025-01-01",
        interest_rate="999.99",
    )
    tracker.refresh_from_db()
    assert (tracker.counterparty, tracker.principal, tracker.interest_rate) == (
        "Sam",
        D("999999999999.99"),
        D("999.99"),
    )
    # Thirty years of interest on it stay exact (whole-cent integers).
    statement = receivable_statement(user=user, tracker=tracker, as_of=day("2055-01-01"))
    assert statement.payoff > statement.principal


def test_several_bad_fields_are_reported_together(user):
    with pytest.raises(ReceivableValidationError) as excinfo:
        receivable_create(user=user, counterparty="", principal="0", start_date="soon")
    assert sorted(field_errors(excinfo)) == ["counterparty", "principal", "start_date"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "0"}, "amount", "The amount must be positive (got 0)."),
        ({"amount": "1.005"}, "amount", "The amount 1.005 has more than two decimal places."),
        ({"amount": None}, "amount", "Give the amount."),
        (
            {"entry_date": day("2024-12-31")},
            "entry_date",
            "The repayment date 2024-12-31 is before the start date 2025-01-01.",
        ),
        (
            {"entry_date": "tomorrow"},
            "entry_date",
            "The entry date 'tomorrow' is not a date (YYYY-MM-DD).",
        ),
        ({"memo": "m" * 2001}, "memo", "Use at most 2000 characters for the memo (it has 2001)."),
    ],
)
def test_bad_repayment_input_is_refused_naming_the_field(user, changes, field, message):
    tracker = lend(user)
    fields = {"entry_date": day("2025-02-01"), "amount": "10.00", "memo": None, **changes}

    with pytest.raises(ReceivableValidationError) as excinfo:
        receivable_repayment_create(user=user, tracker=tracker, **fields)

    assert field_errors(excinfo) == {field: [message]}
    assert not ReceivableManualEntry.objects.exists()


def test_the_start_cannot_move_after_the_first_repayment(user):
    tracker = lend(user)
    repay(user, tracker, "2025-02-01", "100.00")

    with pytest.raises(ReceivableValidationError) as excinfo:
        receivable_update(user=user, tracker=tracker, start_date=day("2025-02-02"))

    assert field_errors(excinfo) == {
        "start_date": ["The first repayment is on 2025-02-01: the start date cannot be after it."]
    }


def test_update_refuses_unknown_fields_and_a_due_date_before_the_start(user):
    tracker = lend(user)
    with pytest.raises(ReceivableValidationError) as excinfo:
        receivable_update(user=user, tracker=tracker, status="closed")
    assert field_errors(excinfo) == {"status": ["This field cannot be changed."]}
    with pytest.raises(ReceivableValidationError) as excinfo:
        receivable_update(user=user, tracker=tracker, due_date="2024-01-01")
    assert list(field_errors(excinfo)) == ["due_date"]


def test_update_changes_only_the_given_fields(user):
    tracker = lend(user, due="2025-12-31")

    receivable_update(user=user, tracker=tracker.pk, interest_rate=None, due_date=None)

    tracker.refresh_from_db()
    assert (tracker.interest_rate, tracker.due_date, tracker.principal) == (
        None,
        None,
        D("1000.00"),
    )


# Ownership ---------------------------------------------------------------------


def test_another_users_receivable_is_as_missing_as_a_missing_one(user, other_user):
    theirs = lend(other_user)
    calls = [
        lambda t: receivable_statement(user=user, tracker=t, as_of=day("2025-02-01")),
        lambda t: repay(user, t, "2025-02-01", "1.00"),
        lambda t: receivable_update(user=user, tracker=t, counterparty="Me"),
        lambda t: receivable_delete(user=user, tracker=t),
    ]
    for call in calls:
        for target in (theirs, theirs.pk, 999_999, 2**40):
            with pytest.raises(ReceivableTracker.DoesNotExist):
                call(target)
    assert ReceivableTracker.objects.filter(pk=theirs.pk, counterparty="Sam").exists()
    assert not ReceivableManualEntry.objects.exists()


def test_another_users_repayment_cannot_be_changed_or_deleted(user, other_user):
    theirs = lend(other_user)
    entry = repay(other_user, theirs, "2025-02-01", "10.00")

    with pytest.raises(ReceivableManualEntry.DoesNotExist):
        receivable_repayment_update(user=user, entry=entry, amount="1.00")
    with pytest.raises(ReceivableManualEntry.DoesNotExist):
        receivable_repayment_delete(user=user, entry=entry.pk)
    entry.refresh_from_db()
    assert entry.amount == D("10.00")


def test_deleting_a_receivable_deletes_its_repayments(user):
    tracker = lend(user)
    repay(user, tracker, "2025-02-01", "10.00")

    receivable_delete(user=user, tracker=tracker)

    assert not ReceivableTracker.objects.exists()
    assert not ReceivableManualEntry.objects.exists()


def test_the_list_holds_only_the_users_receivables(user, other_user):
    mine = lend(user, who="Sam")
    lend(other_user, who="Eve")

    statements = receivable_list(user=user, as_of=day("2025-01-01"))

    assert [(s.id, s.counterparty, s.payoff) for s in statements] == [
        (mine.pk, "Sam", D("1000.00"))
    ]


# Performance -------------------------------------------------------------------


def test_a_statement_of_120_repayments_is_one_query_and_takes_at_most_2_ms(
    user, django_assert_max_num_queries
):
    tracker = lend(user, principal="12000.00", rate="5.00", start="2015-01-01")
    ReceivableManualEntry.objects.bulk_create(
        ReceivableManualEntry(
            user=user,
            tracker=tracker,
            entry_date=day(f"{2015 + month // 12}-{month % 12 + 1:02}-01"),
            amount=D("100.00"),
        )
        for month in range(1, 121)
    )

    with django_assert_max_num_queries(1):
        statement = receivable_statement(user=user, tracker=tracker, as_of=day("2025-06-01"))
    assert len(statement.entries) == 120

    # The best of several runs: the machine running the tests is shared.
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        receivable_statement(user=user, tracker=tracker, as_of=day("2025-06-01"))
        timings.append(time.perf_counter() - started)
    assert min(timings) <= 0.002, f"best of 30: {min(timings) * 1000:.2f} ms"


def test_a_statement_by_id_is_two_queries(user):
    tracker = lend(user)
    with CaptureQueriesContext(connection) as queries:
        receivable_statement(user=user, tracker=tracker.pk, as_of=day("2025-02-01"))
    assert len(queries) == 2


# Concurrency -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks serialize concurrent writers on PostgreSQL; SQLite has one writer",
)
def test_concurrent_repayments_cannot_together_overpay():
    user = make_user("racer")
    tracker = lend(user, rate=None)
    start = threading.Barrier(4)
    outcomes = []

    def pay():
        try:
            start.wait()
            repay(user, tracker.pk, "2025-02-01", "400.00")
            outcomes.append("paid")
        except ReceivableOverpaymentError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # 1,000.00 owed: two repayments of 400.00 fit, a third would leave -200.00.
    assert sorted(outcomes) == ["paid", "paid", "refused", "refused"]
    assert ReceivableManualEntry.objects.filter(tracker=tracker).count() == 2


# Admin -------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return make_user("staff", is_staff=True)


def _admin(client, user):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="finance"))
    client.force_login(user)
    return client


def _tracker_post(tracker=None, entries=(), **terms):
    data = {
        "counterparty": "Sam",
        "principal": "1000.00",
        "start_date": "2025-01-01",
        "due_date": "",
        "interest_rate": "10.00",
        **terms,
    }
    existing = list(tracker.manual_entries.order_by("entry_date", "id")) if tracker else []
    rows = [(e.pk, str(e.entry_date), str(e.amount), e.memo or "", False) for e in existing]
    rows += list(entries)
    data["manual_entries-TOTAL_FORMS"] = len(rows)
    data["manual_entries-INITIAL_FORMS"] = len(existing)
    for index, (pk, on, amount, memo, delete) in enumerate(rows):
        prefix = f"manual_entries-{index}-"
        data[prefix + "id"] = pk or ""
        data[prefix + "tracker"] = tracker.pk if tracker else ""
        data[prefix + "entry_date"] = on
        data[prefix + "amount"] = amount
        data[prefix + "memo"] = memo
        if delete:
            data[prefix + "DELETE"] = "on"
    return data


def test_the_admin_adds_a_receivable_with_repayments_through_the_services(client, staff):
    response = _admin(client, staff).post(
        reverse("admin:finance_receivabletracker_add"),
        _tracker_post(entries=[(None, "2025-02-01", "100.00", "first", False)]),
    )

    assert response.status_code == 302, response.context_data["errors"]
    tracker = ReceivableTracker.objects.get(user=staff)
    statement = receivable_statement(user=staff, tracker=tracker, as_of=day("2025-02-01"))
    assert lines(statement) == [("2025-02-01", D("100.00"), D("8.49"), D("91.51"), D("908.49"))]


def test_an_overpaying_inline_repayment_is_a_form_error_naming_the_payoff(client, staff):
    tracker = lend(staff)
    repay(staff, tracker, "2025-02-01", "100.00")
    url = reverse("admin:finance_receivabletracker_change", args=[tracker.pk])

    # Payoff on 2025-03-01: 908.49 left after 2025-02-01, plus 28 days of interest
    # on it (908.49 x 0.10 x 28 / 365 = 6.9692... -> 6.97) = 915.46.
    response = _admin(client, staff).post(
        url, _tracker_post(tracker, entries=[(None, "2025-03-01", "915.47", "", False)])
    )

    assert response.status_code == 200
    [inline] = response.context_data["inline_admin_formsets"]
    assert inline.formset.errors[-1] == {
        "amount": ["Repayment of 915.47 exceeds the payoff of 915.46 on 2025-03-01."]
    }
    assert tracker.manual_entries.count() == 1


def test_the_admin_can_lower_the_principal_and_delete_the_repayment_above_it_at_once(client, staff):
    tracker = lend(staff, rate=None)
    entry = repay(staff, tracker, "2025-03-01", "600.00")
    data = _tracker_post(tracker, principal="500.00", interest_rate="")
    data["manual_entries-0-DELETE"] = "on"

    response = _admin(client, staff).post(
        reverse("admin:finance_receivabletracker_change", args=[tracker.pk]), data
    )

    assert response.status_code == 302
    tracker.refresh_from_db()
    assert tracker.principal == D("500.00")
    assert not ReceivableManualEntry.objects.filter(pk=entry.pk).exists()


def test_lowering_the_principal_below_a_repayment_in_the_admin_is_a_form_error(client, staff):
    tracker = lend(staff, rate=None)
    repay(staff, tracker, "2025-03-01", "600.00")

    response = _admin(client, staff).post(
        reverse("admin:finance_receivabletracker_change", args=[tracker.pk]),
        _tracker_post(tracker, principal="500.00", interest_rate=""),
    )

    assert response.status_code == 200
    assert "would then exceed the payoff of 500.00" in response.content.decode()
    tracker.refresh_from_db()
    assert tracker.principal == D("1000.00")


def test_the_change_page_shows_the_schedule_and_the_changelist_the_payoff(client, staff):
    start = timezone.localdate() - datetime.timedelta(days=31)
    tracker = lend(staff, start=str(start))
    repay(staff, tracker, str(start + datetime.timedelta(days=31)), "100.00")
    _admin(client, staff)

    page = client.get(reverse("admin:finance_receivabletracker_change", args=[tracker.pk]))
    changelist = client.get(reverse("admin:finance_receivabletracker_changelist"))

    # 31 days on 1,000.00 at 10 %: 8.49 interest, 91.51 principal, 908.49 left today.
    html = page.content.decode()
    for figure in ("8.49", "91.51", "908.49"):
        assert figure in html
    assert "908.49" in changelist.content.decode()
    assert "open" in changelist.content.decode()


def test_a_repayment_on_its_own_admin_page_is_checked_too(client, staff):
    tracker = lend(staff, rate=None)

    response = _admin(client, staff).post(
        reverse("admin:finance_receivablemanualentry_add"),
        {"tracker": tracker.pk, "entry_date": "2025-02-01", "amount": "1000.01", "memo": ""},
    )

    assert response.status_code == 200
    assert response.context_data["adminform"].form.errors == {
        "amount": ["Repayment of 1000.01 exceeds the payoff of 1000.00 on 2025-02-01."]
    }
    response = client.post(
        reverse("admin:finance_receivablemanualentry_add"),
        {"tracker": tracker.pk, "entry_date": "2025-02-01", "amount": "1000.00", "memo": ""},
    )
    assert response.status_code == 302
    tracker.refresh_from_db()
    assert tracker.status == "closed"


def test_the_admin_moves_money_between_repayments_in_one_save(client, staff):
    tracker = lend(staff, rate=None)
    repay(staff, tracker, "2025-02-01", "100.00")
    repay(staff, tracker, "2025-03-01", "900.00")
    data = _tracker_post(tracker, interest_rate="")
    # Raising the first to 500.00 alone would overpay the second (900.00 > 500.00).
    data["manual_entries-0-amount"] = "500.00"
    data["manual_entries-1-amount"] = "500.00"

    response = _admin(client, staff).post(
        reverse("admin:finance_receivabletracker_change", args=[tracker.pk]), data
    )

    assert response.status_code == 302
    amounts = list(tracker.manual_entries.order_by("entry_date").values_list("amount", flat=True))
    assert amounts == [D("500.00"), D("500.00")]
    tracker.refresh_from_db()
    assert tracker.status == "closed"


@pytest.mark.parametrize("as_of", ["2025-02-30", "soon", datetime.datetime(2025, 1, 1), 5])
def test_a_bad_as_of_is_refused_naming_it(user, as_of):
    tracker = lend(user)
    with pytest.raises(ValidationError) as excinfo:
        receivable_statement(user=user, tracker=tracker, as_of=as_of)
    assert list(excinfo.value.message_dict) == ["as_of"]


def test_as_of_defaults_to_today_and_takes_an_iso_string(user):
    tracker = lend(user)
    assert receivable_statement(user=user, tracker=tracker).as_of == timezone.localdate()
    assert receivable_statement(user=user, tracker=tracker, as_of=" 2025-02-01").as_of == day(
        "2025-02-01"
    )


def test_a_legacy_repayment_before_the_start_keeps_its_date_when_its_memo_changes(user):
    tracker = lend(user, rate=None, start="2025-01-01")
    entry = ReceivableManualEntry.objects.create(
        user=user, tracker=tracker, entry_date=day("2024-12-15"), amount=D("10.00")
    )

    receivable_repayment_update(user=user, entry=entry, memo="early")

    with pytest.raises(ReceivableValidationError) as excinfo:
        receivable_repayment_update(user=user, entry=entry, entry_date=day("2024-12-01"))
    assert list(field_errors(excinfo)) == ["entry_date"]
