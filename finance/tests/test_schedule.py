"""The cash-flow schedule: rows through the services, their occurrences, the admin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import MoneyScheduleDailyBalance, MoneyScheduleRow
from finance.selectors import (
    PlanningValidationError,
    occurrences,
    schedule_row_get,
    schedule_row_list,
)
from finance.services import schedule_row_create, schedule_row_delete, schedule_row_update
from finance.tests.conftest import make_account

D = datetime.date.fromisoformat


def dates(*values):
    return [D(value) for value in values]


def occurs(event_date, recurrence, start, end, until=None):
    return occurrences(
        event_date=D(event_date),
        recurrence=recurrence,
        recurrence_until=D(until) if until else None,
        start=D(start),
        end=D(end),
    )


# Occurrences ---------------------------------------------------------------------


def test_monthly_row_on_the_31st_is_clamped_per_month_from_the_original_day():
    assert occurs("2024-01-31", "monthly", "2024-01-01", "2024-05-31") == dates(
        "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"
    )
    assert occurs("2025-01-31", "monthly", "2025-01-01", "2025-03-31") == dates(
        "2025-01-31", "2025-02-28", "2025-03-31"
    )


def test_monthly_row_starting_long_before_the_window_falls_on_its_day():
    assert occurs("2020-01-31", "monthly", "2025-02-01", "2025-03-31") == dates(
        "2025-02-28", "2025-03-31"
    )


def test_yearly_row_on_29_february_falls_on_28_february_in_common_years():
    assert occurs("2024-02-29", "yearly", "2024-01-01", "2028-12-31") == dates(
        "2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"
    )


def test_weekly_row_every_seven_days_from_the_first_in_the_window():
    assert occurs("2025-01-01", "weekly", "2025-01-05", "2025-01-31") == dates(
        "2025-01-08", "2025-01-15", "2025-01-22", "2025-01-29"
    )


def test_recurrence_until_cuts_the_series_inclusively():
    assert occurs("2025-01-01", "weekly", "2025-01-01", "2025-03-01", "2025-01-15") == dates(
        "2025-01-01", "2025-01-08", "2025-01-15"
    )
    assert occurs("2025-01-31", "monthly", "2025-01-01", "2025-12-31", "2025-03-30") == dates(
        "2025-01-31", "2025-02-28"
    )


def test_one_off_row_occurs_once_inside_the_window_only():
    assert occurs("2025-01-10", "none", "2025-01-01", "2025-01-31") == dates("2025-01-10")
    assert occurs("2025-02-10", "none", "2025-01-01", "2025-01-31") == []


def test_series_ending_before_or_starting_after_the_window_has_no_occurrence():
    assert occurs("2025-01-01", "weekly", "2025-03-01", "2025-03-31", "2025-02-01") == []
    assert occurs("2025-04-01", "monthly", "2025-03-01", "2025-03-31") == []


# Services ------------------------------------------------------------------------


def test_schedule_row_create_stores_the_parsed_row(user):
    checking = make_account(user, "Checking")

    row = schedule_row_create(
        user=user,
        account_id=checking.pk,
        event_date="2025-01-31",
        amount="-1200.50",
        memo="  Rent ",
        recurrence="monthly",
        recurrence_until="2025-12-31",
    )

    assert schedule_row_get(user=user, row_id=row.pk) == {
        "id": row.pk,
        "account_id": checking.pk,
        "event_date": D("2025-01-31"),
        "amount": Decimal("-1200.50"),
        "memo": "Rent",
        "recurrence": "monthly",
        "recurrence_until": D("2025-12-31"),
    }


def test_schedule_row_list_has_only_the_users_rows_by_date(user, other_user):
    checking = make_account(user, "Checking")
    theirs = make_account(other_user, "Checking")
    late = schedule_row_create(
        user=user, account_id=checking.pk, event_date=D("2025-03-01"), amount=Decimal("5")
    )
    early = schedule_row_create(
        user=user, account_id=checking.pk, event_date=D("2025-02-01"), amount=Decimal("-5")
    )
    schedule_row_create(
        user=other_user, account_id=theirs.pk, event_date=D("2025-01-01"), amount=Decimal("1")
    )

    assert [row["id"] for row in schedule_row_list(user=user)] == [early.pk, late.pk]


def test_another_users_account_is_not_found_like_a_missing_one(user, other_user):
    theirs = make_account(other_user, "Their checking")
    messages = []
    for account_id in (theirs.pk, 999_999):
        with pytest.raises(PlanningValidationError) as caught:
            schedule_row_create(
                user=user, account_id=account_id, event_date="2025-01-01", amount="10.00"
            )
        messages.append(caught.value.message_dict["account_id"][0].replace(str(account_id), "N"))

    assert messages[0] == messages[1] == "Account N does not exist."
    assert MoneyScheduleRow.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "12.345"),
        ("amount", "0"),
        ("amount", 12.5),
        ("amount", "1e16"),
        ("amount", "abc"),
        ("event_date", "2025-02-30"),
        ("recurrence", "daily"),
        ("recurrence_until", "2024-12-31"),
        ("memo", "x" * 2001),
    ],
)
def test_bad_schedule_row_input_names_the_field_and_writes_nothing(user, field, value):
    checking = make_account(user, "Checking")
    fields = {
        "account_id": checking.pk,
        "event_date": "2025-01-01",
        "amount": "10.00",
        "recurrence": "monthly",
    }
    fields[field] = value

    with pytest.raises(PlanningValidationError) as caught:
        schedule_row_create(user=user, **fields)

    assert list(caught.value.message_dict) == [field]
    assert MoneyScheduleRow.objects.count() == 0


def test_every_bad_field_is_named_at_once(user):
    with pytest.raises(PlanningValidationError) as caught:
        schedule_row_create(user=user, account_id="x", event_date="soon", amount="0")

    assert set(caught.value.message_dict) == {"account_id", "event_date", "amount"}


def test_an_update_cannot_clear_a_required_field(user):
    checking = make_account(user, "Checking")
    row = schedule_row_create(user=user, account_id=checking.pk, event_date="2025-03-01", amount=1)

    with pytest.raises(PlanningValidationError) as caught:
        schedule_row_update(user=user, row_id=row.pk, amount=None, event_date="")

    assert caught.value.message_dict == {
        "amount": ["This field is required."],
        "event_date": ["This field is required."],
    }


def test_a_one_off_row_cannot_be_given_an_end_date(user):
    checking = make_account(user, "Checking")

    with pytest.raises(PlanningValidationError) as caught:
        schedule_row_create(
            user=user,
            account_id=checking.pk,
            event_date="2025-01-01",
            amount="10",
            recurrence_until="2025-06-01",
        )

    assert "recurrence_until" in caught.value.message_dict


def test_schedule_row_update_changes_only_the_fields_given(user):
    checking = make_account(user, "Checking")
    savings = make_account(user, "Savings")
    row = schedule_row_create(
        user=user,
        account_id=checking.pk,
        event_date="2025-01-01",
        amount="10.00",
        memo="Gym",
        recurrence="weekly",
    )

    schedule_row_update(user=user, row_id=row.pk, amount="-12.30", account_id=savings.pk)

    assert schedule_row_get(user=user, row_id=row.pk) | {"id": None} == {
        "id": None,
        "account_id": savings.pk,
        "event_date": D("2025-01-01"),
        "amount": Decimal("-12.30"),
        "memo": "Gym",
        "recurrence": "weekly",
        "recurrence_until": None,
    }


def test_update_checks_the_end_date_against_the_stored_event_date(user):
    checking = make_account(user, "Checking")
    row = schedule_row_create(
        user=user,
        account_id=checking.pk,
        event_date="2025-03-01",
        amount="10",
        recurrence="monthly",
    )

    with pytest.raises(PlanningValidationError) as caught:
        schedule_row_update(user=user, row_id=row.pk, recurrence_until="2025-02-28")

    assert list(caught.value.message_dict) == ["recurrence_until"]
    row.refresh_from_db()
    assert row.recurrence_until is None


def test_making_a_row_one_off_drops_its_end_date(user):
    checking = make_account(user, "Checking")
    row = schedule_row_create(
        user=user,
        account_id=checking.pk,
        event_date="2025-03-01",
        amount="10",
        recurrence="monthly",
        recurrence_until="2025-12-01",
    )

    schedule_row_update(user=user, row_id=row.pk, recurrence="none")

    row.refresh_from_db()
    assert (row.recurrence, row.recurrence_until) == ("none", None)


def test_unknown_fields_cannot_be_updated(user):
    checking = make_account(user, "Checking")
    row = schedule_row_create(user=user, account_id=checking.pk, event_date="2025-03-01", amount=1)

    with pytest.raises(PlanningValidationError) as caught:
        schedule_row_update(user=user, row_id=row.pk, user_id=5)

    assert list(caught.value.message_dict) == ["user_id"]


def test_another_users_row_is_not_found_for_reads_updates_and_deletes(user, other_user):
    theirs = make_account(other_user, "Checking")
    row = schedule_row_create(
        user=other_user, account_id=theirs.pk, event_date="2025-03-01", amount="1"
    )

    for row_id in (row.pk, 999_999, "abc"):
        with pytest.raises(MoneyScheduleRow.DoesNotExist):
            schedule_row_get(user=user, row_id=row_id)
        with pytest.raises(MoneyScheduleRow.DoesNotExist):
            schedule_row_update(user=user, row_id=row_id, amount="5")
        with pytest.raises(MoneyScheduleRow.DoesNotExist):
            schedule_row_delete(user=user, row_id=row_id)

    row.refresh_from_db()
    assert row.amount == Decimal("1.00")


def test_schedule_row_delete_removes_the_row(user):
    checking = make_account(user, "Checking")
    row = schedule_row_create(user=user, account_id=checking.pk, event_date="2025-03-01", amount=1)

    schedule_row_delete(user=user, row_id=row.pk)

    assert not MoneyScheduleRow.objects.filter(pk=row.pk).exists()


# Admin ---------------------------------------------------------------------------


@pytest.fixture
def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    from django.contrib.auth.models import Permission

    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="finance",
            codename__in=[
                f"{action}_{model}"
                for action in ("view", "add", "change", "delete")
                for model in ("moneyschedulerow", "account", "moneyscheduledailybalance")
            ],
        )
    )
    return user


def test_schedule_changelist_shows_the_next_90_days_forecast_chart(client, staff):
    checking = make_account(staff, "Checking")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    schedule_row_create(user=staff, account_id=checking.pk, event_date=tomorrow, amount="-1234.50")
    client.force_login(staff)

    response = client.get(reverse("admin:finance_moneyschedulerow_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg id="forecast-chart"' in page
    assert page.count('class="forecast-bar') == 90
    assert "-1,234.50" in page  # the lowest balance, shown with money()


def test_admin_saves_and_deletes_schedule_rows_through_the_services(
    client, staff, django_capture_on_commit_callbacks
):
    checking = make_account(staff, "Checking")
    client.force_login(staff)
    today = datetime.date.today()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:finance_moneyschedulerow_add"),
            {
                "account": checking.pk,
                "event_date": today.isoformat(),
                "amount": "-40.00",
                "memo": " Phone ",
                "recurrence": "none",
                "recurrence_until": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = MoneyScheduleRow.objects.get(user=staff)
    assert row.memo == "Phone"  # stripped by the service
    stored = MoneyScheduleDailyBalance.objects.get(user=staff, as_of=today, scenario=None)
    assert stored.balance == Decimal("-40.00")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:finance_moneyschedulerow_delete", args=[row.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not MoneyScheduleRow.objects.exists()
    stored = MoneyScheduleDailyBalance.objects.get(user=staff, as_of=today, scenario=None)
    assert stored.balance == Decimal("0.00")


def test_admin_shows_service_errors_on_the_form(client, staff):
    checking = make_account(staff, "Checking")
    client.force_login(staff)

    response = client.post(
        reverse("admin:finance_moneyschedulerow_add"),
        {
            "account": checking.pk,
            "event_date": "2025-03-01",
            "amount": "0",
            "memo": "",
            "recurrence": "monthly",
            "recurrence_until": "2025-01-01",
        },
    )

    assert response.status_code == 200
    errors = response.context_data["adminform"].form.errors
    assert set(errors) == {"amount", "recurrence_until"}
    assert not MoneyScheduleRow.objects.exists()
