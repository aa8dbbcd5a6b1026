"""Structured JSON logs carrying the correlation id of the command being served."""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

from shared.context import current


class JsonFormatter(logging.Formatter):
    def __init__(self, process_name: str = "") -> None:
        super().__init__()
        self.process_name = process_name

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "process": self.process_name,
            "message": record.getMessage(),
        }
        ctx = current()
        if ctx is not None:
            data["correlation_id"] = ctx.correlation_id
            data["actor_id"] = ctx.actor_id
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def configure(process_name: str, level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(process_name))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("pika").setLevel(logging.WARNING)
