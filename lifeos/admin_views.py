"""Admin pages of the lifeos app: "Schema health", the verify_schema report."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.template.response import TemplateResponse
from django.utils import timezone

from lifeos.schema.verification import verify


def may_see_schema_health(user):
    """Only superusers: the report names tables and the ids of every user's rows."""
    return user.is_active and user.is_superuser


def schema_health(request):
    """The verify_schema report of the default database, a table per domain (superusers)."""
    if not may_see_schema_health(request.user):
        raise PermissionDenied("Only superusers may see the schema health report.")
    report = error = None
    try:
        report = verify(connections[DEFAULT_DB_ALIAS])
    except DatabaseError as exc:
        error = str(exc).strip()
    domains = []
    if report:
        for domain in report.by_domain():
            rows = [
                {
                    "table": row["table"],
                    "problems": [problem.as_dict() for problem in row["problems"]],
                }
                for row in domain["tables"]
            ]
            domains.append({**domain, "tables": rows})
    context = {
        **admin.site.each_context(request),
        "title": "Schema health",
        "report": report,
        "domains": domains,
        "error": error,
        "produced_at": report.produced_at if report else timezone.now(),
    }
    return TemplateResponse(request, "admin/lifeos/schema_health.html", context)
