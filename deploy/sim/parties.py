"""What the simulated parties (bank, face verification, e-signature, SMS) have in common.

A `Party` answers the routes under its own prefix; the `Switchboard` it is given holds what they share:
the secrets, the public base of the links put in QR codes, the answers to requests already seen (so a
retry gets the first answer again), the callbacks sent and the dispatcher that delivers them, signed and
retried until the receiver answers 2xx. The helpers below check a request's fields the same way for all.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import logging
import re
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Mapping

from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from shared.errors import Conflict, InvalidInput, NotFound
from shared import signed_callbacks, webhooks

log = logging.getLogger("deploy.sim.providers")

AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_ref(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def invalid(message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_request")


def texts(body: Mapping[str, Any], *names: str) -> list[str]:
    values = []
    for name in names:
        value = body.get(name)
        if not isinstance(value, str) or not value.strip():
            raise invalid(f"{name} is required (a non-empty string)")
        values.append(value)
    return values


def amount(value: str) -> Decimal:
    if not AMOUNT.fullmatch(value) or Decimal(value) <= 0:
        raise invalid("amount must be a decimal string greater than 0 with at most 2 decimals")
    return Decimal(value)


def fen(body: Mapping[str, Any], name: str) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise invalid(f"{name} must be a whole number of fen greater than 0")
    return value


def callback_url(body: Mapping[str, Any]) -> str:
    (url,) = texts(body, "callback_url")
    if not url.startswith(("http://", "https://")):
        raise invalid("callback_url must be an http(s) URL")
    return url


def choice(body: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    if body.get(name) not in allowed:
        raise invalid(f"{name} must be one of {', '.join(allowed)}")
    return body[name]


def json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except ValueError:
        raise invalid("the body is not JSON") from None
    if not isinstance(body, dict):
        raise invalid("the body must be a JSON object")
    return body


def find(table: dict[str, Any], ref: str, what: str) -> Any:
    if ref not in table:
        raise NotFound(f"no {what} {ref}", code="not_found")
    return table[ref]


@dataclass
class Backoff:
    first: float = 0.2
    ceiling: float = 5.0
    attempts: int = 30


@dataclass
class Callback:
    provider: str
    url: str
    event: dict[str, Any]
    webhook: bool = False  # signed in the Standard Webhooks layout (shared.webhooks), its event_id the webhook-id


class CallbackDispatcher:
    """Delivers each callback on its own daemon thread after `delay`, retrying until a 2xx answer."""

    def __init__(self, secrets: Mapping[str, str], delay: float, backoff: Backoff, timeout: float = 5.0) -> None:
        self.secrets = secrets
        self.delay = delay
        self.backoff = backoff
        self.timeout = timeout
        self._stopping = threading.Event()

    def deliver(self, callback: Callback) -> None:
        threading.Thread(target=self._run, args=(callback,), daemon=True,
                         name=f"callback-{callback.event['event_id'][:8]}").start()

    def close(self) -> None:
        self._stopping.set()

    def _run(self, callback: Callback) -> None:
        if self._stopping.wait(self.delay):
            return
        pause = self.backoff.first
        for attempt in range(1, self.backoff.attempts + 1):
            status = self._post(callback)
            event = callback.event
            if status is not None and 200 <= status < 300:
                log.info("callback %s %s delivered (attempt %d)", event["type"], event["event_id"], attempt)
                return
            log.warning("callback %s %s attempt %d failed (%s)", event["type"], event["event_id"], attempt,
                        status or "unreachable")
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, self.backoff.ceiling)
        log.error("callback %s %s abandoned after %d attempts", callback.event["type"], callback.event["event_id"],
                  self.backoff.attempts)

    def _post(self, callback: Callback) -> int | None:
        body = json.dumps(callback.event, ensure_ascii=False).encode("utf-8")
        secret = self.secrets[callback.provider]
        signature = (webhooks.sign(secret, callback.event["event_id"], body) if callback.webhook
                     else signed_callbacks.sign(secret, body))
        headers = {"Content-Type": "application/json; charset=utf-8", **signature}
        request = urllib.request.Request(callback.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            error.close()
            return error.code
        except (OSError, http.client.HTTPException):
            return None


@dataclass
class Switchboard:
    """What every party shares; `lock` guards it and each party's own state."""

    secrets: Mapping[str, str]
    public_base: str
    dispatcher: CallbackDispatcher
    lock: threading.RLock = field(default_factory=threading.RLock)
    answers: dict[tuple[str, str], tuple[str, dict]] = field(default_factory=dict)
    callbacks: dict[str, Callback] = field(default_factory=dict)

    def once(self, kind: str, key: str, body: Mapping[str, Any], create: Callable[[], dict]) -> dict:
        """The answer to the first request with this key; a retry gets it again without side effects."""
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self.lock:
            if (kind, key) in self.answers:
                known, answer = self.answers[(kind, key)]
                if known != fingerprint:
                    raise Conflict(f"{key} was already used for a different request", code="merchant_ref_reused")
                return answer
            answer = create()
            self.answers[(kind, key)] = (fingerprint, answer)
            return answer

    def settle(self, table: dict[str, dict], ref: str, what: str, outcome: str, *, pending: str = "open",
               code: str = "already_completed") -> dict:
        """Record the person's outcome on an item still `pending` (a payment, a session, an order) and return
        the item; a second outcome is refused."""
        with self.lock:
            item = find(table, ref, what)
            if item["status"] != pending:
                raise Conflict(f"{what} {ref} is already {item['status']}", code=code)
            item["status"] = outcome
            return item

    def emit(self, provider: str, url: str, type_: str, *, webhook: bool = False, **fields: Any) -> dict[str, Any]:
        """Send a callback (signed afresh on every attempt; a Standard Webhooks one keeps its webhook-id); the event
        sent, whose event_id names it (for a redelivery)."""
        event = {"event_id": uuid.uuid4().hex, "type": type_, "occurred_at": now_iso(), **fields}
        callback = Callback(provider, url, event, webhook)
        with self.lock:
            self.callbacks[event["event_id"]] = callback
        self.dispatcher.deliver(callback)
        return event


class Party:
    """One simulated party: its routes (endpoints named `<name>.<method>`) under `/<name>/`."""

    name: str
    rules: tuple[Rule, ...] = ()

    def __init__(self, board: Switchboard) -> None:
        self.board = board

    @property
    def link_base(self) -> str:
        """Where the person's pages of this party are (the links in QR codes)."""
        return f"{self.board.public_base}/{self.name}"
