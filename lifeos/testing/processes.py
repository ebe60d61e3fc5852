"""``manage.py`` in a process of its own, pointed at a scratch database."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connections

MANAGE_PY = Path(__file__).resolve().parents[2] / "manage.py"


def database_url(alias):
    """The DATABASE_URL of connection ``alias``."""
    db = connections.settings[alias]
    if connections[alias].vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    if db.get("PASSWORD"):
        user += f":{db['PASSWORD']}"
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}@{host}{port}/{db['NAME']}"


def manage_env(alias, **extra):
    """The environment of a manage.py process on ``alias``'s database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(alias),
        "PYTHONUNBUFFERED": "1",
        **{name: str(value) for name, value in extra.items()},
    }


def start_manage(alias, *args, env=None, **popen):
    """Start ``python manage.py *args`` on ``alias``'s database; return the Popen."""
    return subprocess.Popen(
        [sys.executable, str(MANAGE_PY), *args],
        env=manage_env(alias, **(env or {})),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **popen,
    )


def read_until(process, marker):
    """Read the process's output up to the line containing ``marker``; return it all."""
    seen = []
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"{marker!r} never printed; output:\n{''.join(seen)}")
