"""One declaration per consumer: what it reads (source, event type, version), with which payload schema,
and which handler of its policy applies it.

From a declaration the Nameko binding (one queue per source), the catch-up (every source it reads), the
payload check and the metrics are derived (shared.nameko_kit.consumers), so a consumer is wired in one place.
A saga participant marks each handler a step or a compensation, so its part of the saga reads as a table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from marshmallow import Schema

Handler = Callable[[Any, Any, Mapping[str, Any]], None]
"""handler(policy, tx, envelope): the envelope's payload already loaded with the consumer's own schema."""

PROJECTION, STEP, COMPENSATION = "projection", "step", "compensation"


@dataclass(frozen=True)
class Reads:
    source: str
    type: str
    version: int
    schema: Schema
    handler: Handler
    kind: str = PROJECTION  # a saga participant's STEP or COMPENSATION

    def __post_init__(self) -> None:
        assert self.kind in (PROJECTION, STEP, COMPENSATION), self.kind


def on(source: str, type_: str, version: int, schema: Schema | type[Schema], handler: Handler,
       kind: str = PROJECTION) -> Reads:
    return Reads(source, type_, version, schema() if isinstance(schema, type) else schema, handler, kind)


def step(source: str, type_: str, version: int, schema: Schema | type[Schema], handler: Handler) -> Reads:
    return on(source, type_, version, schema, handler, STEP)


def compensation(source: str, type_: str, version: int, schema: Schema | type[Schema], handler: Handler) -> Reads:
    return on(source, type_, version, schema, handler, COMPENSATION)


@dataclass(frozen=True)
class ConsumerDeclaration:
    """`name` names the consumer's positions, quarantine and metrics; `view` is its TrackedView class (rows and
    positions in one transaction); `policy(process, view)` builds what its handlers are methods of."""

    name: str
    view: type
    policy: Callable[[Any, Any], Any]
    reads: tuple[Reads, ...]
    _by_type: dict[tuple[str, str], Reads] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_type: dict[tuple[str, str], Reads] = {}
        for read in self.reads:
            if (read.source, read.type) in by_type:
                raise ValueError(f"{self.name} reads {read.source} {read.type} twice")
            by_type[(read.source, read.type)] = read
        object.__setattr__(self, "_by_type", by_type)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(read.source for read in self.reads))

    def read_of(self, source: str, type_: str) -> Reads | None:
        """What this consumer does with an event type, or None: the event only advances its position."""
        return self._by_type.get((source, type_))
