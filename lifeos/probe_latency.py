"""Latency of the health probes over HTTP, as a load balancer sees them.

Each request opens a new connection (as most load balancers' probes do) and is
timed from connect to the last byte of the response.
"""

import http.client
import math
import time
from urllib.parse import urlsplit


def percentile(sorted_values, fraction):
    """The nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def time_requests(base_url, path, requests, *, warmup=5, timeout=10):
    """Time ``requests`` GETs of ``path``; return a summary in milliseconds."""
    parts = urlsplit(base_url)
    durations, statuses = [], {}
    for index in range(warmup + requests):
        started = time.perf_counter()
        connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        elapsed = (time.perf_counter() - started) * 1000
        if index >= warmup:
            durations.append(elapsed)
            statuses[response.status] = statuses.get(response.status, 0) + 1
    durations.sort()
    return {
        "path": path,
        "requests": requests,
        "statuses": statuses,
        "p50_ms": round(percentile(durations, 0.50), 2),
        "p95_ms": round(percentile(durations, 0.95), 2),
        "max_ms": round(durations[-1], 2),
    }
