"""The relationships demo: people with an importance level, contact by their relationship."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from relationships import demo
from relationships.models import INTERACTION_METHODS, Interaction, Person


@pytest.mark.django_db
def test_demo_people_and_interactions(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])
    people = Person.objects.for_user(user)

    assert people.count() == len(demo.PEOPLE)
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
