"""Timing: warm-up, then interleaved runs timed with ``time.perf_counter_ns``."""

import gc
import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Percentiles of one measured callable, in milliseconds."""

    runs: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    min_ms: float
    max_ms: float

    @classmethod
    def from_ns(cls, samples):
        ordered = sorted(samples)
        ms = 1e-6
        return cls(
            runs=len(ordered),
            p50_ms=percentile(ordered, 50) * ms,
            p95_ms=percentile(ordered, 95) * ms,
            p99_ms=percentile(ordered, 99) * ms,
            mean_ms=sum(ordered) / len(ordered) * ms,
            min_ms=ordered[0] * ms,
            max_ms=ordered[-1] * ms,
        )

    def as_dict(self):
        return {
            "runs": self.runs,
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "p99_ms": self.p99_ms,
            "mean_ms": self.mean_ms,
            "min_ms": self.min_ms,
            "max_ms": self.max_ms,
        }


def percentile(ordered, p):
    """The nearest-rank ``p``-th percentile of the sorted ``ordered``."""
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def measure(variants, *, runs, warmup):
    """Time each callable of ``variants`` (name -> callable) ``runs`` times; return Timings.

    Each variant is warmed up and timed in a block of its own: interleaving
    them would time a fast read just after a slow one (the naive ORM scanning
    100,000 rows), with the caches it evicted, and charge it for them.
    """
    clock = time.perf_counter_ns
    timings = {}
    # As in a gunicorn worker, whose master froze the loaded application before
    # forking it (gunicorn.conf.py's pre_fork): collections skip the process's
    # long-lived objects, and time only what each call leaves behind.
    gc.collect()
    gc.freeze()
    try:
        for name, call in variants.items():
            for _ in range(warmup):
                call()
            samples = []
            for _ in range(runs):
                started = clock()
                call()
                samples.append(clock() - started)
            timings[name] = Timing.from_ns(samples)
    finally:
        gc.unfreeze()
    return timings


def time_once(call):
    """Seconds ``call()`` takes, and what it returned."""
    started = time.perf_counter_ns()
    result = call()
    return (time.perf_counter_ns() - started) / 1e9, result
