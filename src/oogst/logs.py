"""Log lines as JSON, one object per line (`LOG_FORMAT=json`), for a log collector: time,
level, logger, message, and the traceback of an exception; extra fields a caller passes
(`logger.info(..., extra={...})`) come along."""

from __future__ import annotations

import datetime as dt
import json
import logging

# Attributes every LogRecord has: what is left over was passed as `extra`.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else repr(value)
        return json.dumps(entry, ensure_ascii=False)
