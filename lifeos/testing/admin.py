"""Helpers for admin tests: every page of a registered model and what it costs in queries."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

SEARCH_TERM = "a"


def registered_models(app_label):
    """The models of ``app_label`` registered with the default admin site."""
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label == app_label),
        key=lambda model: model.__name__,
    )


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def admin_pages(client, model):
    """(label, URL) of the changelist, a search, one choice of each filter, add and change.

    The add page is left out when the admin allows no adding (journal lines).
    """
    changelist = _url(model, "changelist")
    response = client.get(changelist)
    assert response.status_code == 200, (changelist, response.status_code, response.headers)
    cl = response.context_data["cl"]
    pages = [
        ("changelist", changelist),
        ("search", f"{changelist}?{urlencode({'q': SEARCH_TERM})}"),
    ]
    for spec in cl.filter_specs:
        choices = [choice for choice in spec.choices(cl) if not choice.get("selected")]
        assert choices, f"filter {spec.title!r} of {model.__name__} offers nothing to pick"
        pages.append((f"filter {spec.title}", f"{changelist}{choices[-1]['query_string']}"))
    if response.context_data["has_add_permission"]:  # read-only admins have no add page
        pages.append(("add", _url(model, "add")))
    first = model._default_manager.order_by("pk").first()
    assert first is not None, f"no {model.__name__} in the demo data"
    pages.append(("change", _url(model, "change", first.pk)))
    return pages


def page_query_counts(client, model):
    """{label: number of queries} of every admin page of ``model``; each must answer 200."""
    counts = {}
    for label, url in admin_pages(client, model):
        # Start every page from a cold content-type cache, so counts compare exactly.
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, f"{model.__name__} {label}: {url}"
        counts[label] = len(queries)
    return counts


# Highest number of queries any admin page may run, whatever the number of rows.
MAX_PAGE_QUERIES = 25


def assert_admin_pages_render_in_bounded_queries(client, app_label):
    """Every admin page of ``app_label`` renders, and its query count does not grow with rows."""
    from lifeos.testing.demo import grow_demo_data

    models = registered_models(app_label)
    small = {model: page_query_counts(client, model) for model in models}
    grow_demo_data()
    larger = {model: page_query_counts(client, model) for model in models}

    for model in models:
        assert larger[model] == small[model], (model.__name__, small[model], larger[model])
        assert max(larger[model].values()) <= MAX_PAGE_QUERIES, (model.__name__, larger[model])
