"""Every health admin page renders on demo data, in queries that do not grow with rows."""

from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries


def test_every_health_admin_page_renders_in_queries_that_do_not_grow(superuser_client):
    assert_admin_pages_render_in_bounded_queries(superuser_client, "health")
