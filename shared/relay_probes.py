"""The relay's HTTP port: /metrics (Prometheus), /health (alive) and /ready (publishing).

The relay is not ready while it cannot build (database unreachable at start), when it has not measured
its lag for longer than the stuck threshold (the database is unreachable), or when the store's head is
ahead of what it has published and its position has not moved for longer than that threshold.
"""
from __future__ import annotations

import json
import os
import threading
import time
from typing import Any, Callable, Iterable
from wsgiref.simple_server import make_server

from prometheus_client import make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer, _SilentHandler

from shared.consumer_progress import ConsumerProgress, stuck_seconds


class RelayProbe:
    """What the relay's lag watcher last measured (see Relay.watch_lag)."""

    def __init__(self, source: str, now: Callable[[], float] = time.monotonic) -> None:
        self.source = source
        self.now = now
        self.progress = ConsumerProgress(now)
        self.started = False
        self.measured_at: float | None = None

    def measured(self, position: int, head: int) -> None:
        self.progress.note(self.source, position=position, seen=head)
        self.measured_at = self.now()

    def problems(self) -> list[dict[str, Any]]:
        limit = stuck_seconds()
        if not self.started or self.measured_at is None:
            return [{"code": "starting", "message": "the relay has not reached its event store yet"}]
        if self.now() - self.measured_at > limit:
            return [{"code": "database_unavailable", "message": "the relay cannot read its event store",
                     "since_seconds": round(self.now() - self.measured_at, 1)}]
        return [{"code": "relay_stuck", **state} for state in self.progress.stuck(limit).values()]

    def wsgi(self) -> Callable[[dict, Callable], Iterable[bytes]]:
        metrics_app = make_wsgi_app()

        def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "")
            if path not in ("/health", "/ready"):
                return metrics_app(environ, start_response)
            problems = self.problems() if path == "/ready" else []
            body = {"status": "ok" if path == "/health" else ("not_ready" if problems else "ready"),
                    "service": f"relay-{self.source}"}
            if problems:
                body["reasons"] = problems
            start_response("503 Service Unavailable" if problems else "200 OK",
                           [("Content-Type", "application/json")])
            return [json.dumps(body).encode()]
        return app

    def serve(self, port: int, addr: str = os.environ.get("HOUSING_METRICS_ADDRESS", "127.0.0.1")) -> None:
        server = make_server(addr, port, self.wsgi(), ThreadingWSGIServer, handler_class=_SilentHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
