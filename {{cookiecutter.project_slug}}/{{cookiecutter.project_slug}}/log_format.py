"""Log formats for stdout: one readable line in development, one JSON object per line on Railway.

Railway parses a log line that is a JSON object: ``level`` sets the severity its log view
shows (and filters on), ``message`` is the text, other fields become filterable attributes.
Plain lines are all shown at the same level. Standard library only: gunicorn.conf.py uses
this module before Django is set up.
"""

import json
import logging
import os

LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """``{"level": "info", "message": "...", "logger": "..."}`` on one line, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"level": record.levelname.lower(), "message": record.getMessage(), "logger": record.name}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def formatter_config() -> dict:
    """The ``formatters`` entry of a dictConfig, chosen by LOG_FORMAT (``text`` or ``json``)."""
    choice = os.environ.get("LOG_FORMAT", "text").strip().lower() or "text"
    if choice == "json":
        return {"()": f"{__name__}.JsonFormatter"}
    if choice == "text":
        return {"format": LINE_FORMAT}
    raise ValueError(f"LOG_FORMAT={choice!r} : attendu text ou json.")
