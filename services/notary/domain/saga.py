"""The notarized-signing saga's state: its own events, one saga per push of a contract (guide 002).

Each step the saga took is an event naming the step, the event that caused it and the command it sent (with the
idempotency key it used), so the history of one contract reads in order and a step is never taken twice: a step
already recorded is not recorded again, and its command, repeated after a crash with the same key, is answered
as the first time.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from shared.aggregate import ServiceAggregate

RUNNING, COMPLETED, COMPENSATED = "running", "completed", "compensated"
_NS = uuid.UUID("0b6a7f3e-1c2d-4e5f-8a9b-c0d1e2f3a4b5")


def saga_id(contract_id: str, attempt: int) -> uuid.UUID:
    return uuid.uuid5(_NS, f"notarized-signing/{contract_id}/{attempt}")


class NotarizedSigningSaga(ServiceAggregate):
    class SagaStarted(ServiceAggregate.Created):
        contract_id: str
        attempt: int
        case_id: str
        complete_by: datetime
        cause: str

        def apply(self, saga: "NotarizedSigningSaga") -> None:
            saga.contract_id, saga.attempt, saga.case_id = self.contract_id, self.attempt, self.case_id
            saga.complete_by = self.complete_by
            saga.state = RUNNING
            saga.steps = []
            saga.history = [{"step": "started", "kind": "step", "cause": self.cause, "command": None,
                             "at": self.timestamp.isoformat()}]

    class StepTaken(ServiceAggregate.Event):
        step: str
        kind: str  # "step" or "compensation"
        cause: str  # the event (or the deadline) that made the saga take it
        command: Any  # {"service", "method", "idempotency_key"} or None when the step only records a fact

        def apply(self, saga: "NotarizedSigningSaga") -> None:
            saga.steps.append(self.step)
            saga.history.append({"step": self.step, "kind": self.kind, "cause": self.cause, "command": self.command,
                                 "at": self.timestamp.isoformat()})

    class SagaEnded(ServiceAggregate.Event):
        outcome: str

        def apply(self, saga: "NotarizedSigningSaga") -> None:
            saga.state = self.outcome
            saga.history.append({"step": self.outcome, "kind": "end", "cause": "", "command": None,
                                 "at": self.timestamp.isoformat()})

    @classmethod
    def start(cls, *, contract_id: str, attempt: int, case_id: str, complete_by: datetime,
              cause: str) -> "NotarizedSigningSaga":
        return cls._create(cls.SagaStarted, id=saga_id(contract_id, attempt), contract_id=contract_id,
                           attempt=attempt, case_id=case_id, complete_by=complete_by, cause=cause)

    def took(self, step: str) -> bool:
        return step in self.steps

    def take(self, step: str, kind: str, cause: str, command: dict[str, str] | None) -> bool:
        """Record a step once; False if it was taken already (a redelivered event) or the saga has ended."""
        if self.took(step) or self.state != RUNNING:
            return False
        self.trigger_event(self.StepTaken, step=step, kind=kind, cause=cause, command=command)
        return True

    def end(self, outcome: str) -> bool:
        if self.state != RUNNING:
            return False
        self.trigger_event(self.SagaEnded, outcome=outcome)
        return True

    @property
    def running(self) -> bool:
        return self.state == RUNNING
