"""Nameko dependency providers: one application, views and instrumentation per container."""
from __future__ import annotations

import time
from typing import Any, Callable, Mapping

from eventsourcing.persistence import IntegrityError, InternalError
from nameko.extensions import DependencyProvider

from shared import metrics
from shared.consumer import IdempotentConsumer, construct_tables, construct_view
from shared.consumer_declaration import ConsumerDeclaration
from shared.nameko_kit.bootstrap import settings_of
from shared.nameko_kit.integration_events import TRANSIENT
from shared.settings import ProcessSettings


def built_beside_twins(build: Callable[[], Any], attempts: int = 5) -> Any:
    """Build what creates the service's tables, although another process of the service may be creating
    them at the same moment: PostgreSQL's CREATE ... IF NOT EXISTS loses that race with a unique
    violation or "tuple concurrently updated", and once the winner has committed, building again finds
    the tables in place."""
    for attempt in range(attempts):
        try:
            return build()
        except (IntegrityError, InternalError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


class ApplicationProvider(DependencyProvider):
    """Constructs the service's eventsourcing Application once per container: `factory(settings)`."""

    def __init__(self, factory: Callable[[ProcessSettings], Any]) -> None:
        self.factory = factory
        self.app: Any = None

    def setup(self) -> None:
        settings = settings_of(self.container)
        self.app = built_beside_twins(lambda: self.factory(settings))

    def stop(self) -> None:
        if self.app is not None:
            self.app.close()

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self.app


class AdapterProvider(ApplicationProvider):
    """An external party's client (bank, face verification, ...), built once per container: `factory(environ)`."""

    def __init__(self, factory: Callable[[Mapping[str, str]], Any]) -> None:
        super().__init__(lambda settings: factory(settings.environ))

    def stop(self) -> None:
        self.app = None


class ConsumerProvider(DependencyProvider):
    """The IdempotentConsumer of one declaration, its view in the service's own schema; bind its policy per
    call with `bound(process)`."""

    def __init__(self, declaration: ConsumerDeclaration) -> None:
        self.declaration = declaration
        self.consumer: IdempotentConsumer | None = None

    def setup(self) -> None:
        env = settings_of(self.container).event_store
        view = built_beside_twins(lambda: construct_view(self.declaration.view, env, self.declaration.name))
        self.consumer = IdempotentConsumer(view, self.declaration, None, TRANSIENT)

    def stop(self) -> None:
        if self.consumer is not None:
            self.consumer.view.datastore.close()

    def get_dependency(self, worker_ctx: Any) -> IdempotentConsumer:
        assert self.consumer is not None
        return self.consumer


class Instrumentation(DependencyProvider):
    """Records the latency and outcome of every entrypoint call of the service."""

    def __init__(self) -> None:
        self.started: dict[Any, float] = {}

    def worker_setup(self, worker_ctx: Any) -> None:
        self.started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx: Any, result: Any = None, exc_info: Any = None) -> None:
        started = self.started.pop(worker_ctx, None)
        if started is None:
            return
        outcome = "ok" if exc_info is None else type(exc_info[1]).__name__
        metrics.RPC_LATENCY.labels(
            self.container.service_name, worker_ctx.entrypoint.method_name, outcome
        ).observe(time.perf_counter() - started)

    def get_dependency(self, worker_ctx: Any) -> None:
        return None


class TablesProvider(DependencyProvider):
    """Plain tables (SchemaTables) in the service's own schema, shared by the container's workers."""

    def __init__(self, tables_class: type, name: str) -> None:
        self.tables_class = tables_class
        self.name = name
        self.tables: Any = None

    def setup(self) -> None:
        env = settings_of(self.container).event_store
        self.tables = built_beside_twins(lambda: construct_tables(self.tables_class, env, self.name))

    def stop(self) -> None:
        if self.tables is not None:
            self.tables.datastore.close()

    def get_dependency(self, worker_ctx: Any) -> Any:
        return self.tables
