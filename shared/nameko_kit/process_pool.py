"""Pure CPU-bound functions (the PDF renderers) in a few long-lived child processes, called cooperatively.

Library code that takes locks (logging, fontTools, fpdf2) must not run in an OS thread of an eventlet process:
eventlet has made those locks green, and a green lock touched from another OS thread fails with
`greenlet.error: Cannot switch to a different thread` and can leave the process wedged. So such work runs in
child processes started by exec (a fresh interpreter, not a fork of the eventlet process; see
shared.process_worker), each doing one call at a time. The green thread that asks writes to the child's pipe
and waits on the answer through eventlet's hub, so the process's other green threads go on meanwhile.

Bounded: a call waits at most `wait` seconds for a free child, else 503 `<name>_busy`; a call that takes more
than `timeout` seconds gets 503 `<name>_timeout`, and its child is killed and replaced; a child that dies gets
503 `<name>_crashed` and is replaced. Children get no secrets: only PATH, LANG and the code's PYTHONPATH.
"""
from __future__ import annotations

import logging
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import hashlib
from collections import OrderedDict

import eventlet
from eventlet.event import Event
from eventlet.green import subprocess
from eventlet.queue import Empty, LightQueue
from eventsourcing.utils import get_topic

from shared import metrics
from shared.errors import Unavailable
from shared.nameko_kit.dependencies import ApplicationProvider
from shared.process_worker import read_frame, write_frame

log = logging.getLogger(__name__)
CODE_ROOT = str(Path(__file__).resolve().parents[2])


class ChildCallFailed(RuntimeError):
    """The function raised in the child; the message names its exception class."""


class _ChildGone(Exception):
    pass


class _TimedOut(Exception):
    pass


class _Child:
    """One child process and its request/reply pipes."""

    def __init__(self, pool: str, topics: Sequence[str]) -> None:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONPATH": CODE_ROOT,
               "HOUSING_PROCESS_NAME": f"{os.environ.get('HOUSING_PROCESS_NAME', 'service')}-{pool}"}
        self.process = subprocess.Popen([sys.executable, "-m", "shared.process_worker", *topics],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=CODE_ROOT, env=env)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, topic: str, args: tuple, kwargs: dict) -> tuple:
        try:
            write_frame(self.process.stdin, pickle.dumps((topic, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL))
            frame = read_frame(self.process.stdout)
        except (OSError, EOFError, ValueError) as exc:
            raise _ChildGone(str(exc)) from exc
        if frame is None:
            raise _ChildGone(f"exited with {self.process.poll()}")
        return pickle.loads(frame)

    def stop(self) -> None:
        if self.alive:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


class _SharedAnswers:
    """Calls with the same arguments share one run while it runs, and its answer afterwards (the last
    `size` answers): for pure functions such as rendering one printed contract, which many people download."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.answers: OrderedDict[bytes, Any] = OrderedDict()
        self.running: dict[bytes, Event] = {}

    def get(self, key: bytes, run: Callable[[], Any]) -> Any:
        if key in self.answers:
            self.answers.move_to_end(key)
            return self.answers[key]
        if key in self.running:
            return self.running[key].wait()
        event = self.running[key] = Event()
        try:
            answer = run()
        except BaseException as exc:
            event.send_exception(exc)
            raise
        else:
            event.send(answer)
            self.answers[key] = answer
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)
            return answer
        finally:
            del self.running[key]


class ProcessPool:
    """`size` children that may run `functions`; `call(function, *args, **kwargs)` runs one in a free child.
    With `shared` > 0, the functions are pure: equal calls share one run and the last `shared` answers."""

    def __init__(self, name: str, functions: Sequence[Callable[..., Any]], size: int, wait: float,
                 timeout: float, shared: int = 0) -> None:
        self.name, self.wait, self.timeout = name, wait, timeout
        self._shared = _SharedAnswers(shared) if shared > 0 else None
        self.topics = tuple(get_topic(function) for function in functions)
        self._idle: LightQueue = LightQueue()  # free places: a child, or None where one must be started
        self._children: set[_Child] = set()
        for _ in range(max(1, size)):
            self._idle.put(self._start())

    def call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        topic = get_topic(function)
        if topic not in self.topics:
            raise ValueError(f"{self.name} may not run {topic}")
        if self._shared is None:
            return self._run(function, topic, args, kwargs)
        key = hashlib.sha256(pickle.dumps((topic, args, sorted(kwargs.items())))).digest()
        return self._shared.get(key, lambda: self._run(function, topic, args, kwargs))

    def _run(self, function: Callable[..., Any], topic: str, args: tuple, kwargs: dict) -> Any:
        started = time.perf_counter()
        try:
            child = self._idle.get(timeout=self.wait)
        except Empty:
            self._observe(function, "busy", started)
            raise Unavailable(f"every {self.name} is busy; try again in a few seconds", code=f"{self.name}_busy",
                              details={"waited_seconds": self.wait}) from None
        outcome = "interrupted"
        try:
            if child is None or not child.alive:
                child = self._replace(child, "exited")
            reply = self._call_within_timeout(child, topic, args, kwargs)
            outcome = "ok" if reply[0] == "ok" else "error"
        except _TimedOut:
            outcome = "timeout"
            raise Unavailable(f"the {self.name} did not finish within {self.timeout:g} s; try again",
                              code=f"{self.name}_timeout") from None
        except _ChildGone as exc:
            outcome = "crashed"
            log.error("a %s child died during a call: %s", self.name, exc)
            raise Unavailable(f"the {self.name} failed; try again", code=f"{self.name}_crashed") from None
        finally:
            if outcome not in ("ok", "error"):
                child = self._replace(child, outcome)
            self._idle.put(child)
            self._observe(function, outcome, started)
        if outcome == "error":
            raise ChildCallFailed(f"{reply[1]}: {reply[2]}")
        return reply[1]

    def _call_within_timeout(self, child: _Child | None, topic: str, args: tuple, kwargs: dict) -> tuple:
        if child is None:
            raise _ChildGone("no child could be started")
        timer = eventlet.Timeout(self.timeout)
        try:
            return child.call(topic, args, kwargs)
        except eventlet.Timeout as exc:
            if exc is timer:
                raise _TimedOut() from None
            raise
        finally:
            timer.cancel()

    def close(self) -> None:
        for child in list(self._children):
            child.stop()
        self._children.clear()

    def _start(self) -> _Child:
        child = _Child(self.name, self.topics)
        self._children.add(child)
        return child

    def _replace(self, child: _Child | None, reason: str) -> _Child | None:
        """A fresh child instead of one that timed out, died or was left mid-call (its pipe is out of step);
        None (the next call tries again) if none can be started, so the pool never loses a place."""
        if child is not None:
            child.stop()
            self._children.discard(child)
        metrics.PROCESS_POOL_RESTARTS.labels(self.name, reason).inc()
        try:
            return self._start()
        except OSError as exc:
            log.error("a %s child could not be started: %s", self.name, exc)
            return None

    def _observe(self, function: Callable[..., Any], outcome: str, started: float) -> None:
        metrics.PROCESS_POOL_CALLS.labels(self.name, function.__name__, outcome).observe(
            time.perf_counter() - started)


class ProcessPoolProvider(ApplicationProvider):
    """A ProcessPool per container, started with it (children warm before the first call), closed with it."""

    def kill(self) -> None:
        self.stop()
