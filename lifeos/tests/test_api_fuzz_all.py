"""Arbitrary bodies and query strings on every endpoint the API serves: never a 500.

The operations come from the API itself (``api.operations()``), their fields
and parameters from its OpenAPI document, and the path ids are the user's
own rows, so updates and sub-resources are reached, not only 404s.
"""

import json
import re

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifeos.api import api
from lifeos.testing.builders import make_user, populate_every_table

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

nasty = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "1e309",
        "NaN",
        "12.345",
        "a\x00b",
        "a\ud800b",
        str(2**70),
        "2025-02-30",
        "0001-01-01",
        "9999-12-31",
        "0001-01-01T00:00:00+01:00",
        "İ" * 300,
        "x" * 5000,
    ]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([2**31, 2**63, -(2**70)])
    | st.floats()
    | st.text(max_size=40)
    | nasty
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)

# The model whose row a path parameter names, by (path prefix, parameter).
PATH_MODELS = {
    ("finance", "account_id"): "finance.Account",
    ("finance", "entry_id"): "finance.JournalEntry",
    ("finance", "row_id"): "finance.MoneyScheduleRow",
    ("finance", "scenario_id"): "finance.MoneyScheduleScenario",
    ("finance", "tracker_id"): "finance.ReceivableTracker",
    ("finance", "group_id"): "finance.LoanGroup",
    ("journal", "entry_id"): "journal.Entry",
    ("habits", "habit_id"): "habits.Habit",
    ("health", "biometric_id"): "health.Biometric",
    ("health", "workout_id"): "health.Workout",
    ("health", "nutrition_log_id"): "health.NutritionLog",
    ("skills", "skill_id"): "skills.Skill",
    ("projects", "project_id"): "projects.Project",
    ("projects", "task_id"): "projects.Task",
    ("relationships", "person_id"): "relationships.Person",
}
DOCUMENT = None
OPERATIONS = sorted(
    (method, path) for method, path in api.operations() if path != "/api/auth/logout"
)


def document():
    global DOCUMENT
    if DOCUMENT is None:
        DOCUMENT = Client().get("/api/openapi.json").json()
    return DOCUMENT


def body_fields(method, path):
    """The names of the JSON body's properties the document gives for this operation."""
    operation = document()["paths"][path][method.lower()]
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    schema = content["schema"]
    if "$ref" in schema:
        schema = document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


def query_names(method, path):
    operation = document()["paths"][path][method.lower()]
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]


@pytest.fixture
def demo_client(db):
    user = make_user("ada")
    populate_every_table(user)
    client = Client()
    client.force_login(user)
    return client, user


def concrete(path, user):
    """``path`` with each parameter the id of one of the user's rows (or one no row has)."""
    prefix = path.strip("/").split("/")[0]

    def fill(match):
        label = PATH_MODELS.get((prefix, match.group(1)))
        if label is None:
            return "2147483000"
        model = apps.get_model(label)
        owner = "project__user" if label == "projects.Task" else "user"
        row = model.objects.filter(**{owner: user}).order_by("pk").first()
        return str(row.pk) if row else "2147483000"

    return re.sub(r"{(\w+)}", fill, path)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_input_makes_an_endpoint_fail(demo_client, method, path):
    client, user = demo_client
    url = concrete(path, user)
    fields, names = body_fields(method, path), query_names(method, path)

    @FUZZ
    @given(
        body=st.fixed_dictionaries({}, optional={name: values for name in fields}),
        query=st.fixed_dictionaries({}, optional={name: scalars.map(str) for name in names}),
    )
    def check(body, query):
        response = client.generic(
            method,
            url,
            json.dumps(body, default=str),
            content_type="application/json",
            QUERY_STRING="&".join(f"{k}={v}" for k, v in query.items())
            .encode("utf-8", "surrogatepass")
            .decode("latin-1"),
        )
        assert response.status_code < 500, (method, url, body, query, response.content[:300])
        if response.content:
            assert response["Content-Type"] == "application/json"

    check()
