"""One line per log event, as text or JSON (``LIFEOS_LOG_FORMAT``), for stdout.

A request's event carries its method, path (never the query string) and
status; nothing else of the request is read: no body, no headers, no cookies,
so no password reaches the logs. Tracebacks stay on the event's line (newlines
escaped in text, a string field in JSON).
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed in ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Extras that are objects, not values: they are summarized (request) or dropped.
_DROPPED = {"request", "server_time", "status_code", "connection"}


def event_fields(record):
    """The fields of one event, in order: time, level, logger, message, request, extras."""
    fields = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
    }
    request = getattr(record, "request", None)
    method = getattr(request, "method", None)
    if method:
        fields["method"] = method
        fields["path"] = request.path
    status = getattr(record, "status_code", None)
    if status is not None:
        fields["status"] = status
    for name, value in vars(record).items():
        if name not in _STANDARD and name not in _DROPPED and not name.startswith("_"):
            fields[name] = value if isinstance(value, str | int | float | bool) else str(value)
    return fields


class LineFormatter(logging.Formatter):
    """``output="text"``: ``time level logger message key=value...``; ``"json"``: an object."""

    def __init__(self, output="text", **kwargs):
        super().__init__(**kwargs)
        if output not in ("text", "json"):
            raise ValueError(f"output must be text or json, not {output!r}")
        self.output = output

    def format(self, record):
        fields = event_fields(record)
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            fields["exception"] = record.exc_text
        if self.output == "json":
            return json.dumps(fields, default=str)
        head = [fields.pop(name) for name in ("time", "level", "logger", "message")]
        tail = [f"{name}={value}" for name, value in fields.items()]
        line = " ".join(str(part) for part in head + tail)
        return line.replace("\r", "\\r").replace("\n", "\\n")
