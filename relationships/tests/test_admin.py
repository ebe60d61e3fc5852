"""Every relationships admin page renders on demo data, in queries that do not grow with rows."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries
from relationships.models import Person
from relationships.tests.conftest import person


def test_every_relationships_admin_page_renders_in_queries_that_do_not_grow(superuser_client):
    assert_admin_pages_render_in_bounded_queries(superuser_client, "relationships")


@pytest.mark.django_db
def test_person_change_page_shows_last_contact_interval_and_next_birthday(client, freeze):
    freeze("2025-03-09T16:00:00+00:00")  # 10 March in Seoul
    user = get_user_model().objects.create(
        email="staff@example.com", is_staff=True, is_superuser=True, timezone="Asia/Seoul"
    )
    mum = person(user, "Mum", importance=5, birthday="1960-03-14", contacts=["2025-03-01"])
    client.force_login(user)

    page = client.get(f"/admin/relationships/person/{mum.pk}/change/").content.decode()

    assert "2025-03-01" in page
    assert "every 7 days" in page
    assert f"{datetime.date(2025, 3, 14)} (in 4 days, turning 65)" in page


def test_interactions_filter_by_person_offers_only_your_people(client, demo_data):
    demo = get_user_model().objects.get(email=demo_data.demo_users[0])
    stranger = get_user_model().objects.create(email="stranger@example.com")
    person(stranger, "Stranger's secret friend")
    mum = Person.objects.for_user(demo).get(name="Mum")
    client.force_login(demo)

    page = client.get("/admin/relationships/interaction/").content.decode()
    filtered = client.get(f"/admin/relationships/interaction/?person__id__exact={mum.pk}")

    assert f"person__id__exact={mum.pk}" in page
    assert "secret friend" not in page
    assert filtered.status_code == 200
    assert "Mum" in filtered.content.decode()
