"""The relationships demo: people with an importance level, contact by their relationship."""

import datetime
import random

import pytest
from django.contrib.auth import get_user_model

from lifeos.testing.builders import make_user
from lifeos.testing.demo import DEMO_TODAY
from relationships import demo, selectors
from relationships.models import INTERACTION_METHODS, Interaction, Person


@pytest.mark.django_db
def test_demo_people_and_interactions(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])
    people = Person.objects.for_user(user)

    assert people.count() == len(demo.PEOPLE) + 1  # and Grandpa Joe
    mum = people.get(name="Mum")
    assert (
        mum.relationship_type,
        mum.importance_level,
        mum.tags,
        mum.email,
        mum.phone,
        mum.birthday,
        mum.first_met_date,
    ) == (
        "family",
        5,
        ["family", "close"],
        "mum@example.com",
        "+44 7700 900001",
        datetime.date(1985, 3, 14),
        None,
    )
    olga = people.get(name="Neighbour Olga")
    assert (olga.importance_level, olga.tags, olga.email, olga.phone, olga.birthday) == (
        1,
        [],
        "",
        "",
        None,
    )
    assert olga.first_met_date < datetime.date(2025, 1, 1)

    interactions = Interaction.objects.for_user(user)
    assert interactions.exists()
    assert set(interactions.values_list("method", flat=True)) <= set(INTERACTION_METHODS)
    assert set(interactions.values_list("sentiment", flat=True)) <= set(demo.SENTIMENTS)
    for kind, method in interactions.values_list("person__relationship_type", "method"):
        assert method in demo.METHODS_BY_RELATIONSHIP[kind]
    # Mum (importance 5) is in touch far more often than the neighbour (importance 1).
    assert interactions.filter(person=mum).count() > interactions.filter(person=olga).count()


@pytest.mark.django_db
def test_demo_shows_whom_to_reconnect_with_and_birthdays_this_week(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])

    view = selectors.today_view(user=user, today=DEMO_TODAY)

    assert len(view["reconnect"]) == selectors.TODAY_RECONNECT_COUNT
    # Grandpa Joe was last called on the first day of the demo year, 364 days ago.
    grandpa = next(
        row
        for row in selectors.reconnect(user=user, today=DEMO_TODAY)
        if row["name"] == demo.GRANDPA
    )
    assert (grandpa["last_contacted"], grandpa["overdue_days"]) == (
        DEMO_TODAY - datetime.timedelta(days=364),
        364 - 30,
    )
    assert [(row["name"], row["next_birthday"], row["turning"]) for row in view["birthdays"]] == [
        (demo.GRANDPA, datetime.date(2025, 12, 21), 77)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("end", [datetime.date(2024, 2, 26), datetime.date(2026, 12, 30)])
def test_demo_summaries_are_not_empty_whatever_day_it_runs(end):
    # 26 February 2024: Grandpa's birthday is 29 February; 30 December: it is in January.
    user = make_user("seeded")
    demo.seed(
        user, rng=random.Random(0), start=end - datetime.timedelta(days=364), end=end, scale=0.05
    )

    view = selectors.today_view(user=user, today=end)

    assert view["reconnect"]
    assert [row["days_until"] for row in view["birthdays"] if row["name"] == demo.GRANDPA] == [3]
