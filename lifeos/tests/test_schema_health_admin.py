"""The admin's "Schema health" page: staff only, the verify_schema report."""

import pytest
from django.db import connection
from django.urls import reverse

from lifeos.testing.builders import make_user
from lifeos.tests.test_verification import summary_line

URL = "/admin/schema-health/"


@pytest.fixture
def staff_client(client, db):
    client.force_login(make_user("staff", is_staff=True))
    return client


def test_url_name_resolves():
    assert reverse("lifeos_schema_health") == URL


def test_staff_sees_report_per_domain_with_time(staff_client):
    response = staff_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Schema health" in html
    assert summary_line(0) in html
    for domain in ["finance", "journal", "habits", "health", "skills", "projects", "relationships"]:
        assert f"<caption>{domain}: ok</caption>" in html
    assert "Produced at <time datetime=" in html
    assert 'class="problem"' not in html


def test_problems_are_highlighted(staff_client):
    with connection.cursor() as cursor:
        cursor.execute('DROP INDEX "ix_health_workout_user_date"')

    html = staff_client.get(URL).content.decode()

    assert "<caption>health: 1 problem</caption>" in html
    assert (
        '<td class="problem">lifeos.E008 missing_index: index ix_health_workout_user_date'
    ) in html


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={URL}"


def test_non_staff_is_refused(client, db):
    client.force_login(make_user("visitor"))

    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert b"Schema health" not in response.content


def test_admin_index_links_to_schema_health(staff_client):
    html = staff_client.get("/admin/").content.decode()

    assert f'<a href="{URL}">Schema health</a>' in html
    assert "Site administration" in html
