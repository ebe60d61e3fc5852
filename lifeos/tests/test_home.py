"""The home page at /, the served docs and the admin's titles."""

from django.urls import reverse


def test_home_page_says_what_lifeos_is_and_links_admin_api_docs_and_schema_health(client):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>LifeOS</title>" in page
    assert "double-entry ledger" in page
    for url in ["/admin/", "/docs/api/", "/admin/schema-health/"]:
        assert f'href="{url}"' in page, url


def test_admin_view_site_link_leads_to_the_home_page(superuser_client):
    response = superuser_client.get(reverse("admin:index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="/">View site</a>' in page
    assert "LifeOS administration" in page
    assert "Django administration" not in page
    assert "<title>Site administration | LifeOS admin</title>" in page
    assert superuser_client.get("/").status_code == 200


def test_api_docs_are_served(client):
    response = client.get("/docs/api/")

    assert response.status_code == 200
    assert "# The JSON API" in response.content.decode()
    assert client.get("/docs/nothing/").status_code == 404
