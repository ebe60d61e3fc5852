"""Every skills admin page renders on demo data, in queries that do not grow with rows."""

from lifeos.testing.admin import page_query_counts, registered_models
from lifeos.testing.demo import demo_data, grow_demo_data, superuser_client  # noqa: F401

# Highest number of queries any admin page may run, whatever the number of rows.
MAX_QUERIES = 25


def test_every_skills_admin_page_renders_in_queries_that_do_not_grow(superuser_client):  # noqa: F811
    models = registered_models("skills")
    small = {model: page_query_counts(superuser_client, model) for model in models}
    grow_demo_data()
    larger = {model: page_query_counts(superuser_client, model) for model in models}

    for model in models:
        assert larger[model] == small[model], (model.__name__, small[model], larger[model])
        assert max(larger[model].values()) <= MAX_QUERIES, (model.__name__, larger[model])
