"""The notarized-signing saga's own process (notary-saga): a second kind of process of the notary service, without
RPC entrypoints, that consumes the contracts' and notary's events, sends the saga's commands over RPC with their
idempotency keys, and times out cases past their deadline (a 10-second timer over the saga index)."""
from __future__ import annotations

import logging
import uuid
from typing import Any

from nameko.timer import timer

from shared import clock
from shared.context import SYSTEM, acting_as
from shared.errors import Conflict
from shared.nameko_kit.consumers import consumers
from shared.nameko_kit.dependencies import ApplicationProvider, Instrumentation
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import ServiceProcess
from services.notary.adapters.consumers import NOTARIZED_SIGNING
from services.notary.adapters.outbound_events import OUTBOUND
from services.notary.adapters.settings import notary_application
from services.notary.application.notarized_signing_saga import NotarizedSigning

log = logging.getLogger(__name__)


class RpcCommands:
    """The saga's commands as RPCs, each as the system with its idempotency key and the event that caused it."""

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster

    def send(self, service: str, method: str, idempotency_key: str, causation_id: str, **kwargs: Any) -> Any:
        ctx = {"actor_id": "system", "role": "system", "correlation_id": str(uuid.uuid4()),
               "causation_id": causation_id, "idempotency_key": idempotency_key}
        return self.cluster.call(service, method, ctx=ctx, **kwargs)


@consumers(NOTARIZED_SIGNING)
class NotarySaga(ServiceProcess):
    name = "notary"  # the same service: its queues keep their names, whichever process consumes them
    publishes = OUTBOUND

    app = ApplicationProvider(notary_application)
    cluster = ServiceRpc()
    instrumentation = Instrumentation()

    @property
    def commands(self) -> RpcCommands:
        return RpcCommands(self.cluster)

    @timer(interval=10, eager=True)
    def time_out_cases(self) -> None:
        """The durable deadline: sagas whose case was not completed in time are compensated."""
        view = self.notarized_signing.view
        policy = NotarizedSigning(view, self.app, self.commands)
        for saga in view.due(clock.now()):
            try:
                with acting_as(SYSTEM), view.datastore.transaction(commit=True) as curs:
                    policy.time_out(curs, saga)
            except Conflict:
                log.info("saga %s changed while its deadline ran; the next round decides", saga)
            except Exception as exc:
                log.warning("saga %s: timeout failed, will retry: %s", saga, exc)
