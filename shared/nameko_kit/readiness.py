"""Readiness: whether a process can do its work now, beside /health (it is alive).

A process is not ready when a worker has been running for longer than a threshold (its worker pool
is wedged: a call that never returns holds a worker for good, and once all are held nothing is
answered; then /ready itself gets no worker and the prober's timeout says the same), or when one of
its consumers has been stuck behind an event: its source is ahead and its position has not moved for
longer than a threshold. Quarantined events are reported but do not make a process unready: the
process goes on serving and consuming, and taking it out of service would stop far more than the
quarantined aggregate (the alert is the housing_quarantine_open_events metric).
"""
from __future__ import annotations

import json
import os
import time
from typing import Any

from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from shared.consumer_progress import stuck_seconds
from shared.nameko_kit.dependencies import ConsumerProvider

PROBES = frozenset({"health", "ready", "metrics"})


def threshold(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def worker_seconds() -> float:
    return threshold("HOUSING_READY_WORKER_SECONDS", 60)


def answer(service: str, problems: list[dict[str, Any]], **facts: Any) -> Response:
    """200 {"status": "ready", ...} or 503 {"status": "not_ready", "reasons": [...], ...}."""
    body = {"status": "not_ready" if problems else "ready", "service": service,
            "process": os.environ.get("HOUSING_PROCESS_NAME", service), **facts}
    if problems:
        body["reasons"] = problems
    return Response(json.dumps(body), status=503 if problems else 200, mimetype="application/json")


class Readiness(DependencyProvider):
    """Watches the container's workers and finds its consumers; `check()` lists what is wrong."""

    def __init__(self) -> None:
        self.running: dict[Any, tuple[str, float]] = {}

    def worker_setup(self, worker_ctx: Any) -> None:
        method = worker_ctx.entrypoint.method_name
        if method not in PROBES:
            self.running[worker_ctx] = (method, time.monotonic())

    def worker_teardown(self, worker_ctx: Any) -> None:
        self.running.pop(worker_ctx, None)

    def consumers(self) -> list[Any]:
        return [d.consumer for d in self.container.dependencies
                if isinstance(d, ConsumerProvider) and d.consumer is not None]

    def check(self) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        problems: list[dict[str, Any]] = []
        now, limit = time.monotonic(), worker_seconds()
        for method, started in list(self.running.values()):
            if now - started > limit:
                problems.append({"code": "worker_wedged", "entrypoint": method,
                                 "running_seconds": round(now - started, 1), "threshold_seconds": limit})
        quarantined = {}
        for consumer in self.consumers():
            for source, state in consumer.progress.stuck(stuck_seconds()).items():
                problems.append({"code": "consumer_stuck", "consumer": consumer.name, "source": source, **state})
            if consumer.progress.sources:
                quarantined[consumer.name] = consumer.view.open_count()
        facts = {"workers_running": len(self.running), "quarantined_events": quarantined}
        return problems, facts

    def get_dependency(self, worker_ctx: Any) -> "Readiness":
        return self
