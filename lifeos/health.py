"""Liveness and readiness probes for load balancers: GET /healthz and GET /readyz.

``/healthz`` says the process answers; it touches no database. ``/readyz``
says this process can serve: the database answers and its structure verifies
(``lifeos.schema.verification.schema_problems``, the structural checks of
``verify_schema``: tables, columns, named indexes and constraints). The data
invariants of ``verify_schema`` read every row of some tables, so they are left
to the deploy gate (``manage.py verify_schema``) rather than polled.

Introspecting 27 tables costs hundreds of milliseconds on SQLite, too much for
a probe every few seconds, so each probe reads a fingerprint of the structure
in one query (SQLite: the DDL in ``sqlite_master``; PostgreSQL: every column's
type, nullability, default and collation, every index and constraint
definition, of the LifeOS tables) and runs ``schema_problems`` again only when
the fingerprint changed since the last run of this process.

Both answer before host validation and the HTTPS redirect
(``HealthProbeMiddleware`` comes first): a load balancer probes the instance
over plain HTTP with its own Host header. Their bodies name checks and problem
kinds only: no row data, no ids, no table contents, no error text.
"""

import logging
import time

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.http import HttpResponseNotAllowed, JsonResponse

from lifeos.schema.verification import check_id, lifeos_models, schema_problems

logger = logging.getLogger("lifeos.health")

# On PostgreSQL, how long the readiness queries may wait (a migration holding
# a table lock makes the instance not ready, rather than hanging the probe).
READINESS_STATEMENT_TIMEOUT_MS = 2000


# Raw catalog values (type oids, column numbers, expression trees) rather than
# their deparsed text: the same changes show, at a fraction of the cost.
POSTGRESQL_FINGERPRINT = """
WITH lifeos AS (
    SELECT to_regclass(quote_ident(name)) AS oid FROM unnest(%(tables)s::text[]) AS name
)
SELECT count(*), md5(coalesce(string_agg(item, '|' ORDER BY item), '')) FROM (
    SELECT concat_ws(' ', a.attrelid, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
        d.adbin::text, a.attcollation) AS item
    FROM lifeos
    JOIN pg_attribute a ON a.attrelid = lifeos.oid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT concat_ws(' ', i.indrelid, c.relname, i.indkey, i.indisunique, i.indexprs::text,
        i.indpred::text, i.indcollation, i.indclass)
    FROM lifeos
    JOIN pg_index i ON i.indrelid = lifeos.oid
    JOIN pg_class c ON c.oid = i.indexrelid
    UNION ALL
    SELECT concat_ws(' ', k.conrelid, k.conname, k.contype, k.conkey, k.confkey,
        k.conbin::text, k.condeferrable, k.convalidated)
    FROM lifeos JOIN pg_constraint k ON k.conrelid = lifeos.oid
    UNION ALL
    SELECT concat_ws(' ', 'table', lifeos.oid) FROM lifeos
) AS structure
"""
SQLITE_FINGERPRINT = (
    "SELECT count(*), group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), '|') "
    "FROM (SELECT type, name, sql FROM sqlite_master ORDER BY type, name)"
)

# Per connection alias: (fingerprint, problems) of the last structural verification.
_verified = {}


def schema_fingerprint(connection):
    """One cheap query's summary of the LifeOS tables' structure; None if unsupported."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = [model._meta.db_table for model in lifeos_models()]
            cursor.execute(POSTGRESQL_FINGERPRINT, {"tables": tables})
        elif connection.vendor == "sqlite":
            cursor.execute(SQLITE_FINGERPRINT)
        else:
            return None
        return tuple(cursor.fetchone())


def current_schema_problems(connection):
    """``schema_problems(connection)``, re-run only when the structure's fingerprint changed."""
    fingerprint = schema_fingerprint(connection)
    cached = _verified.get(connection.alias)
    if fingerprint is not None and cached is not None and cached[0] == fingerprint:
        return cached[1]
    problems = schema_problems(connection)
    _verified[connection.alias] = (fingerprint, problems)
    return problems


def probe_response(body, status=200):
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def liveness(request):
    """200 while the process answers; no database."""
    return probe_response({"status": "ok"})


def readiness_checks(connection):
    """(failing check or None, details) for ``connection``: database, then schema."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("readiness: database unreachable: %s", str(error).strip())
        return "database", {}
    try:
        with transaction.atomic(using=connection.alias):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SET LOCAL statement_timeout = {READINESS_STATEMENT_TIMEOUT_MS}"
                    )
            problems = current_schema_problems(connection)
    except DatabaseError as error:
        logger.warning("readiness: schema could not be read: %s", str(error).strip())
        return "schema", {"reason": "the schema could not be read in time"}
    if problems:
        for problem in problems:
            logger.warning("readiness: [%s] %s", check_id(problem.kind), problem.message)
        kinds = sorted({problem.kind for problem in problems}, key=check_id)
        return "schema", {
            "problems": len(problems),
            "kinds": [{"id": check_id(kind), "kind": kind} for kind in kinds],
        }
    return None, {}


def readiness(request):
    """200 when the database answers and the schema verifies; 503 naming the failing check."""
    started = time.perf_counter()
    failing, details = readiness_checks(connections[DEFAULT_DB_ALIAS])
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    if failing is None:
        return probe_response(
            {"status": "ready", "checks": {"database": "ok", "schema": "ok"}, "ms": elapsed_ms}
        )
    checks = {"database": "failing", "schema": "not checked"}
    if failing == "schema":
        checks = {"database": "ok", "schema": "failing"}
    return probe_response(
        {"status": "unavailable", "failing": failing, "checks": checks, **details},
        status=503,
    )


PROBES = {"/healthz": liveness, "/readyz": readiness}


class HealthProbeMiddleware:
    """Answer the probes first, before any other middleware (hosts, HTTPS, sessions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return probe(request)
