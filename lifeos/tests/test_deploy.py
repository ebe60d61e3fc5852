"""The production profile of docs/deploy.md: check --deploy, the secret key, gunicorn,
static files, /healthz and /readyz, the HTTPS redirect and the logs."""

import gc
import http.client
import json
import logging
import os
import re
import runpy
import shutil
import socket
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest
from django.db import connections
from django.test import RequestFactory

from lifeos.health import readiness_checks
from lifeos.logs import LineFormatter
from lifeos.schema.verification import lifeos_models
from lifeos.testing.processes import MANAGE_PY, database_url, start_manage
from lifeos.tests.test_migrations import run_sql

PROJECT = MANAGE_PY.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
SECRET_KEY = "t3st-only-Xq8v2LmN4rT8wYb3cFg6jKs1dAe5uIo0xZqWvEr7tYuPlHj"
PASSWORD = "Pa55word-that-must-never-be-logged"
# The production environment as docs/deploy.md sets it; the rest are defaults.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "LIFEOS_LOG_FORMAT": "json",
}
SECRET_KEY_MESSAGE = (
    "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY must be set to a real "
    "secret key when DJANGO_DEBUG=0; it is {state}. Generate one with: python -c "
    '"import secrets; print(secrets.token_urlsafe(50))"'
)


def production_env(tmp_path, database_url=None, **extra):
    """The environment docs/deploy.md sets, static files and (by default) SQLite in tmp_path."""
    return {
        **os.environ,
        **PRODUCTION_ENV,
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def without_secret_key(env, secret_key=None):
    env = {name: value for name, value in env.items() if name != "DJANGO_SECRET_KEY"}
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    return env


def run_manage(env, *args):
    return subprocess.run(
        [sys.executable, str(MANAGE_PY), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT,
    )


def test_check_deploy_is_clean_in_the_production_environment(tmp_path):
    result = run_manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("System check identified no issues")
    assert result.stderr == ""


def test_check_deploy_names_each_https_setting_turned_off(tmp_path):
    env = production_env(
        tmp_path,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="0",
    )

    result = run_manage(env, "check", "--deploy")

    warnings = sorted(re.findall(r"\(security\.(W\d+)\)", result.stderr + result.stdout))
    assert warnings == ["W004", "W008", "W012", "W016"]


@pytest.mark.parametrize(
    ("secret_key", "state"),
    [(None, "unset"), ("", "unset"), ("insecure-dev-/srv/lifeos", "a development key")],
)
def test_manage_refuses_to_start_without_a_secret_key(tmp_path, secret_key, state):
    env = without_secret_key(production_env(tmp_path), secret_key)

    result = run_manage(env, "check")

    assert result.returncode == 1
    assert result.stderr.rstrip().splitlines()[-1] == SECRET_KEY_MESSAGE.format(state=state)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port):
    """gunicorn with the project's gunicorn.conf.py, one worker, on 127.0.0.1 only.

    ``timeout`` stops it after five minutes even if the test never does.
    """
    command = [str(GUNICORN), "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    if shutil.which("timeout"):
        command = ["timeout", "300", *command]
    return subprocess.Popen(
        command,
        env=env,
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process):
    """Stop a server; return everything it printed."""
    if process.poll() is None:
        process.terminate()
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate(timeout=30)
    return output


class _Node:
    """An object that can sit in a reference cycle and be watched through a weak reference."""


def test_gunicorn_master_freezes_the_loaded_application_before_forking_a_worker():
    config = runpy.run_path(str(MANAGE_PY.with_name("gunicorn.conf.py")))
    garbage = _Node()
    garbage.cycle = garbage  # unreachable once deleted: for the collector only
    watched = weakref.ref(garbage)
    del garbage
    assert gc.get_freeze_count() == 0

    config["pre_fork"](server=None, worker=None)
    try:
        # The loaded application's objects: a worker's collections never walk them.
        assert gc.get_freeze_count() > 10_000
        # Garbage was collected first, not frozen for the worker's lifetime.
        assert watched() is None
    finally:
        gc.unfreeze()


def test_gunicorn_refuses_to_start_without_a_secret_key(tmp_path):
    process = start_gunicorn(without_secret_key(production_env(tmp_path)), free_port())
    try:
        process.wait(timeout=60)
    finally:
        output = stop(process)

    assert process.returncode not in (0, -15, 124)
    assert SECRET_KEY_MESSAGE.format(state="unset") in output


class Server:
    """A gunicorn process of LifeOS on 127.0.0.1; ``output`` once stopped."""

    def __init__(self, process, port):
        self.process = process
        self.port = port
        self.output = None

    def get(self, path, headers=None, method="GET", body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})},
            )
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def wait_until_up(self, deadline=60):
        ends = time.monotonic() + deadline
        while time.monotonic() < ends:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.process.communicate()[0]}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer /healthz within a minute")

    def stop(self):
        if self.output is None:
            self.output = stop(self.process)
        return self.output


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """STATIC_ROOT as ``collectstatic`` leaves it in production, collected once per test
    process (the servers only read it)."""
    directory = tmp_path_factory.mktemp("deploy")
    env = production_env(directory)
    collected = run_manage(env, "collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stderr
    return env["DJANGO_STATIC_ROOT"]


@pytest.fixture
def server(migrated_scratch_db, static_root, tmp_path):
    """LifeOS under gunicorn, debug off, on a migrated scratch database."""
    env = production_env(
        tmp_path, database_url(migrated_scratch_db), DJANGO_STATIC_ROOT=static_root
    )
    port = free_port()
    server = Server(start_gunicorn(env, port), port)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


HTTPS = {"X-Forwarded-Proto": "https"}


def test_admin_login_and_its_css_load_under_gunicorn_with_debug_off(server):
    status, headers, body = server.get("/admin/login/", HTTPS)

    assert status == 200
    css = re.search(rb'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', body).group(1)
    status, headers, _ = server.get(css.decode(), {**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"


def test_plain_http_is_redirected_unless_the_proxy_says_https(server):
    status, headers, _ = server.get("/admin/login/")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{server.port}/admin/login/"

    status, headers, _ = server.get("/admin/login/", HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    status, _, _ = server.get("/admin/login/", {"X-Forwarded-Proto": "http"})
    assert status == 301


def test_probes_answer_plain_http_from_any_host(server):
    for host in (f"127.0.0.1:{server.port}", "10.0.0.7:8000"):
        status, headers, body = server.get("/healthz", {"Host": host})
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        assert headers["Cache-Control"] == "no-store"
        status, _, body = server.get("/readyz", {"Host": host})
        assert status == 200
        assert {key: value for key, value in json.loads(body).items() if key != "ms"} == {
            "status": "ready",
            "checks": {"database": "ok", "schema": "ok"},
        }


def test_readyz_answers_503_naming_the_check_once_a_table_is_dropped(server, migrated_scratch_db):
    scratch_db = migrated_scratch_db
    assert server.get("/readyz")[0] == 200
    cascade = " CASCADE" if connections[scratch_db].vendor == "postgresql" else ""
    run_sql(scratch_db, f"DROP TABLE health_workout{cascade}")

    status, headers, body = server.get("/readyz")

    assert status == 503
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "status": "unavailable",
        "failing": "schema",
        "checks": {"database": "ok", "schema": "failing"},
        "problems": 1,
        "kinds": [{"id": "lifeos.E001", "kind": "missing_table"}],
    }
    assert server.get("/healthz")[0] == 200
    log = server.stop()
    assert "readiness: [lifeos.E001] table health_workout is missing" in log


def test_logs_are_one_json_line_per_event_with_path_and_status_and_no_password(server):
    _, headers, page = server.get("/admin/login/", HTTPS)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    form = f"csrfmiddlewaretoken={token}&username=nobody%40example.com&password={PASSWORD}"
    login = {
        **HTTPS,
        "Cookie": cookie,
        "Origin": f"https://127.0.0.1:{server.port}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    assert server.get("/admin/login/", login, method="POST", body=form)[0] == 200
    assert server.get(f"/no-such-page?password={PASSWORD}", HTTPS)[0] == 404
    assert server.get("/admin/login/", {**HTTPS, "Cookie": cookie}, "POST", form)[0] == 403

    output = server.stop()

    events = [json.loads(line) for line in output.splitlines()]
    assert PASSWORD not in output
    requests = [
        {key: event[key] for key in ("level", "logger", "message", "method", "path", "status")}
        for event in events
        if event["logger"].startswith("django.")
    ]
    assert requests == [
        {
            "level": "WARNING",
            "logger": "django.request",
            "message": "Not Found: /no-such-page",
            "method": "GET",
            "path": "/no-such-page",
            "status": 404,
        },
        {
            "level": "WARNING",
            "logger": "django.security.csrf",
            "message": "Forbidden (Referer checking failed - no Referer.): /admin/login/",
            "method": "POST",
            "path": "/admin/login/",
            "status": 403,
        },
    ]


def test_migrate_logs_one_json_event_per_line(scratch_db):
    process = start_manage(scratch_db, "migrate", "--noinput", env={"LIFEOS_LOG_FORMAT": "json"})
    output = process.communicate(timeout=300)[0]

    assert process.returncode == 0, output
    events = [json.loads(line) for line in output.splitlines()]
    assert {event["logger"] for event in events} == {"lifeos.migrate"}
    assert events[0]["message"] == "Operations to perform:"
    assert {"level": "INFO", "message": "Applying finance.0001_initial... OK"} in [
        {"level": event["level"], "message": event["message"]} for event in events
    ]


def test_readiness_names_the_database_when_it_cannot_be_reached(django_db_blocker):
    db = dict(connections.settings["default"])
    if db["ENGINE"].endswith("sqlite3"):
        db["NAME"] = "/nonexistent-directory/lifeos.sqlite3"
    else:
        db.update(PORT="1", HOST="127.0.0.1")
    connections.settings["unreachable"] = db
    try:
        with django_db_blocker.unblock():
            assert readiness_checks(connections["unreachable"]) == ("database", {})
    finally:
        connections["unreachable"].close()
        del connections["unreachable"]
        del connections.settings["unreachable"]


def test_readiness_of_an_empty_database_counts_every_missing_table(scratch_connection):
    failing, details = readiness_checks(scratch_connection)

    assert failing == "schema"
    assert details == {
        "problems": len(lifeos_models()),
        "kinds": [{"id": "lifeos.E001", "kind": "missing_table"}],
    }


def test_readyz_in_process_is_ready_on_the_test_database(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert client.post("/healthz").status_code == 405


def test_text_log_line_carries_path_and_status_only():
    request = RequestFactory().post(f"/finance/accounts/?password={PASSWORD}", {"p": PASSWORD})
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Bad: %s", ("x",), None
    )
    record.created = 0
    record.request = request
    record.status_code = 400

    line = LineFormatter("text").format(record)

    assert line == (
        "1970-01-01T00:00:00.000+00:00 WARNING django.request Bad: x method=POST "
        "path=/finance/accounts/ status=400"
    )
