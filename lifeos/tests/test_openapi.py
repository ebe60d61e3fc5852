"""The API's OpenAPI document and its interactive docs page."""

import pytest
from django.test import Client
from openapi_spec_validator import validate

from lifeos.api import api

pytestmark = pytest.mark.django_db

# (method, path) of every endpoint the front end relies on.
CONTRACT = {
    ("post", "/api/auth/login"),
    ("post", "/api/auth/logout"),
    ("get", "/api/me"),
    ("patch", "/api/me"),
    ("get", "/api/today"),
    ("get", "/finance/accounts/search"),
    ("post", "/finance/accounts/inline"),
    ("get", "/finance/accounts/{account_id}"),
    ("get", "/finance/accounts/subtypes/{account_type}"),
    ("post", "/finance/journal-entries"),
    ("get", "/finance/journal-entries/{entry_id}"),
    ("get", "/finance/trial-balance"),
    ("get", "/finance/trial-balance/monthly"),
    ("get", "/finance/schedule"),
    ("post", "/finance/schedule"),
    ("get", "/finance/schedule/{row_id}"),
    ("patch", "/finance/schedule/{row_id}"),
    ("delete", "/finance/schedule/{row_id}"),
    ("get", "/finance/forecast"),
    ("get", "/finance/scenarios"),
    ("post", "/finance/scenarios"),
    ("get", "/finance/scenarios/{scenario_id}"),
    ("patch", "/finance/scenarios/{scenario_id}"),
    ("delete", "/finance/scenarios/{scenario_id}"),
    ("get", "/finance/scenarios/{scenario_id}/compare"),
    ("get", "/finance/receivables"),
    ("post", "/finance/receivables"),
    ("get", "/finance/receivables/{tracker_id}"),
    ("post", "/finance/receivables/{tracker_id}/entries"),
    ("get", "/finance/loan-groups"),
    ("post", "/finance/loan-groups"),
    ("get", "/finance/loan-groups/{group_id}"),
    ("patch", "/finance/loan-groups/{group_id}"),
    ("delete", "/finance/loan-groups/{group_id}"),
    ("get", "/journal/entries"),
    ("post", "/journal/entries"),
    ("get", "/journal/entries/{entry_id}"),
    ("patch", "/journal/entries/{entry_id}"),
    ("delete", "/journal/entries/{entry_id}"),
    ("get", "/journal/mood-trend"),
    ("get", "/habits"),
    ("post", "/habits"),
    ("get", "/habits/{habit_id}"),
    ("patch", "/habits/{habit_id}"),
    ("delete", "/habits/{habit_id}"),
    ("post", "/habits/{habit_id}/logs"),
    ("get", "/health/biometrics"),
    ("post", "/health/biometrics"),
    ("get", "/health/workouts"),
    ("post", "/health/workouts"),
    ("get", "/health/nutrition"),
    ("post", "/health/nutrition"),
    ("get", "/health/summary"),
    ("get", "/skills"),
    ("post", "/skills"),
    ("get", "/skills/{skill_id}"),
    ("patch", "/skills/{skill_id}"),
    ("delete", "/skills/{skill_id}"),
    ("post", "/skills/{skill_id}/sessions"),
    ("get", "/skills/{skill_id}/metrics"),
    ("post", "/skills/{skill_id}/metrics"),
    ("get", "/projects"),
    ("post", "/projects"),
    ("get", "/projects/{project_id}"),
    ("patch", "/projects/{project_id}"),
    ("delete", "/projects/{project_id}"),
    ("get", "/projects/{project_id}/tasks"),
    ("post", "/projects/{project_id}/tasks"),
    ("patch", "/projects/tasks/{task_id}"),
    ("post", "/projects/tasks/{task_id}/logs"),
    ("get", "/relationships/people"),
    ("post", "/relationships/people"),
    ("get", "/relationships/people/{person_id}"),
    ("patch", "/relationships/people/{person_id}"),
    ("delete", "/relationships/people/{person_id}"),
    ("post", "/relationships/people/{person_id}/interactions"),
    ("get", "/relationships/reconnect"),
    ("get", "/relationships/birthdays"),
}


def openapi():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_document_is_valid_openapi():
    validate(openapi())


def test_openapi_document_lists_every_endpoint():
    document = openapi()
    documented = {
        (method, path) for path, operations in document["paths"].items() for method in operations
    }

    assert CONTRACT <= {(method.lower(), path) for method, path in api.operations()} == documented


def test_openapi_documents_money_as_a_decimal_string_and_session_auth():
    document = openapi()
    entry = document["components"]["schemas"]["JournalEntryIn"]["properties"]
    debit = entry["lines"]["items"]["properties"]["debit"]

    assert debit["type"] == ["string", "null"]
    assert debit["pattern"] == r"^-?\d+(\.\d{1,2})?$"
    assert document["components"]["securitySchemes"]["SessionCsrfAuth"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
    }


def test_api_docs_page_serves_swagger_ui_from_the_project_not_a_cdn():
    response = Client().get("/api/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
    assert "/api/openapi.json" in page
