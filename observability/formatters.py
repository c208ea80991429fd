"""Log records as one JSON object a line (``LOG_FORMAT=json``), for a log collector to read.

Every record has its time, level, logger and message; a request's record
(``observability.requests``) adds its fields. ``json.dumps`` escapes whatever a client sent
(quotes, newlines, control characters), so one record is always exactly one line.
"""

import json
import logging
from datetime import UTC, datetime

REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
