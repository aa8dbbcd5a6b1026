"""The session desk: every command on a selection session goes through one batching writer.

At the start of a formal window a thousand families act within seconds, all on the same session
aggregate. Taking each command as its own transaction would serialise them on the event store's
table lock. The desk gathers what arrives within a few milliseconds, decides the whole batch on one
copy of the session (earlier-ranked families first among confirmations, so ranking, not the click,
decides a room two families want at the same moment), and saves the batch in one transaction.
Several processes can run desks for the same session: a batch that loses the optimistic-concurrency
race is decided again on the fresher session, so no process trusts its own memory.

Framework-neutral: uses `threading`, which the service's eventlet monkey-patching makes green.
"""
from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from eventsourcing.persistence import IntegrityError

from shared import context
from services.lottery.application import metrics
from shared.context import CommandContext
from shared.errors import DomainError, TooManyRequests, Unavailable

log = logging.getLogger(__name__)
CONFIRM = "confirm"


def in_flight_refusal() -> TooManyRequests:
    """A family's second request while its first is still being decided (here or in another process)."""
    return TooManyRequests("your previous request is still being processed", code="request_in_flight",
                           details={"retry_after": 1})


@dataclass
class Request:
    session_id: uuid.UUID
    family_id: str
    command: str
    args: dict[str, Any]
    key: str
    ctx: CommandContext | None = field(default_factory=context.current)  # who asked, for the event's meta
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: DomainError | None = None

    def outcome(self) -> Any:
        """The decision's result, or its error raised."""
        if self.error is not None:
            raise self.error
        return self.result


class SessionDesk:
    def __init__(self, load: Callable[[uuid.UUID], Any], save: Callable[[Any], None], *, gather_seconds: float = 0.01,
                 max_pending: int = 5000, attempts: int = 30, when_idle: Callable[[], None] | None = None,
                 quiet_seconds: float = 1.0) -> None:
        self.load = load
        self.save = save
        # Work that can wait for a quiet moment (snapshots): done once no request has come for
        # `quiet_seconds`, not in the gaps between a burst's batches.
        self.when_idle = when_idle
        self.quiet_seconds = quiet_seconds
        self._idle_work_due = False
        self.gather_seconds = gather_seconds
        self.max_pending = max_pending
        self.attempts = attempts
        self._pending: list[Request] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False
        self.guard: Any = None
        self._thread = threading.Thread(target=self._run, name="session-desk", daemon=True)
        self._thread.start()

    def attach_guard(self, guard: Any) -> None:
        """A shared guard (claim(families) -> claimed, release(families)) that keeps each family to one
        request in flight across every process; without one, only this desk's batches are checked."""
        self.guard = guard

    def submit(self, session_id: uuid.UUID, family_id: str, command: str, args: dict[str, Any], key: str,
               timeout: float = 5.0) -> Any:
        request = Request(session_id, family_id, command, args, key)
        self.submit_many([request], timeout)
        return request.outcome()

    def submit_many(self, requests: list[Request], timeout: float = 5.0) -> None:
        """Queue requests together and wait until each is decided: each ends with its result or its error.
        A whole gathered RPC goes in at once, so its commands cost one wake-up, not one thread each."""
        with self._lock:
            if len(self._pending) + len(requests) > self.max_pending:
                for request in requests:
                    request.error = Unavailable("selection is very busy right now; try again in a moment",
                                                code="saturated")
                return
            self._pending.extend(requests)
        self._wake.set()
        deadline = time.monotonic() + timeout
        for request in requests:
            if not request.done.wait(max(0.0, deadline - time.monotonic())):
                request.error = Unavailable("your request is still being processed; repeat it with the same"
                                            " idempotency key", code="still_processing")

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping:
            if not self._wake.wait(self.quiet_seconds if self._idle_work_due else None):
                self._idle_work_due = False
                self._do_idle_work()
                continue
            time.sleep(self.gather_seconds)
            with self._lock:
                batch, self._pending = self._pending, []
                self._wake.clear()
            batch, claimed = self._one_per_family(batch)
            by_session: dict[uuid.UUID, list[Request]] = {}
            for request in batch:
                by_session.setdefault(request.session_id, []).append(request)
            for session_id, requests in by_session.items():
                try:
                    self._decide(session_id, requests)
                except DomainError as exc:  # e.g. the session's stored events failed their integrity check
                    self._fail(requests, exc)
                except Exception:  # the database is down: fail this batch, keep the desk alive
                    log.exception("session batch failed")
                    self._fail(requests, Unavailable("selection could not be saved; try again with the same key",
                                                     code="storage_unavailable"))
            if claimed and self.guard is not None:
                try:
                    self.guard.release(claimed)
                except Exception:  # the database is down: the slots expire by themselves; keep the desk alive
                    log.exception("could not release in-flight slots")
            self._idle_work_due = self.when_idle is not None

    def _do_idle_work(self) -> None:
        try:
            self.when_idle()
        except Exception:
            log.exception("idle work failed")

    def _one_per_family(self, batch: list[Request]) -> tuple[list[Request], list[str]]:
        """At most one request in flight per family: later ones in the batch, and families with a
        request in flight in another process, get 429 with nothing done."""
        first: dict[str, Request] = {}
        for request in batch:
            if request.family_id == "system":
                continue
            if request.family_id in first:
                self._refuse(request)
            else:
                first[request.family_id] = request
        claimed = set(first)
        if self.guard is not None and first:
            try:
                claimed = self.guard.claim(list(first))
            except Exception:
                log.exception("in-flight guard unavailable; deciding without it")
                claimed = set(first)
        for family_id, request in first.items():
            if family_id not in claimed:
                self._refuse(request)
        kept = [r for r in batch if r.family_id == "system" or (first.get(r.family_id) is r and r.family_id in claimed)]
        return kept, [f for f in first if f in claimed] if self.guard is not None else []

    @staticmethod
    def _fail(requests: list[Request], error: DomainError) -> None:
        for request in requests:
            request.error = error
            request.done.set()

    @staticmethod
    def _refuse(request: Request) -> None:
        request.error = in_flight_refusal()
        request.done.set()

    def _decide(self, session_id: uuid.UUID, requests: list[Request]) -> None:
        for attempt in range(self.attempts):
            session = self.load(session_id)
            for request in self._ordered(session, requests):
                request.result, request.error = None, None
                try:
                    previous = session.answered(request.key, request.family_id)
                    if previous:
                        request.result = previous["result"]
                    else:
                        # The desk runs in its own thread: stamp each decision with its caller's context.
                        with context.acting_as(request.ctx or context.SYSTEM):
                            request.result = self._dispatch(session, request)
                except DomainError as exc:
                    request.error = exc
            if not session.pending_events:
                break
            try:
                started = time.perf_counter()
                self.save(session)
                metrics.BATCH_SECONDS.observe(time.perf_counter() - started)
                metrics.BATCH_SIZE.observe(len(requests))
                break
            except IntegrityError:
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))
        else:
            for request in requests:
                request.error = Unavailable("selection is very busy right now; try again", code="saturated")
        for request in requests:
            request.done.set()

    @staticmethod
    def _ordered(session: Any, requests: list[Request]) -> list[Request]:
        """Everything but confirmations in arrival order, then confirmations by ranking."""
        others = [r for r in requests if r.command != CONFIRM]
        confirms = sorted((r for r in requests if r.command == CONFIRM),
                          key=lambda r: session.ranks.get(r.family_id, 1 << 30))
        return others + confirms

    @staticmethod
    def _dispatch(session: Any, request: Request) -> Any:
        a, family, key = request.args, request.family_id, request.key
        if request.command == "enter":
            return session.enter(family, key)
        if request.command == "cart":
            return session.change_cart(family, a["operation"], a["room_id"], key)
        if request.command == "sync":
            return session.sync(family, a["preselected"], key)
        if request.command == CONFIRM:
            return session.confirm(family, a["room_id"], key)
        if request.command == "give_up":
            return session.give_up(family, key)
        if request.command == "open":
            return session.open(a["taken_before"])
        if request.command == "close":
            return session.close_window()
        if request.command == "release":
            return session.release(a["family_id"], a["room_id"], a["reason"])
        raise ValueError(f"unknown session command {request.command}")
