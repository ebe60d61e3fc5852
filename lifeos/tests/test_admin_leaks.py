"""No value of another user's rows appears on any admin page a staff user can open.

Another user gets rows in every table, with a marker in each of their free-text
values; the demo staff user (not a superuser, granted every permission of every
registered model) then opens every admin page of every registered model: index
pages, each changelist with and without a search, facets, each choice of each
list filter and the date hierarchy, the add page, and the change, history and
delete pages of one of their own rows, and every autocomplete field. The marker
must never appear. The admin site's registry is walked, so a new model is covered
without touching this file.
"""

import json
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from lifeos.admin import is_user_scoped
from lifeos.testing.builders import make_user, plant_marker, populate_every_table

# Seven characters: it fits every text column (the narrowest holds "2025-12").
MARKER = "LeakMkr"


def _leaks(content):
    return MARKER.lower() in content.decode().lower()


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def staff_and_other(demo_data):
    """(staff, other): the demo staff user with every admin permission; another user
    with rows in every table and the marker in every text value."""
    User = get_user_model()
    staff = User.objects.get(email=demo_data.demo_users[0])
    assert staff.is_staff
    assert not staff.is_superuser
    content_types = ContentType.objects.get_for_models(*admin.site._registry).values()
    staff.user_permissions.add(*Permission.objects.filter(content_type__in=content_types))

    other = make_user("other@example.com", is_staff=True)
    populate_every_table(other)
    marked = plant_marker(other, MARKER)
    for model in admin.site._registry:
        if is_user_scoped(model):
            assert marked[model._meta.label] > 0, f"no {model.__name__} row of the other user"
    return staff, other


def _changelist_pages(client, model):
    """(label, URL) of the changelist, searches, facets, every filter choice and date level."""
    changelist = _url(model, "changelist")
    response = client.get(changelist)
    assert response.status_code == 200, changelist
    cl = response.context_data["cl"]
    pages = [
        ("changelist", changelist),
        ("search", f"{changelist}?{urlencode({'q': 'a'})}"),
        ("facets", f"{changelist}?_facets=True"),
    ]
    for spec in cl.filter_specs:
        choices = [choice for choice in spec.choices(cl) if not choice.get("selected")]
        # The first and the last choice: with and without an empty value, the oldest
        # and the newest date.
        for choice in {choice["query_string"]: choice for choice in (choices[0], choices[-1])}:
            pages.append((f"filter {spec.title}", f"{changelist}{choice}"))
    if cl.date_hierarchy:
        level = date_hierarchy(cl)
        for depth in ("year", "month", "day"):
            links = [choice["link"] for choice in level["choices"] if "link" in choice]
            if not links:
                break
            link = links[-1]
            pages.append((f"date {depth}", f"{changelist}{link}"))
            drilled = client.get(f"{changelist}{link}")
            assert drilled.status_code == 200, link
            level = date_hierarchy(drilled.context_data["cl"])
    own = cl.result_list[0] if len(cl.result_list) else None
    return response, pages, own


def _own_rows(model, user):
    """The rows of ``model`` ``user`` owns; None for a model of shared rows."""
    if model is get_user_model():
        return model._default_manager.filter(pk=user.pk)
    if is_user_scoped(model):
        return model._default_manager.filter(user=user)
    return None


def _scan(client, url, user):
    """What ``url`` shows ``user`` that is not theirs: the marker; on a changelist, rows of
    another user, or a total counting them."""
    response = client.get(url)
    assert response.status_code == 200, url
    problems = ["marker"] if _leaks(response.content) else []
    cl = (getattr(response, "context_data", None) or {}).get("cl")
    own = None if cl is None else _own_rows(cl.model, user)
    if own is not None:
        own_pks = set(own.values_list("pk", flat=True))
        if not {row.pk for row in cl.result_list} <= own_pks:
            problems.append("rows")
        if cl.full_result_count != len(own_pks) or cl.result_count > len(own_pks):
            problems.append("count")
    return problems


def test_the_other_users_rows_carry_the_marker_in_every_text_value(staff_and_other):
    """The scan below would prove nothing if the marker were missing from the other rows."""
    _staff, other = staff_and_other
    unmarked = []
    for model in admin.site._registry:
        if not is_user_scoped(model):
            continue
        for row in model._default_manager.filter(user=other):
            for field in row._meta.concrete_fields:
                value = field.value_from_object(row)
                if isinstance(value, str) and not field.choices and MARKER not in value:
                    unmarked.append(f"{model.__name__}.{field.name}")

    assert unmarked == []
    assert MARKER in get_user_model().objects.get(pk=other.pk).email


def test_no_admin_page_a_staff_user_opens_shows_another_users_values(client, staff_and_other):
    """Index pages, changelists (searched, faceted, filtered, drilled down by date), add,
    change, history and delete pages of every registered model: never the marker; the
    changelists list and count only the staff user's rows."""
    staff, _other = staff_and_other
    client.force_login(staff)
    leaked = []

    for url in [reverse("admin:index")] + [
        reverse("admin:app_list", args=[label])
        for label in sorted({model._meta.app_label for model in admin.site._registry})
    ]:
        if problems := _scan(client, url, staff):
            leaked.append((url, problems))

    for model in admin.site._registry:
        response, pages, own = _changelist_pages(client, model)
        assert own is not None, f"the staff user has no {model.__name__} row"
        # Read-only admins (journal lines) have no add or delete page.
        model_admin, request = admin.site._registry[model], response.wsgi_request
        pages += [
            ("change", _url(model, "change", own.pk)),
            ("history", _url(model, "history", own.pk)),
        ]
        if model_admin.has_add_permission(request):
            pages.append(("add", _url(model, "add")))
        if model_admin.has_delete_permission(request, own):
            pages.append(("delete", _url(model, "delete", own.pk)))
        for label, url in pages:
            if problems := _scan(client, url, staff):
                leaked.append((f"{model.__name__} {label}: {url}", problems))

    assert leaked == []


def test_no_admin_search_of_a_staff_user_finds_another_users_rows(client, staff_and_other):
    """Searching any changelist for the marker finds nothing (the page echoes the term)."""
    staff, _other = staff_and_other
    client.force_login(staff)

    found = {}
    for model in admin.site._registry:
        response = client.get(_url(model, "changelist"), {"q": MARKER})
        assert response.status_code == 200, model
        found[model.__name__] = response.context_data["cl"].result_count

    assert found == dict.fromkeys(found, 0)


def _autocomplete_fields(request):
    """(source model, field name) of every autocomplete field of every admin and inline."""
    fields = set()
    for model, model_admin in admin.site._registry.items():
        fields.update((model, name) for name in model_admin.get_autocomplete_fields(request))
        for inline in model_admin.get_inline_instances(request):
            fields.update((inline.model, name) for name in inline.get_autocomplete_fields(request))
    return sorted(fields, key=lambda item: (item[0]._meta.label, item[1]))


def test_no_admin_autocomplete_offers_a_staff_user_another_users_rows(client, rf, staff_and_other):
    """Every autocomplete field of every admin and inline, searched for the marker and
    paged through unsearched: only the staff user's rows, and always some of them."""
    staff, _other = staff_and_other
    client.force_login(staff)
    request = rf.get("/admin/")
    request.user = staff
    fields = _autocomplete_fields(request)
    # Every user-scoped admin offers its owner by autocomplete, besides its own fields.
    assert {model for model, name in fields if name == "user"} == {
        model for model in admin.site._registry if is_user_scoped(model)
    }

    leaked, offered = [], {}
    for model, field_name in fields:
        params = {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field_name,
        }
        marked = client.get(reverse("admin:autocomplete"), {**params, "term": MARKER})
        assert marked.status_code == 200, params
        if json.loads(marked.content)["results"]:
            leaked.append((model.__name__, field_name, MARKER))
        page, more = 1, True
        while more:
            response = client.get(
                reverse("admin:autocomplete"), {**params, "term": "", "page": page}
            )
            assert response.status_code == 200, params
            if _leaks(response.content):
                leaked.append((model.__name__, field_name, page))
            data = json.loads(response.content)
            offered.setdefault((model.__name__, field_name), set()).update(
                int(result["id"]) for result in data["results"]
            )
            more = data["pagination"]["more"]
            page += 1

    assert leaked == []
    assert [field for field, ids in offered.items() if not ids] == []
    # Of all users, the staff user is offered only themselves as an owner.
    assert {frozenset(ids) for (_, name), ids in offered.items() if name == "user"} == {
        frozenset({staff.pk})
    }
