"""Ownership in the admin: staff who are not superusers see, pick and edit only their rows."""

import json

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from finance.models import Account, Transaction
from habits.models import Habit, HabitLog
from lifeos.admin import (
    ScopedAllValuesFieldListFilter,
    ScopedRelatedFieldListFilter,
    UserScopedAdminMixin,
)
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


class HabitLogFilterAdmin(UserScopedAdminMixin, admin.ModelAdmin):
    """Every kind of filter through a relation, including the ones no admin uses yet."""

    list_filter = (
        "habit",
        ("habit", admin.RelatedFieldListFilter),
        ("habit", admin.RelatedOnlyFieldListFilter),
        "habit__name",
        "habit__target_count",
        ("habit__name", admin.AllValuesFieldListFilter),
        "habit__is_active",
        "habit__user",
        "user",
        ("user", admin.RelatedFieldListFilter),
    )


def _filter_choices(rf, user):
    """{(title, filter class): set of choice labels} of HabitLogFilterAdmin for ``user``."""
    request = rf.get("/admin/habits/habitlog/")
    request.user = user
    changelist = HabitLogFilterAdmin(HabitLog, admin.site).get_changelist_instance(request)
    return {
        (spec.field_path, type(spec).__name__): {
            str(choice["display"]) for choice in spec.choices(changelist)
        }
        - {"All"}
        for spec in changelist.filter_specs
    }


def test_staff_list_filters_through_relations_offer_only_their_rows_and_values(rf, two_demo_users):
    """Staff filters read the staff user's rows only; the owner filters are dropped."""
    demo, _demo2, _ = two_demo_users
    habits = Habit.objects.filter(user=demo)
    logged = Habit.objects.filter(logs__user=demo).distinct()
    assert Habit.objects.exclude(user=demo).exists()

    choices = _filter_choices(rf, demo)

    assert choices == {
        ("habit", "ScopedRelatedFieldListFilter"): {str(h) for h in habits},
        ("habit", "RelatedOnlyFieldListFilter"): {str(h) for h in logged},
        ("habit__name", "ScopedAllValuesFieldListFilter"): {h.name for h in logged},
        ("habit__target_count", "ScopedAllValuesFieldListFilter"): {
            str(h.target_count) for h in logged
        },
        ("habit__is_active", "BooleanFieldListFilter"): {"Yes", "No"},
        # habit__user: a single choice (the staff user), so the filter is not shown.
    }


def test_superuser_list_filters_keep_djangos_choices(rf, two_demo_users):
    """Superusers keep Django's filters: every user's rows and values, owners included."""
    demo, demo2, admin_user = two_demo_users

    choices = _filter_choices(rf, admin_user)

    assert choices[("habit", "RelatedFieldListFilter")] == {str(h) for h in Habit.objects.all()}
    assert choices[("habit__name", "AllValuesFieldListFilter")] == set(
        Habit.objects.values_list("name", flat=True)
    )
    assert {str(demo), str(demo2)} <= choices[("user", "RelatedFieldListFilter")]


def test_scoped_list_filters_are_used_only_for_staff(rf, two_demo_users):
    """The scoped classes replace Django's leaking ones for staff users only."""
    demo, _demo2, admin_user = two_demo_users
    model_admin = HabitLogFilterAdmin(HabitLog, admin.site)
    staff_request, super_request = rf.get("/"), rf.get("/")
    staff_request.user, super_request.user = demo, admin_user

    staff_filters = model_admin.get_list_filter(staff_request)

    assert staff_filters == [
        ("habit", ScopedRelatedFieldListFilter),
        ("habit", ScopedRelatedFieldListFilter),
        ("habit", admin.RelatedOnlyFieldListFilter),
        ("habit__name", ScopedAllValuesFieldListFilter),
        ("habit__target_count", ScopedAllValuesFieldListFilter),
        ("habit__name", ScopedAllValuesFieldListFilter),
        "habit__is_active",
        ("habit__user", ScopedRelatedFieldListFilter),
    ]
    assert model_admin.get_list_filter(super_request) == list(HabitLogFilterAdmin.list_filter)
