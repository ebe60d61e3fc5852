"""Slowing down, then refusing, repeated failed log-ins for one e-mail or one client.

Failures are counted in Django's cache per e-mail address and per client
address (``REMOTE_ADDR``) over a window of ``WINDOW_SECONDS``. After
``SLOW_AFTER`` failures on a key, each further attempt must wait a delay that
doubles with every failure (1 s, 2 s, 4 s, ... at most ``MAX_DELAY_SECONDS``)
since the last one; after ``LOCK_AFTER`` failures the key is refused until the
window has passed since its last failure. A refused attempt is answered 429
with ``Retry-After`` and checks no password, so it costs no bcrypt time and
tells nothing about the password. A successful log-in clears its e-mail's count
(not the client's, so that one account cannot be used to reset an attacker's
address).

The counts live in the configured cache (``CACHES``; Django's per-process
memory cache by default), so with several server processes each keeps its own.
"""

import math
import time

from django.core.cache import cache

from lifeos.models import normalize_email

WINDOW_SECONDS = 15 * 60
SLOW_AFTER = 3
LOCK_AFTER = 10
MAX_DELAY_SECONDS = 60


def _keys(*, email, client):
    return [
        f"lifeos:login-failures:email:{normalize_email(email)}",
        f"lifeos:login-failures:client:{client}",
    ]


def _wait_for(failures, last_failure, now):
    """Seconds this key must still wait before another attempt (0: none)."""
    if failures >= LOCK_AFTER:
        delay = WINDOW_SECONDS
    elif failures >= SLOW_AFTER:
        delay = min(2 ** (failures - SLOW_AFTER), MAX_DELAY_SECONDS)
    else:
        return 0
    return max(0.0, last_failure + delay - now)


def login_wait_seconds(*, email, client, now=None):
    """Whole seconds to wait before this e-mail and client may try again (0: may try now)."""
    now = time.time() if now is None else now
    waits = [
        _wait_for(*state, now)
        for state in cache.get_many(_keys(email=email, client=client)).values()
    ]
    return math.ceil(max(waits, default=0))


def login_failed(*, email, client, now=None):
    """Count one failed attempt against the e-mail and the client."""
    now = time.time() if now is None else now
    keys = _keys(email=email, client=client)
    known = cache.get_many(keys)
    cache.set_many(
        {key: (known.get(key, (0, now))[0] + 1, now) for key in keys}, timeout=WINDOW_SECONDS
    )


def login_succeeded(*, email):
    """Forget the e-mail's failures."""
    cache.delete(_keys(email=email, client="")[0])
