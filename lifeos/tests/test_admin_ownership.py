"""Ownership in the admin: staff who are not superusers see, pick and edit only their rows."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from finance.models import Account, Transaction
from habits.models import Habit
from lifeos.testing.demo import seed_small


@pytest.fixture
def two_demo_users(db):
    """``demo`` and ``demo2`` with their own demo data; returns (demo, demo2, admin)."""
    seed_small(users=2)
    users = get_user_model().objects.in_bulk(
        ["demo@example.com", "demo2@example.com", "admin@example.com"], field_name="email"
    )
    return users["demo@example.com"], users["demo2@example.com"], users["admin@example.com"]


def _client(client, user):
    client.force_login(user)
    return client


def test_staff_changelist_lists_only_their_rows(client, two_demo_users):
    demo, _demo2, _ = two_demo_users
    response = _client(client, demo).get(reverse("admin:finance_account_changelist"))

    assert response.status_code == 200
    listed = list(response.context_data["cl"].queryset)
    assert listed
    assert {account.user_id for account in listed} == {demo.pk}
    assert len(listed) == Account.objects.filter(user=demo).count()


def test_superuser_changelist_lists_every_users_rows(client, two_demo_users):
    demo, demo2, admin_user = two_demo_users
    response = _client(client, admin_user).get(reverse("admin:finance_account_changelist"))

    assert response.status_code == 200
    assert {a.user_id for a in response.context_data["cl"].queryset} == {demo.pk, demo2.pk}


def test_staff_cannot_open_another_users_row(client, two_demo_users):
    demo, demo2, _ = two_demo_users
    theirs = Habit.objects.filter(user=demo2).first()
    client = _client(client, demo)

    change = client.get(reverse("admin:habits_habit_change", args=[theirs.pk]))
    post = client.post(
        reverse("admin:habits_habit_change", args=[theirs.pk]),
        {"name": "Hijacked", "schedule_type": "daily", "target_count": 1},
    )

    # The admin answers exactly as for a row that does not exist.
    assert change.status_code == 302
    assert change.url == reverse("admin:index")
    assert post.status_code == 302
    theirs.refresh_from_db()
    assert theirs.name != "Hijacked"


def test_staff_autocomplete_offers_only_their_rows(client, two_demo_users):
    demo, _demo2, _ = two_demo_users
    response = _client(client, demo).get(
        reverse("admin:autocomplete"),
        {"app_label": "finance", "model_name": "transaction", "field_name": "account", "term": ""},
    )

    assert response.status_code == 200
    ids = {int(result["id"]) for result in json.loads(response.content)["results"]}
    assert ids
    assert ids <= set(Account.objects.filter(user=demo).values_list("pk", flat=True))


def test_superuser_autocomplete_offers_every_users_rows(client, two_demo_users):
    demo, demo2, admin_user = two_demo_users
    response = _client(client, admin_user).get(
        reverse("admin:autocomplete"),
        {"app_label": "habits", "model_name": "habitlog", "field_name": "habit", "term": "Run"},
    )

    owners = Habit.objects.filter(
        pk__in=[int(result["id"]) for result in json.loads(response.content)["results"]]
    ).values_list("user_id", flat=True)
    assert set(owners) == {demo.pk, demo2.pk}


def test_staff_add_form_offers_only_their_rows_and_no_owner_field(client, two_demo_users):
    demo, _, _ = two_demo_users
    response = _client(client, demo).get(reverse("admin:finance_transaction_add"))

    form = response.context_data["adminform"].form
    assert "user" not in form.fields
    assert set(form.fields["account"].queryset) == set(Account.objects.filter(user=demo))


def test_staff_cannot_pick_another_users_row_by_id(client, two_demo_users):
    demo, demo2, _ = two_demo_users
    theirs = Account.objects.filter(user=demo2).first()
    before = Transaction.objects.count()

    response = _client(client, demo).post(
        reverse("admin:finance_transaction_add"),
        {
            "occurred_at_0": "2025-12-01",
            "occurred_at_1": "10:00:00",
            "amount": "12.50",
            "description": "Sneaky",
            "account": theirs.pk,
        },
    )

    assert response.status_code == 200
    assert "account" in response.context_data["adminform"].form.errors
    assert Transaction.objects.count() == before


def test_staff_add_belongs_to_them(client, two_demo_users):
    demo, _, _ = two_demo_users
    response = _client(client, demo).post(
        reverse("admin:habits_habit_add"),
        {
            "name": "Stretch",
            "schedule_type": "daily",
            "target_count": 1,
            "logs-TOTAL_FORMS": 0,
            "logs-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    assert Habit.objects.get(name="Stretch").user == demo


def test_staff_duplicate_name_is_a_form_error(client, two_demo_users):
    demo, _, _ = two_demo_users
    before = Habit.objects.count()
    response = _client(client, demo).post(
        reverse("admin:habits_habit_add"),
        {
            "name": "Meditate",
            "schedule_type": "daily",
            "target_count": 1,
            "logs-TOTAL_FORMS": 0,
            "logs-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert response.context_data["adminform"].form.non_field_errors()
    assert Habit.objects.count() == before
