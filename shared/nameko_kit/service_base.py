"""What every process of an event-sourced Nameko service offers (/metrics, /health for liveness, /ready
for readiness, the periodic catch-up of its declared consumers, the deadline helper), and what the process
that answers the service's RPCs adds: the catch-up RPC, which reads the integration events it publishes."""
from __future__ import annotations

import json
import logging
from typing import Any, Callable, Iterable

from nameko.rpc import rpc
from nameko.timer import timer
from nameko.web.handlers import http
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from werkzeug.wrappers import Response

from shared import log_reader
from shared.context import SYSTEM, CommandContext, acting_as
from shared.errors import Conflict, InvalidInput
from shared.integration import Outbound
from shared.nameko_kit.bootstrap import SettingsProvider
from shared.nameko_kit.consumers import bound
from shared.nameko_kit.edge import database_outage_as_unavailable
from shared.nameko_kit.readiness import Readiness, answer

log = logging.getLogger(__name__)


class ServiceProcess:
    """A process of the service without RPC entrypoints (a projection worker) inherits only this, so
    it never takes the calls meant for the service's command process."""

    name: str
    app: Any
    cluster: Any
    publishes: Outbound  # which of its stored events leave the service (its adapters' outbound mapping)
    consumer_declarations: tuple[Any, ...] = ()  # set by shared.nameko_kit.consumers
    readiness = Readiness()
    settings = SettingsProvider()

    def fetch(self, source: str, after: int, limit: int, upto: int | None) -> Any:
        if source == self.name:
            return log_reader.read_log(self.app, self.publishes, after, limit, upto)
        return self.cluster.call(source, "read_log", after=after, limit=limit, upto=upto)

    def run_deadlines(self, due: Iterable[str], command: Callable[[CommandContext, str], Any], what: str) -> None:
        """A durable-deadline sweep: run the system's command on each due aggregate; one that changed
        meanwhile (a concurrent command won) is left to the next sweep, which decides again."""
        for aggregate_id in due:
            try:
                with acting_as(SYSTEM):
                    command(SYSTEM, aggregate_id)
            except Conflict:
                log.info("%s %s changed while its deadline ran; the next round decides", what, aggregate_id)

    @timer(interval=30, eager=True)
    def reconcile(self) -> None:
        """Catch every declared consumer up with every source it reads (re-driving what operators asked for
        first); one unreachable source does not stop the others."""
        for declaration in self.consumer_declarations:
            consumer = bound(self, declaration)
            for source in declaration.sources:
                try:
                    consumer.catch_up(source, self.fetch)
                    consumer.refresh_metrics()
                except Exception as exc:
                    log.warning("%s: catch-up from %s failed, will retry: %s", declaration.name, source, exc)

    def rebuild(self, declaration: Any) -> dict[str, int]:
        """Replay a declared consumer's view from its sources' logs (`IdempotentConsumer.rebuild`): {source: applied}."""
        return bound(self, declaration).rebuild(self.fetch)

    @http("GET", "/metrics")
    def metrics(self, request: Any) -> Response:
        return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)

    @http("GET", "/health")
    def health(self, request: Any) -> Response:
        try:
            position = self.app.recorder.max_notification_id() or 0
        except Exception as exc:
            body = {"status": "unavailable", "service": self.name, "reason": str(exc)}
            return Response(json.dumps(body), status=503, mimetype="application/json")
        body = {"status": "ok", "service": self.name, "log_position": position}
        return Response(json.dumps(body), mimetype="application/json")

    @http("GET", "/ready")
    def ready(self, request: Any) -> Response:
        try:
            self.app.recorder.max_notification_id()
            problems, facts = self.readiness.check()
        except Exception as exc:
            return answer(self.name, [{"code": "database_unavailable", "message": str(exc)[:300]}])
        return answer(self.name, problems, **facts)


class EventSourcedService(ServiceProcess):
    @rpc
    @database_outage_as_unavailable
    def read_log(self, after: int, limit: int = 100, upto: int | None = None) -> dict[str, Any]:
        """Integration events of this service from position `after` (the catch-up path)."""
        for value in (after, limit) + ((upto,) if upto is not None else ()):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidInput("after, limit and upto are non-negative integers", code="invalid_position")
        return log_reader.read_log(self.app, self.publishes, after, max(limit, 1), upto)
