"""Wires consumer declarations into a Nameko service: one provider and one durable queue per source each.

    @consumers(SELLABLE_ROOMS, CONTRACT_LIST)
    class ContractsService(EventSourcedService): ...

adds, for each declaration, a `ConsumerProvider` attribute named after it and an integration-event
entrypoint `<name>_from_<source>` per source it reads; `ServiceProcess.reconcile` catches every declared
consumer up with every source it reads. Nothing else names the consumer.
"""
from __future__ import annotations

from typing import Any, Callable

from shared.consumer import IdempotentConsumer
from shared.consumer_declaration import ConsumerDeclaration
from shared.nameko_kit.dependencies import ConsumerProvider
from shared.nameko_kit.integration_events import integration_events


def consumers(*declarations: ConsumerDeclaration) -> Callable[[type], type]:
    def wire(cls: type) -> type:
        for declaration in declarations:
            setattr(cls, declaration.name, ConsumerProvider(declaration))
            for source in declaration.sources:
                entrypoint = _entrypoint(declaration)
                entrypoint.__name__ = entrypoint.__qualname__ = f"{declaration.name}_from_{source}"
                setattr(cls, entrypoint.__name__, integration_events(source)(entrypoint))
        cls.consumer_declarations = (*getattr(cls, "consumer_declarations", ()), *declarations)
        return cls

    return wire


def _entrypoint(declaration: ConsumerDeclaration) -> Callable[[Any, dict], str]:
    def consume(self: Any, envelope: dict) -> str:
        return bound(self, declaration).handle(envelope, self.fetch)

    return consume


def bound(process: Any, declaration: ConsumerDeclaration) -> IdempotentConsumer:
    """The declaration's consumer in `process`, with its policy built for this call."""
    consumer: IdempotentConsumer = getattr(process, declaration.name)
    return consumer.using(declaration.policy(process, consumer.view))
