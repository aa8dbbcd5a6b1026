"""One process playing the four external parties locally: bank, face verification, e-signature and SMS.

Run: `python -m deploy.sim.providers --port 8190` with HOUSING_BANK_SECRET, HOUSING_FACE_SECRET,
HOUSING_ESIGN_SECRET and HOUSING_SMS_SECRET set. Each party lives under its own prefix (/bank, /face,
/esign, /sms). Its API (`/{party}/v1/...`) requires requests signed with that party's secret
(shared.signed_callbacks); outcomes go back as signed callbacks, delivered in the background and
retried until the receiver answers 2xx. The person-side pages (pay, scan, sign) and the operator's
`/{party}/sim/...` endpoints are unsigned: they stand for the person's phone or the operator.
State lives in memory and is lost on restart.
"""
from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import http.client
import json
import logging
import os
import re
import sys
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Mapping

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from shared.errors import Conflict, DomainError, InvalidInput, NotFound
from shared.identity_documents import RESIDENT_ID, InvalidIdentityDocument, identity_document
from shared.signed_callbacks import sign, verify
from services.contracts.api.subjects import subject_hash

log = logging.getLogger("deploy.sim.providers")

PROVIDERS = ("bank", "face", "esign", "sms")
SECRET_ENV = {name: f"HOUSING_{name.upper()}_SECRET" for name in PROVIDERS}
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")
PHONE = re.compile(r"1[0-9]{10}")
SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
MAX_BODY = 16 * 1024 * 1024

ROUTES = Map([
    Rule("/health", endpoint="health", methods=["GET"]),
    Rule("/bank/v1/mandates", endpoint="bank_mandates", methods=["POST"]),
    Rule("/bank/v1/mandates/<ref>/cancel", endpoint="bank_cancel_mandate", methods=["POST"]),
    Rule("/bank/sim/mandates/<ref>", endpoint="bank_mandate_status", methods=["GET"]),
    Rule("/bank/v1/payments", endpoint="bank_payments", methods=["POST"]),
    Rule("/bank/v1/refunds", endpoint="bank_refunds", methods=["POST"]),
    Rule("/bank/pay/<ref>", endpoint="bank_pay", methods=["POST"]),
    Rule("/face/v1/sessions", endpoint="face_sessions", methods=["POST"]),
    Rule("/face/scan/<ref>", endpoint="face_scan", methods=["POST"]),
    Rule("/esign/v1/orders", endpoint="esign_orders", methods=["POST"]),
    Rule("/esign/sign/<ref>", endpoint="esign_show", methods=["GET"]),
    Rule("/esign/sign/<ref>", endpoint="esign_sign", methods=["POST"]),
    Rule("/sms/v1/messages", endpoint="sms_messages", methods=["POST"]),
    Rule("/sms/sim/messages", endpoint="sms_outbox", methods=["GET"]),
    Rule("/<any(bank,face,esign,sms):provider>/sim/callbacks", endpoint="callbacks", methods=["GET"]),
    Rule("/<any(bank,face,esign,sms):provider>/sim/callbacks/<event_id>/redeliver", endpoint="redeliver",
         methods=["POST"]),
])


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _new_ref(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def luhn_valid(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def card_refusal(card_number: str, images: tuple[str, str]) -> str | None:
    """Why the bank refuses a mandate, or None when it accepts it."""
    if not (card_number.isascii() and card_number.isdigit() and 16 <= len(card_number) <= 19
            and luhn_valid(card_number)):
        return "invalid_card_number"
    for encoded in images:
        try:
            image = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return "unreadable_card_image"
        if not image.startswith(IMAGE_SIGNATURES):
            return "unreadable_card_image"
    return None


def mask_id_number(id_number: str) -> str:
    if len(id_number) <= 7:
        return "*" * len(id_number)
    return id_number[:3] + "*" * (len(id_number) - 7) + id_number[-4:]


def _document_number(number: str, id_type: Any) -> str:
    """The scanned identity document's number as the face-verification party checks it."""
    try:
        return identity_document(number.strip(), str(id_type)).number
    except InvalidIdentityDocument as exc:
        raise _invalid(f"id_number: {exc}") from None


def _invalid(message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_request")


def _text(body: Mapping[str, Any], *names: str) -> list[str]:
    values = []
    for name in names:
        value = body.get(name)
        if not isinstance(value, str) or not value.strip():
            raise _invalid(f"{name} is required (a non-empty string)")
        values.append(value)
    return values


def _amount(value: str) -> Decimal:
    if not AMOUNT.fullmatch(value) or Decimal(value) <= 0:
        raise _invalid("amount must be a decimal string greater than 0 with at most 2 decimals")
    return Decimal(value)


def _callback_url(body: Mapping[str, Any]) -> str:
    (url,) = _text(body, "callback_url")
    if not url.startswith(("http://", "https://")):
        raise _invalid("callback_url must be an http(s) URL")
    return url


def _choice(body: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    if body.get(name) not in allowed:
        raise _invalid(f"{name} must be one of {', '.join(allowed)}")
    return body[name]


class _Request(Request):
    max_content_length = MAX_BODY


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
        headers = {"Content-Type": "application/json; charset=utf-8", **sign(self.secrets[callback.provider], body)}
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
class State:
    """Everything the parties remember, guarded by `lock`."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    answers: dict[tuple[str, str], tuple[str, dict]] = field(default_factory=dict)
    payments: dict[str, dict] = field(default_factory=dict)
    face_sessions: dict[str, dict] = field(default_factory=dict)
    mandates: dict[str, str] = field(default_factory=dict)  # mandate_ref -> active | refused | cancelled
    esign_orders: dict[str, dict] = field(default_factory=dict)
    messages: list[dict] = field(default_factory=list)
    callbacks: dict[str, Callback] = field(default_factory=dict)


class ProviderSimulator:
    """The WSGI application. `public_base` prefixes the links put in QR codes."""

    def __init__(self, secrets: Mapping[str, str], public_base: str, callback_delay: float = 0.2,
                 backoff: Backoff | None = None) -> None:
        missing = [name for name in PROVIDERS if not secrets.get(name)]
        if missing:
            raise ValueError(f"no secret for {', '.join(missing)}")
        self.secrets = dict(secrets)
        self.public_base = public_base.rstrip("/")
        self.state = State()
        self.dispatcher = CallbackDispatcher(self.secrets, callback_delay, backoff or Backoff())

    def close(self) -> None:
        self.dispatcher.close()

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        request = _Request(environ)
        return self.respond(request)(environ, start_response)

    def respond(self, request: Request) -> Response:
        try:
            endpoint, values = ROUTES.bind_to_environ(request.environ).match()
            if "/v1/" in request.path:
                verify(self.secrets[request.path.strip("/").split("/", 1)[0]], request.headers,
                       request.get_data(cache=True))
            status, answer = getattr(self, endpoint)(request, **values)
        except DomainError as error:
            status, answer = error.status, {"code": error.code, "message": error.message}
        except HTTPException as error:
            status, answer = error.code or 500, {"code": (error.name or "error").lower().replace(" ", "_"),
                                                 "message": error.description or ""}
        except Exception:
            log.exception("%s %s failed", request.method, request.path)
            status, answer = 500, {"code": "internal_error", "message": "the simulator failed"}
        log.info("%s %s -> %d", request.method, request.path, status)
        return Response(json.dumps(answer, ensure_ascii=False), status=status,
                        content_type="application/json; charset=utf-8")

    def _body(self, request: Request) -> dict[str, Any]:
        try:
            body = json.loads(request.get_data(cache=True) or b"null")
        except ValueError:
            raise _invalid("the body is not JSON") from None
        if not isinstance(body, dict):
            raise _invalid("the body must be a JSON object")
        return body

    def _once(self, kind: str, key: str, body: Mapping[str, Any], create: Callable[[], dict]) -> dict:
        """The answer to the first request with this key; a retry gets it again without side effects."""
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self.state.lock:
            if (kind, key) in self.state.answers:
                known, answer = self.state.answers[(kind, key)]
                if known != fingerprint:
                    raise Conflict(f"{key} was already used for a different request", code="merchant_ref_reused")
                return answer
            answer = create()
            self.state.answers[(kind, key)] = (fingerprint, answer)
            return answer

    def _emit(self, provider: str, url: str, type_: str, **fields: Any) -> None:
        event = {"event_id": uuid.uuid4().hex, "type": type_, "occurred_at": _now_iso(), **fields}
        callback = Callback(provider, url, event)
        with self.state.lock:
            self.state.callbacks[event["event_id"]] = callback
        self.dispatcher.deliver(callback)

    def _find(self, table: dict[str, dict], ref: str, what: str) -> dict:
        if ref not in table:
            raise NotFound(f"no {what} {ref}", code="not_found")
        return table[ref]

    def health(self, request: Request) -> tuple[int, dict]:
        return 200, {"status": "ok"}

    def callbacks(self, request: Request, provider: str) -> tuple[int, dict]:
        """The callbacks a party has sent, oldest first (operators and tests look here)."""
        with self.state.lock:
            sent = [c.event for c in self.state.callbacks.values() if c.provider == provider]
        return 200, {"callbacks": sent}

    def redeliver(self, request: Request, provider: str, event_id: str) -> tuple[int, dict]:
        with self.state.lock:
            callback = self.state.callbacks.get(event_id)
        if callback is None or callback.provider != provider:
            raise NotFound(f"no {provider} callback {event_id}", code="not_found")
        self.dispatcher.deliver(callback)
        return 202, {"event_id": event_id}

    def bank_mandates(self, request: Request) -> tuple[int, dict]:
        body = self._body(request)
        merchant_ref, _, card_number = _text(body, "merchant_ref", "account_holder", "card_number")
        card_front, card_back = body.get("card_front"), body.get("card_back")
        if not isinstance(card_front, str) or not isinstance(card_back, str):
            raise _invalid("card_front and card_back are required (base64 strings)")
        url = _callback_url(body)

        def create() -> dict:
            mandate_ref = _new_ref("mdt")
            refusal = card_refusal(card_number, (card_front, card_back))
            self.state.mandates[mandate_ref] = "refused" if refusal else "active"
            if refusal:
                self._emit("bank", url, "mandate.refused", merchant_ref=merchant_ref, mandate_ref=mandate_ref,
                           reason=refusal)
            else:
                self._emit("bank", url, "mandate.activated", merchant_ref=merchant_ref, mandate_ref=mandate_ref,
                           card_last4=card_number[-4:])
            return {"mandate_ref": mandate_ref}

        return 202, self._once("mandate", merchant_ref, body, create)

    def bank_cancel_mandate(self, request: Request, ref: str) -> tuple[int, dict]:
        """Stop debiting: safe to repeat; a refused mandate stays refused."""
        with self.state.lock:
            status = self._find(self.state.mandates, ref, "mandate")
            if status == "active":
                self.state.mandates[ref] = status = "cancelled"
        return 200, {"mandate_ref": ref, "status": status}

    def bank_mandate_status(self, request: Request, ref: str) -> tuple[int, dict]:
        with self.state.lock:
            return 200, {"mandate_ref": ref, "status": self._find(self.state.mandates, ref, "mandate")}

    def bank_payments(self, request: Request) -> tuple[int, dict]:
        body = self._body(request)
        merchant_ref, amount, description = _text(body, "merchant_ref", "amount", "description")
        _amount(amount)
        url = _callback_url(body)

        def create() -> dict:
            ref = _new_ref("pay")
            self.state.payments[ref] = {"merchant_ref": merchant_ref, "amount": amount, "description": description,
                                        "callback_url": url, "status": "pending", "refunded": Decimal(0)}
            return {"payment_ref": ref, "pay_url": f"{self.public_base}/bank/pay/{ref}"}

        return 201, self._once("payment", merchant_ref, body, create)

    def bank_pay(self, request: Request, ref: str) -> tuple[int, dict]:
        outcome = _choice(self._body(request), "outcome", ("succeeded", "failed"))
        with self.state.lock:
            payment = self._find(self.state.payments, ref, "payment")
            if payment["status"] != "pending":
                raise Conflict(f"payment {ref} is already {payment['status']}", code="already_paid")
            payment["status"] = outcome
        self._emit("bank", payment["callback_url"], f"payment.{outcome}", merchant_ref=payment["merchant_ref"],
                   payment_ref=ref, amount=payment["amount"])
        return 200, {"payment_ref": ref, "status": outcome}

    def bank_refunds(self, request: Request) -> tuple[int, dict]:
        body = self._body(request)
        merchant_ref, payment_ref, amount = _text(body, "merchant_ref", "payment_ref", "amount")
        value = _amount(amount)
        url = _callback_url(body)

        def create() -> dict:
            payment = self._find(self.state.payments, payment_ref, "payment")
            if payment["status"] != "succeeded":
                raise Conflict(f"payment {payment_ref} has not succeeded", code="payment_not_succeeded")
            if payment["refunded"] + value > Decimal(payment["amount"]):
                raise Conflict("the refund exceeds what remains of the payment", code="refund_exceeds_payment")
            payment["refunded"] += value
            refund_ref = _new_ref("rfd")
            self._emit("bank", url, "refund.succeeded", merchant_ref=merchant_ref, refund_ref=refund_ref,
                       payment_ref=payment_ref, amount=amount)
            return {"refund_ref": refund_ref}

        return 202, self._once("refund", merchant_ref, body, create)

    def face_sessions(self, request: Request) -> tuple[int, dict]:
        body = self._body(request)
        merchant_ref, purpose = _text(body, "merchant_ref", "purpose")
        url = _callback_url(body)
        session_id = uuid.uuid4().hex
        with self.state.lock:
            self.state.face_sessions[session_id] = {"merchant_ref": merchant_ref, "purpose": purpose,
                                                    "callback_url": url, "status": "open"}
        return 201, {"session_id": session_id, "qr_url": f"{self.public_base}/face/scan/{session_id}"}

    def face_scan(self, request: Request, ref: str) -> tuple[int, dict]:
        body = self._body(request)
        name, id_number = _text(body, "name", "id_number")
        number = _document_number(id_number, body.get("id_type") or RESIDENT_ID)
        outcome = _choice(body, "outcome", ("passed", "failed"))
        with self.state.lock:
            session = self._find(self.state.face_sessions, ref, "face session")
            if session["status"] != "open":
                raise Conflict(f"face session {ref} is already {session['status']}", code="already_completed")
            session["status"] = outcome
        self._emit("face", session["callback_url"], f"face.{outcome}", merchant_ref=session["merchant_ref"],
                   session_id=ref, name=name, id_number_masked=mask_id_number(number),
                   subject_hash=subject_hash(number, self.secrets["face"]))
        return 200, {"session_id": ref, "status": outcome}

    def esign_orders(self, request: Request) -> tuple[int, dict]:
        body = self._body(request)
        merchant_ref, digest, title, signer = _text(body, "merchant_ref", "document_sha256", "document_title",
                                                    "signer_name")
        if not SHA256_HEX.fullmatch(digest):
            raise _invalid("document_sha256 must be 64 hexadecimal digits")
        url = _callback_url(body)
        order_id = uuid.uuid4().hex
        with self.state.lock:
            self.state.esign_orders[order_id] = {"merchant_ref": merchant_ref, "document_sha256": digest,
                                                 "document_title": title, "signer_name": signer,
                                                 "callback_url": url, "status": "open"}
        return 201, {"order_id": order_id, "qr_url": f"{self.public_base}/esign/sign/{order_id}"}

    def esign_show(self, request: Request, ref: str) -> tuple[int, dict]:
        with self.state.lock:
            order = dict(self._find(self.state.esign_orders, ref, "signing order"))
        return 200, {"order_id": ref, **{key: order[key] for key in
                                         ("document_title", "document_sha256", "signer_name", "status")}}

    def esign_sign(self, request: Request, ref: str) -> tuple[int, dict]:
        outcome = _choice(self._body(request), "outcome", ("signed", "declined"))
        with self.state.lock:
            order = self._find(self.state.esign_orders, ref, "signing order")
            if order["status"] != "open":
                raise Conflict(f"signing order {ref} is already {order['status']}", code="already_completed")
            order["status"] = outcome
        self._emit("esign", order["callback_url"], f"esign.{outcome}", merchant_ref=order["merchant_ref"],
                   order_id=ref, document_sha256=order["document_sha256"], signature_id=uuid.uuid4().hex,
                   signed_at=_now_iso())
        return 200, {"order_id": ref, "status": outcome}

    def sms_messages(self, request: Request) -> tuple[int, dict]:
        body = self._body(request)
        client_ref, phone, template = _text(body, "client_ref", "phone", "template")
        if not PHONE.fullmatch(phone):
            raise _invalid("phone must be 11 digits starting with 1")
        if not isinstance(body.get("params"), dict):
            raise _invalid("params must be a JSON object")

        def create() -> dict:
            message_id = uuid.uuid4().hex
            self.state.messages.append({"message_id": message_id, "client_ref": client_ref, "phone": phone,
                                        "template": template, "params": body["params"], "sent_at": _now_iso()})
            return {"message_id": message_id}

        return 201, self._once("sms", client_ref, body, create)

    def sms_outbox(self, request: Request) -> tuple[int, dict]:
        phone = request.args.get("phone")
        with self.state.lock:
            messages = [dict(m) for m in self.state.messages if phone is None or m["phone"] == phone]
        return 200, {"messages": messages}


def build_app(secrets: Mapping[str, str], public_base: str, callback_delay: float = 0.2) -> ProviderSimulator:
    return ProviderSimulator(secrets, public_base, callback_delay)


class _QuietHandler(WSGIRequestHandler):
    """The app logs each request itself (as JSON, without query strings, which may hold phone numbers)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@dataclass
class RunningSimulator:
    server: BaseWSGIServer
    app: ProviderSimulator
    thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://{self.server.host}:{self.server.port}"

    def shutdown(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.app.close()
        self.thread.join(timeout=5)


def serve(secrets: Mapping[str, str], host: str = "127.0.0.1", port: int = 0, public_base: str | None = None,
          callback_delay: float = 0.2) -> RunningSimulator:
    """Start the simulator on a background thread (port 0 picks a free port)."""
    app = build_app(secrets, public_base or "http://unbound", callback_delay)
    server = make_server(host, port, app, threaded=True, request_handler=_QuietHandler)
    if public_base is None:
        app.public_base = f"http://{host}:{server.port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="provider-simulator", daemon=True)
    thread.start()
    return RunningSimulator(server, app, thread)


def _configure_logging() -> None:
    """JSON lines as every process writes them, but on stderr rather than stdout."""
    from shared import logs

    logs.configure("providers")
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--public-base", help="base URL of the links in QR codes (default http://127.0.0.1:PORT)")
    parser.add_argument("--callback-delay", type=float, default=0.2, help="seconds before a callback goes out")
    args = parser.parse_args(argv)
    missing = [variable for variable in SECRET_ENV.values() if not os.environ.get(variable)]
    if missing:
        parser.exit(2, f"set {', '.join(missing)} (run `make provision`)\n")
    _configure_logging()
    secrets = {name: os.environ[variable] for name, variable in SECRET_ENV.items()}
    public_base = args.public_base or f"http://127.0.0.1:{args.port}"
    app = build_app(secrets, public_base, args.callback_delay)
    server = make_server(args.host, args.port, app, threaded=True, request_handler=_QuietHandler)
    log.info("provider simulator listening on %s:%d (public base %s)", args.host, server.port, public_base)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.close()


if __name__ == "__main__":
    main()
