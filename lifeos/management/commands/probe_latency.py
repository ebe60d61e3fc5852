"""``probe_latency``: time GET /healthz and GET /readyz of a running LifeOS over HTTP."""

import json

from django.core.management.base import BaseCommand, CommandError

from lifeos.probe_latency import time_requests


class Command(BaseCommand):
    help = (
        "Time the health probes of a running LifeOS server (gunicorn or runserver) over HTTP, "
        "a new connection per request as a load balancer probes: print p50, p95 and max in "
        "milliseconds and the statuses answered, per path. Changes nothing."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="Base URL of the server (default: http://127.0.0.1:8000).",
        )
        parser.add_argument(
            "--requests",
            type=int,
            default=500,
            help="Timed requests per path, after 5 untimed ones (default: 500).",
        )
        parser.add_argument(
            "--path",
            action="append",
            dest="paths",
            help="Path to time; repeat for several (default: /healthz and /readyz).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print the figures as JSON, one object per path.",
        )

    def handle(self, *args, url, requests, paths, as_json, **options):
        if requests < 1:
            raise CommandError("--requests must be at least 1.")
        results = []
        for path in paths or ["/healthz", "/readyz"]:
            try:
                results.append(time_requests(url, path, requests))
            except OSError as error:
                raise CommandError(f"{url}{path} cannot be reached: {error}") from error
        if as_json:
            self.stdout.write(json.dumps(results, indent=2))
            return
        for result in results:
            statuses = ", ".join(f"{code} x{n}" for code, n in sorted(result["statuses"].items()))
            self.stdout.write(
                f"{result['path']}: {result['requests']} requests, p50 {result['p50_ms']} ms, "
                f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms ({statuses})"
            )
