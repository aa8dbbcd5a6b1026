"""Gathers the selection commands that reach one gateway process within a few milliseconds into one RPC.

In a selection window a thousand families act at once. One AMQP round trip per command costs more CPU
than deciding the command (about 4 ms against well under 1 ms), so the first command of a gathering
round waits `gather_seconds`, then sends everything that arrived meanwhile as one call of the selection
batch protocol (`services.lottery.api.selection_batch`), which answers each command on its own.
Green threads switch only when they wait, so the list needs no lock. A gathering round that reaches
`max_batch` commands is sent at once by the command that filled it: while the process is busy parsing a
burst of requests, the leader's timer would otherwise fire only after the whole burst, and the lottery
would sit idle until then instead of deciding the first commands.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import eventlet
from eventlet.event import Event

from services.gateway import metrics
from services.lottery.api import selection_batch

Send = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


@dataclass
class _Pending:
    command: dict[str, Any]
    done: Event = field(default_factory=Event)


class SelectionBatcher:
    def __init__(self, gather_seconds: float = 0.005, max_batch: int = 100) -> None:
        self.gather_seconds = gather_seconds
        self.max_batch = max_batch
        self.pending: list[_Pending] = []
        self.round = 0  # which gathering round is open; a leader sends only its own round

    def call(self, send: Send, command: dict[str, Any]) -> Any:
        """The command's own result, or its own DomainError."""
        mine = _Pending(command)
        self.pending.append(mine)
        if len(self.pending) >= self.max_batch:
            self._send(send, self._take())
        elif len(self.pending) == 1:
            opened = self.round
            eventlet.sleep(self.gather_seconds)
            if self.round == opened and self.pending:
                self._send(send, self._take())
        return selection_batch.outcome(mine.done.wait())

    def _take(self) -> list[_Pending]:
        batch, self.pending = self.pending, []
        self.round += 1
        return batch

    @staticmethod
    def _send(send: Send, batch: list[_Pending]) -> None:
        metrics.SELECTION_BATCH_SIZE.observe(len(batch))
        try:
            answers = selection_batch.answers(send([p.command for p in batch]), len(batch))
        except Exception as exc:
            answers = selection_batch.failed(exc, len(batch))
        for pending, answer in zip(batch, answers):
            pending.done.send(answer)
