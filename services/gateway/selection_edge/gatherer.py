"""Gathers the selection commands that reach this edge within a few milliseconds into one call.

The first command of a round starts a `gather_seconds` timer; the round is sent when the timer fires
or at once when it holds `max_batch` commands, as one call of the selection batch protocol
(`services.lottery.api.selection_batch`). Each caller gets its own answer back (its result, or its own
error raised again), as if its command had travelled alone.
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from services.gateway import metrics
from services.lottery.api import selection_batch

Send = Callable[[list[dict[str, Any]]], Awaitable[list[dict[str, Any]]]]


class SelectionGatherer:
    def __init__(self, send: Send, gather_seconds: float = 0.005, max_batch: int = 100) -> None:
        self.send = send
        self.gather_seconds = gather_seconds
        self.max_batch = max_batch
        self._pending: list[tuple[dict[str, Any], asyncio.Future]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._sending: set[asyncio.Task] = set()

    async def call(self, command: dict[str, Any]) -> Any:
        """The command's own result, or its own DomainError."""
        answer: asyncio.Future = asyncio.get_running_loop().create_future()
        self._pending.append((command, answer))
        if len(self._pending) >= self.max_batch:
            self._flush()
        elif len(self._pending) == 1:
            self._timer = asyncio.get_running_loop().call_later(self.gather_seconds, self._flush)
        return selection_batch.outcome(await answer)

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if batch:
            task = asyncio.create_task(self._send(batch))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[tuple[dict[str, Any], asyncio.Future]]) -> None:
        metrics.SELECTION_BATCH_SIZE.observe(len(batch))
        try:
            answers = selection_batch.answers(await self.send([command for command, _ in batch]), len(batch))
        except Exception as exc:
            answers = selection_batch.failed(exc, len(batch))
        for (_, future), answer in zip(batch, answers):
            if not future.done():
                future.set_result(answer)
