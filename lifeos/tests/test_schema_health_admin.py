"""The admin's "Schema health" page: superusers only, the verify_schema report."""

import pytest
from django.db import connection
from django.urls import reverse

from lifeos.testing.builders import make_user
from lifeos.tests.test_verification import summary_line

URL = "/admin/schema-health/"


@pytest.fixture
def staff_client(client, db):
    """A superuser's client: the only users who may see the page."""
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def test_url_name_resolves():
    assert reverse("lifeos_schema_health") == URL


def test_superuser_sees_report_per_domain_with_time(staff_client):
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


def test_staff_without_superuser_rights_is_forbidden_and_sees_no_ids(client, db):
    # Another user's unbalanced entry is a problem naming that user's row id.
    from finance.models import JournalEntry

    owner = make_user("owner")
    entry = JournalEntry.objects.create(user=owner, description="lonely")
    client.force_login(make_user("staff", is_staff=True))

    response = client.get(URL)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Schema health" not in html
    assert "lifeos.E0" not in html
    assert f"journal entry {entry.pk}" not in html


def test_admin_index_of_plain_staff_has_no_schema_health_link(client, db):
    client.force_login(make_user("staff", is_staff=True))

    html = client.get("/admin/").content.decode()

    assert "Site administration" in html
    assert URL not in html
