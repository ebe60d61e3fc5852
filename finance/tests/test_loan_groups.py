"""Loan groups: sums over their distinct receivables, membership, ownership and bad input."""

import datetime
from decimal import Decimal

import pytest

from finance.models import LoanGroup, LoanGroupLink, ReceivableTracker
from finance.selectors import loan_group_list, loan_group_summary
from finance.services import (
    LoanGroupValidationError,
    loan_group_create,
    loan_group_delete,
    loan_group_update,
    receivable_create,
    receivable_delete,
    receivable_repayment_create,
)

pytestmark = pytest.mark.django_db

D = Decimal


def day(text):
    return datetime.date.fromisoformat(text)


def lend(user, who, principal, rate=None, start="2025-01-01", due=None):
    return receivable_create(
        user=user,
        counterparty=who,
        principal=principal,
        start_date=day(start),
        due_date=day(due) if due else None,
        interest_rate=rate,
    )


def repay(user, tracker, on, amount):
    return receivable_repayment_create(
        user=user, tracker=tracker, entry_date=day(on), amount=amount, memo=None
    )


def figures(summary):
    return (
        summary.principal,
        summary.repaid,
        summary.outstanding_principal,
        summary.outstanding_interest,
        summary.payoff,
        summary.status,
    )


def test_a_group_sums_its_receivables_figures(user):
    # Sam: 1,000.00 at 10 % from 2025-01-01, 100.00 repaid on 2025-02-01:
    #   31 days: 1000 x 0.10 x 31 / 365 = 8.49 interest, 91.51 principal, 908.49 left;
    #   to 2025-03-01, 28 days on 908.49: 6.9692... -> 6.97 outstanding interest.
    sam = lend(user, "Sam", "1000.00", rate="10.00")
    repay(user, sam, "2025-02-01", "100.00")
    # Mia: 300.00 without interest, 50.00 repaid.
    mia = lend(user, "Mia", "300.00")
    repay(user, mia, "2025-01-15", "50.00")
    group = loan_group_create(
        user=user, name="Friends", description="Loans to friends.", tracker_ids=[sam.pk, mia.pk]
    )

    summary = loan_group_summary(user=user, group=group, as_of=day("2025-03-01"))

    assert figures(summary) == (
        D("1300.00"),  # 1000.00 + 300.00
        D("150.00"),  # 100.00 + 50.00
        D("1158.49"),  # 908.49 + 250.00
        D("6.97"),  # 6.97 + 0.00
        D("1165.46"),  # 1158.49 + 6.97
        "open",
    )
    assert (summary.name, summary.description, summary.tracker_ids) == (
        "Friends",
        "Loans to friends.",
        [sam.pk, mia.pk],
    )
    assert [(s.counterparty, s.payoff) for s in summary.receivables] == [
        ("Sam", D("915.46")),
        ("Mia", D("250.00")),
    ]


def test_a_receivable_linked_twice_counts_once(user):
    sam = lend(user, "Sam", "1000.00")
    mia = lend(user, "Mia", "300.00")
    group = loan_group_create(user=user, name="Friends", tracker_ids=[sam.pk, mia.pk])
    # The original application allows the same link twice.
    LoanGroupLink.objects.create(user=user, group=group, tracker=sam)

    summary = loan_group_summary(user=user, group=group.pk, as_of=day("2025-03-01"))

    assert summary.principal == D("1300.00")  # not 2,300.00
    assert summary.payoff == D("1300.00")
    assert summary.tracker_ids == [sam.pk, mia.pk]
    [listed] = loan_group_list(user=user, as_of=day("2025-03-01"))
    assert (listed.principal, listed.tracker_ids) == (D("1300.00"), [sam.pk, mia.pk])


def test_ids_given_twice_are_linked_once(user):
    sam = lend(user, "Sam", "1000.00")

    group = loan_group_create(user=user, name="Friends", tracker_ids=[sam.pk, sam.pk])

    assert LoanGroupLink.objects.filter(group=group).count() == 1


@pytest.mark.parametrize(
    ("dues_and_repaid", "status"),
    [
        # (due date, repaid in full?) per receivable, as of 2025-07-01
        ([("2025-06-30", False), ("2025-12-31", False)], "overdue"),
        ([("2025-06-30", True), ("2025-12-31", False)], "open"),
        ([("2025-06-30", True), (None, True)], "closed"),
        ([], "closed"),
    ],
)
def test_a_group_is_overdue_if_any_is_else_open_if_any_is_else_closed(
    user, dues_and_repaid, status
):
    ids = []
    for due, repaid in dues_and_repaid:
        tracker = lend(user, "Sam", "100.00", due=due)
        if repaid:
            repay(user, tracker, "2025-02-01", "100.00")
        ids.append(tracker.pk)
    group = loan_group_create(user=user, name="Friends", tracker_ids=ids)

    summary = loan_group_summary(user=user, group=group, as_of=day("2025-07-01"))

    assert summary.status == status


def test_a_summary_reads_trackers_and_repayments_in_two_queries(
    user, django_assert_max_num_queries
):
    trackers = [lend(user, f"Friend {n}", "100.00", rate="5.00") for n in range(5)]
    for tracker in trackers:
        for month in (2, 3, 4):
            repay(user, tracker, f"2025-{month:02}-01", "10.00")
    group = loan_group_create(user=user, name="Friends", tracker_ids=[t.pk for t in trackers])

    with django_assert_max_num_queries(2):
        summary = loan_group_summary(user=user, group=group, as_of=day("2025-06-01"))
    with django_assert_max_num_queries(4):
        loan_group_list(user=user, as_of=day("2025-06-01"))

    assert len(summary.receivables) == 5
    assert summary.repaid == D("150.00")


def test_update_replaces_the_membership_only_when_tracker_ids_are_given(user):
    sam = lend(user, "Sam", "1000.00")
    mia = lend(user, "Mia", "300.00")
    group = loan_group_create(user=user, name="Friends", tracker_ids=[sam.pk])
    LoanGroupLink.objects.create(user=user, group=group, tracker=sam)  # a legacy duplicate

    loan_group_update(user=user, group=group, name=" Close friends ", description="")
    group.refresh_from_db()
    assert (group.name, group.description) == ("Close friends", None)
    assert LoanGroupLink.objects.filter(group=group).count() == 2

    loan_group_update(user=user, group=group.pk, tracker_ids=[mia.pk, sam.pk])
    assert sorted(
        LoanGroupLink.objects.filter(group=group).values_list("tracker_id", flat=True)
    ) == [
        sam.pk,
        mia.pk,
    ]

    loan_group_update(user=user, group=group, tracker_ids=[])
    assert not LoanGroupLink.objects.filter(group=group).exists()


def test_another_users_receivable_id_is_not_found_like_a_missing_one(user, other_user):
    mine = lend(user, "Sam", "1000.00")
    theirs = lend(other_user, "Eve", "500.00")
    missing = theirs.pk + 1000

    messages = {}
    for tracker_id in (theirs.pk, missing):
        with pytest.raises(LoanGroupValidationError) as excinfo:
            loan_group_create(user=user, name="Friends", tracker_ids=[mine.pk, tracker_id])
        messages[tracker_id] = excinfo.value.message_dict

    assert messages == {
        theirs.pk: {"tracker_ids": [f"Receivable {theirs.pk} does not exist."]},
        missing: {"tracker_ids": [f"Receivable {missing} does not exist."]},
    }
    assert not LoanGroup.objects.exists()


def test_another_users_group_is_as_missing_as_a_missing_one(user, other_user):
    theirs = loan_group_create(user=other_user, name="Theirs")
    for target in (theirs, theirs.pk, 999_999):
        with pytest.raises(LoanGroup.DoesNotExist):
            loan_group_summary(user=user, group=target, as_of=day("2025-01-01"))
        with pytest.raises(LoanGroup.DoesNotExist):
            loan_group_update(user=user, group=target, name="Mine")
        with pytest.raises(LoanGroup.DoesNotExist):
            loan_group_delete(user=user, group=target)
    assert LoanGroup.objects.get(pk=theirs.pk).name == "Theirs"
    assert loan_group_list(user=user) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "n" * 129}, "name"),
        ({"name": None}, "name"),
        ({"description": 5}, "description"),
        ({"tracker_ids": "1,2"}, "tracker_ids"),
        ({"tracker_ids": [True]}, "tracker_ids"),
        ({"tracker_ids": ["1"]}, "tracker_ids"),
        ({"tracker_ids": [0]}, "tracker_ids"),
        ({"tracker_ids": [2**40]}, "tracker_ids"),
    ],
)
def test_bad_group_input_is_refused_naming_the_field(user, fields, field):
    with pytest.raises(LoanGroupValidationError) as excinfo:
        loan_group_create(user=user, **{"name": "Friends", **fields})

    assert list(excinfo.value.message_dict) == [field]
    assert not LoanGroup.objects.exists()


def test_update_refuses_unknown_fields(user):
    group = loan_group_create(user=user, name="Friends")
    with pytest.raises(LoanGroupValidationError) as excinfo:
        loan_group_update(user=user, group=group, user_id=5)
    assert excinfo.value.message_dict == {"user_id": ["This field cannot be changed."]}


def test_deleting_a_group_keeps_its_receivables_and_deleting_a_receivable_leaves_the_group(user):
    sam = lend(user, "Sam", "1000.00")
    mia = lend(user, "Mia", "300.00")
    group = loan_group_create(user=user, name="Friends", tracker_ids=[sam.pk, mia.pk])

    receivable_delete(user=user, tracker=sam)
    summary = loan_group_summary(user=user, group=group, as_of=day("2025-01-01"))
    assert (summary.tracker_ids, summary.principal) == ([mia.pk], D("300.00"))

    loan_group_delete(user=user, group=group)
    assert not LoanGroup.objects.exists()
    assert not LoanGroupLink.objects.exists()
    assert list(ReceivableTracker.objects.values_list("pk", flat=True)) == [mia.pk]


# Admin -------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, db):
    from django.contrib.auth.models import Permission

    from lifeos.testing.builders import make_user

    staff = make_user("staff", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="finance"))
    client.force_login(staff)
    return client, staff


def _group_post(name, tracker_ids, initial=()):
    data = {
        "name": name,
        "description": "",
        "links-TOTAL_FORMS": len(initial) + len(tracker_ids),
        "links-INITIAL_FORMS": len(initial),
    }
    for index, (link_id, tracker_id, delete) in enumerate(
        [*initial, *((None, t, False) for t in tracker_ids)]
    ):
        data[f"links-{index}-id"] = link_id or ""
        data[f"links-{index}-tracker"] = tracker_id
        if delete:
            data[f"links-{index}-DELETE"] = "on"
    return data


def test_the_admin_writes_a_group_and_its_members_through_the_services(staff_client):
    from django.urls import reverse

    client, staff = staff_client
    sam = lend(staff, "Sam", "1000.00")
    mia = lend(staff, "Mia", "300.00")

    response = client.post(
        reverse("admin:finance_loangroup_add"), _group_post(" Friends ", [sam.pk, mia.pk, sam.pk])
    )

    assert response.status_code == 302
    group = LoanGroup.objects.get(user=staff)
    assert group.name == "Friends"
    # Linked once each, as loan_group_update links them.
    assert sorted(group.links.values_list("tracker_id", flat=True)) == [sam.pk, mia.pk]

    link = group.links.get(tracker=mia)
    others = [(x.pk, x.tracker_id, False) for x in group.links.exclude(pk=link.pk)]
    response = client.post(
        reverse("admin:finance_loangroup_change", args=[group.pk]),
        _group_post("Friends", [], initial=[*others, (link.pk, mia.pk, True)]),
    )
    assert response.status_code == 302
    assert list(group.links.values_list("tracker_id", flat=True)) == [sam.pk]


def test_the_group_change_page_shows_its_sums(staff_client):
    from django.urls import reverse

    client, staff = staff_client
    sam = lend(staff, "Sam", "1000.00")
    mia = lend(staff, "Mia", "234.56")
    group = loan_group_create(user=staff, name="Friends", tracker_ids=[sam.pk, mia.pk])
    LoanGroupLink.objects.create(user=staff, group=group, tracker=sam)  # counted once

    page = client.get(reverse("admin:finance_loangroup_change", args=[group.pk]))

    assert page.status_code == 200
    assert "1,234.56" in page.content.decode()  # 1,000.00 + 234.56, not 2,234.56
    assert "2,234.56" not in page.content.decode()


def test_links_are_read_only_on_their_own_admin_page(staff_client):
    from django.urls import reverse

    client, _ = staff_client
    assert client.get(reverse("admin:finance_loangroup_add")).status_code == 200
    assert client.get(reverse("admin:finance_loangrouplink_add")).status_code == 403


def test_the_demo_receivables_obey_the_rules_and_their_status_column(db):
    from finance.models import ReceivableManualEntry
    from finance.selectors import receivable_statement
    from finance.services import receivable_new_overpayments
    from lifeos.testing.demo import seed_small

    seed_small(users=1)

    trackers = list(ReceivableTracker.objects.all())
    assert trackers
    for tracker in trackers:
        rows = [
            (e.pk, e.entry_date, e.amount, e.memo)
            for e in ReceivableManualEntry.objects.filter(tracker=tracker)
        ]
        # Nothing overpaid, checked as if every repayment were new.
        overpaid = receivable_new_overpayments(
            tracker=ReceivableTracker(
                user=tracker.user,
                principal=tracker.principal,
                interest_rate=tracker.interest_rate,
                start_date=tracker.start_date,
            ),
            repayments=rows,
        )
        assert overpaid == [], tracker
        last = max((row[1] for row in rows), default=tracker.start_date)
        at_last = receivable_statement(user=tracker.user, tracker=tracker, as_of=last)
        expected = "closed" if rows and at_last.payoff == 0 else "open"
        assert tracker.status == expected, tracker
    for group in LoanGroup.objects.all():
        summary = loan_group_summary(user=group.user, group=group)
        assert summary.principal == sum(
            ReceivableTracker.objects.filter(group_links__group=group)
            .distinct()
            .values_list("principal", flat=True),
            D("0.00"),
        )
