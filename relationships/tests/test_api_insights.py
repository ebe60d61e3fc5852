"""Whom to reconnect with and upcoming birthdays: worked examples in the user's local dates."""

import datetime

import pytest

from relationships import selectors
from relationships.models import Person
from relationships.tests.conftest import json_client, person

RECONNECT = "/relationships/reconnect"
BIRTHDAYS = "/relationships/birthdays"
# 16:00 UTC on 9 March 2025 is 01:00 on 10 March in Seoul (the user's zone).
SEOUL_10_MARCH = "2025-03-09T16:00:00+00:00"


def test_reconnect_orders_by_overdue_days_then_importance(api, user, freeze):
    freeze(SEOUL_10_MARCH)  # today: 10 March 2025
    # 14 days since 24 Feb, weekly interval (5): 7 days overdue.
    person(user, "Mum", importance=5, contacts=["2025-01-05", "2025-02-24"])
    # 21 days since 17 Feb, 14-day interval (4): 7 days overdue, after Mum (less important).
    person(user, "Sam", importance=4, contacts=["2025-02-17"])
    # 60 days since 9 Jan, 30-day interval (3): 30 days overdue.
    person(user, "Jonas", importance=3, contacts=["2025-01-09"])
    # 68 days since 1 Jan, 90-day interval (1): not due for 22 more days.
    person(user, "Olga", importance=1, contacts=["2025-01-01"])
    # Never contacted, added 20 Jan: 49 days; no importance is 3 (30 days): 19 overdue.
    person(user, "New colleague", added="2025-01-20")
    # Never contacted, added 1 March: 9 days, 60-day interval (2): not due.
    person(user, "Recent", importance=2, added="2025-03-01")
    # 95 days since 5 Dec (26 + 31 + 28 + 10), 60-day interval (2): 35 overdue.
    person(user, "Tom", importance=2, contacts=["2024-11-01", "2024-12-05"])
    # Contacted today (Seoul): nothing due.
    person(user, "Dad", importance=5, contacts=["2025-03-10"])

    response = api.get(RECONNECT)

    assert response.status_code == 200
    assert [
        (
            r["name"],
            r["importance_level"],
            r["last_contacted"],
            r["interval_days"],
            r["overdue_days"],
        )
        for r in response.json()
    ] == [
        ("Tom", 2, "2024-12-05", 60, 35),
        ("Jonas", 3, "2025-01-09", 30, 30),
        ("New colleague", None, None, 30, 19),
        ("Mum", 5, "2025-02-24", 7, 7),
        ("Sam", 4, "2025-02-17", 14, 7),
    ]
    assert set(response.json()[0]) == {
        "id",
        "name",
        "importance_level",
        "last_contacted",
        "interval_days",
        "overdue_days",
    }


def test_reconnect_counts_days_in_the_users_time_zone(user, other_user, freeze):
    # The same instant is 10 March in Seoul and 9 March in UTC: a weekly contact
    # last made on 2 March is one day overdue in Seoul, not yet in UTC.
    freeze(SEOUL_10_MARCH)
    person(user, "Mum", importance=5, contacts=["2025-03-02"])
    person(other_user, "Mum", importance=5, contacts=["2025-03-02"])
    other_user.timezone = "UTC"
    other_user.save()

    assert [r["overdue_days"] for r in json_client(user).get(RECONNECT).json()] == [1]
    assert json_client(other_user).get(RECONNECT).json() == []


def test_never_contacted_people_count_from_the_local_day_they_were_added(user, freeze):
    freeze(SEOUL_10_MARCH)
    # Added at 20:00 UTC on 1 Feb: 2 Feb in Seoul, 36 days before 10 March; 30-day interval.
    person(user, "Late-night add", importance=3, added="2025-02-01")
    Person.objects.filter(name="Late-night add").update(created_at="2025-02-01T20:00:00Z")

    rows = selectors.reconnect(user=user)

    assert [(r["name"], r["last_contacted"], r["overdue_days"]) for r in rows] == [
        ("Late-night add", None, 6)
    ]


def test_reconnect_and_birthdays_list_only_your_people(api, user, other_user, freeze):
    freeze(SEOUL_10_MARCH)
    person(other_user, "Their gran", importance=5, birthday="1940-03-11", contacts=["2024-01-01"])

    assert api.get(RECONNECT).json() == []
    assert api.get(BIRTHDAYS).json() == []


def test_birthday_on_29_february_in_a_common_year_is_on_28_february(api, user, freeze):
    freeze("2025-02-20T03:00:00+00:00")  # 20 February 2025 in Seoul; 2025 is not a leap year
    leapling = person(user, "Leapling", birthday="2000-02-29")
    person(user, "March", birthday="1996-03-01")
    person(user, "Later", birthday="1996-03-03")

    response = api.get(BIRTHDAYS, {"days": "10"})  # 20 February to 2 March

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": leapling.pk,
            "name": "Leapling",
            "birthday": "2000-02-29",
            "next_birthday": "2025-02-28",
            "days_until": 8,
            "turning": 25,
        },
        {
            "id": response.json()[1]["id"],
            "name": "March",
            "birthday": "1996-03-01",
            "next_birthday": "2025-03-01",
            "days_until": 9,
            "turning": 29,
        },
    ]


def test_birthday_on_29_february_in_a_leap_year_is_on_the_day(api, user, freeze):
    freeze("2028-02-20T03:00:00+00:00")  # 20 February 2028, a leap year
    person(user, "Leapling", birthday="2000-02-29")
    person(user, "Eve of it", birthday="2001-02-28")

    rows = api.get(BIRTHDAYS, {"days": "10"}).json()

    assert [(r["name"], r["next_birthday"], r["days_until"], r["turning"]) for r in rows] == [
        ("Eve of it", "2028-02-28", 8, 27),
        ("Leapling", "2028-02-29", 9, 28),
    ]


def test_after_28_february_of_a_common_year_the_leapling_waits_a_year(user, freeze):
    freeze("2025-03-01T03:00:00+00:00")
    person(user, "Leapling", birthday="2000-02-29")

    # 1 March 2025 to 28 February 2026 (the next celebration): 364 days.
    assert selectors.birthdays(user=user, days=363) == []
    assert [r["next_birthday"] for r in selectors.birthdays(user=user, days=364)] == [
        datetime.date(2026, 2, 28)
    ]


def test_birthdays_across_the_new_year(api, user, freeze):
    freeze("2025-12-30T03:00:00+00:00")  # 30 December 2025 in Seoul
    person(user, "New Year's Eve", birthday="1980-12-31")
    person(user, "Second of January", birthday="1990-01-02")
    person(user, "Unknown year", birthday="1900-01-01")
    person(user, "Third of January", birthday="1985-01-03")
    person(user, "Yesterday", birthday="1970-12-29")
    person(user, "Today", birthday="1975-12-30")

    rows = api.get(BIRTHDAYS, {"days": "3"}).json()  # 30 December to 2 January

    assert [(r["name"], r["next_birthday"], r["days_until"], r["turning"]) for r in rows] == [
        ("Today", "2025-12-30", 0, 50),
        ("New Year's Eve", "2025-12-31", 1, 45),
        ("Unknown year", "2026-01-01", 2, None),
        ("Second of January", "2026-01-02", 3, 36),
    ]


def test_birthdays_today_is_the_users_local_today(user, other_user, freeze):
    freeze(SEOUL_10_MARCH)  # 10 March in Seoul, still 9 March in Los Angeles
    for owner in (user, other_user):
        person(owner, "Ninth", birthday="1990-03-09")
        person(owner, "Tenth", birthday="1990-03-10")
    other_user.timezone = "America/Los_Angeles"
    other_user.save()

    seoul = json_client(user).get(BIRTHDAYS, {"days": "0"}).json()
    los_angeles = json_client(other_user).get(BIRTHDAYS, {"days": "1"}).json()

    assert [(r["name"], r["days_until"], r["turning"]) for r in seoul] == [("Tenth", 0, 35)]
    assert [(r["name"], r["next_birthday"], r["days_until"]) for r in los_angeles] == [
        ("Ninth", "2025-03-09", 0),
        ("Tenth", "2025-03-10", 1),
    ]


def test_birthdays_default_to_the_next_30_days(api, user, freeze):
    freeze(SEOUL_10_MARCH)
    person(user, "In 30 days", birthday="1990-04-09")
    person(user, "In 31 days", birthday="1990-04-10")

    assert [r["name"] for r in api.get(BIRTHDAYS).json()] == ["In 30 days"]


def test_a_birth_date_in_the_future_has_no_birthday_yet(user, freeze):
    freeze(SEOUL_10_MARCH)
    # A legacy row: born "next week"; its first birthday is a year after that.
    person(user, "Not born yet", birthday="2025-03-12")

    assert selectors.birthdays(user=user, days=366) == []
    assert selectors.next_birthday(
        datetime.date(2025, 3, 12), datetime.date(2025, 3, 10)
    ) == datetime.date(2026, 3, 12)


@pytest.mark.parametrize(
    "days", ["-1", "367", "abc", "1.5", "\uff11\uff10", "99999999999999999999"]
)
def test_birthdays_bad_days_is_400_naming_days(api, days):
    response = api.get(BIRTHDAYS, {"days": days})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["days"]


def test_birthdays_accept_0_and_366_days(api):
    assert api.get(BIRTHDAYS, {"days": "0"}).status_code == 200
    assert api.get(BIRTHDAYS, {"days": "366"}).status_code == 200


def test_today_view_has_the_first_five_to_reconnect_and_this_weeks_birthdays(user, freeze):
    freeze(SEOUL_10_MARCH)
    for number in range(7):
        # Weekly contacts last made 10 + n days ago: 3 + n days overdue.
        person(user, f"Friend {number}", importance=5, contacts=[f"2025-02-{28 - number:02d}"])
    # Added last week: not due for contact yet.
    person(user, "In a week", birthday="1990-03-17", added="2025-03-03")
    person(user, "In eight days", birthday="1990-03-18", added="2025-03-03")

    view = selectors.today_view(user=user, today=datetime.date(2025, 3, 10))

    assert [(r["name"], r["overdue_days"]) for r in view["reconnect"]] == [
        ("Friend 6", 9),
        ("Friend 5", 8),
        ("Friend 4", 7),
        ("Friend 3", 6),
        ("Friend 2", 5),
    ]
    assert [(r["name"], r["days_until"]) for r in view["birthdays"]] == [("In a week", 7)]


def test_insights_take_a_bounded_number_of_queries(
    api, user, freeze, django_assert_max_num_queries
):
    freeze(SEOUL_10_MARCH)
    for number in range(30):
        person(
            user,
            f"Friend {number}",
            importance=number % 5 + 1,
            birthday=f"1990-03-{number % 28 + 1:02d}",
            contacts=["2024-06-01", "2024-07-01"],
        )

    with django_assert_max_num_queries(3):  # session, user, people
        assert len(api.get(RECONNECT).json()) == 30
    with django_assert_max_num_queries(3):
        assert api.get(BIRTHDAYS).json()
    with django_assert_max_num_queries(2):
        selectors.today_view(user=user, today=datetime.date(2025, 3, 10))
