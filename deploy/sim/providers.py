"""One process playing the external parties locally: bank, face verification, e-signature, SMS and the city's
real-estate register with its agency filing system (realestate), and the
unified identity platform's sign-in page (identity_page) when given the platform's key.

Run: `python -m deploy.sim.providers --port 8190` with HOUSING_BANK_SECRET, HOUSING_FACE_SECRET,
HOUSING_ESIGN_SECRET, HOUSING_SMS_SECRET and HOUSING_REALESTATE_SECRET set. Each party lives under its own prefix (/bank, /face,
/esign, /sms). Its API (`/{party}/v1/...`) requires requests signed with that party's secret
(shared.signed_callbacks); outcomes go back as signed callbacks, delivered in the background and
retried until the receiver answers 2xx. The person-side pages (pay, scan, sign) and the operator's
`/{party}/sim/...` endpoints are unsigned: they stand for the person's phone or the operator.
State lives in memory and is lost on restart. Each party is its own module (bank, face, esign, sms,
identity_page); what they share is in `parties`. The identity platform needs HOUSING_IDP_KEY (its signing
key) and HOUSING_GATEWAY_PUBLIC_URL (the portal it sends people back to); without them its pages are 404.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from shared.errors import DomainError, NotFound
from shared.signed_callbacks import verify
from deploy.sim.bank import Bank
from deploy.sim.esign import ESignature
from deploy.sim.face import FaceVerification
from deploy.sim.identity_page import IdentityPlatform
from deploy.sim.parties import Backoff, CallbackDispatcher, Switchboard
from deploy.sim.real_estate_registry import RealEstate
from deploy.sim.sms import Sms

log = logging.getLogger("deploy.sim.providers")

PARTIES = (Bank, FaceVerification, ESignature, Sms, RealEstate)
PROVIDERS = tuple(party.name for party in PARTIES)
SECRET_ENV = {name: f"HOUSING_{name.upper()}_SECRET" for name in PROVIDERS}
MAX_BODY = 16 * 1024 * 1024
ANY_PARTY = f"<any({','.join(PROVIDERS)}):provider>"

ROUTES = Map([
    Rule("/health", endpoint="health", methods=["GET"]),
    *(rule for party in PARTIES for rule in party.rules),
    *IdentityPlatform.rules,
    Rule(f"/{ANY_PARTY}/sim/callbacks", endpoint="callbacks", methods=["GET"]),
    Rule(f"/{ANY_PARTY}/sim/callbacks/<event_id>/redeliver", endpoint="redeliver", methods=["POST"]),
])


class _Request(Request):
    max_content_length = MAX_BODY


@dataclass(frozen=True)
class IdentitySettings:
    """The identity platform's signing key and the gateway's public address (where the families' portal is)."""

    key: str
    portal_base: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "IdentitySettings | None":
        key, portal = env.get("HOUSING_IDP_KEY"), env.get("HOUSING_GATEWAY_PUBLIC_URL")
        return cls(key, portal) if key and portal else None


class ProviderSimulator:
    """The WSGI application. `public_base` prefixes the links put in QR codes."""

    def __init__(self, secrets: Mapping[str, str], public_base: str, callback_delay: float = 0.2,
                 backoff: Backoff | None = None, identity: IdentitySettings | None = None) -> None:
        missing = [name for name in PROVIDERS if not secrets.get(name)]
        if missing:
            raise ValueError(f"no secret for {', '.join(missing)}")
        self.secrets = dict(secrets)
        self.board = Switchboard(self.secrets, public_base.rstrip("/"),
                                 CallbackDispatcher(self.secrets, callback_delay, backoff or Backoff()))
        self.parties = {party.name: party(self.board) for party in PARTIES}
        if identity is not None:
            self.parties[IdentityPlatform.name] = IdentityPlatform(self.board, identity.key, identity.portal_base)

    @property
    def public_base(self) -> str:
        return self.board.public_base

    @public_base.setter
    def public_base(self, value: str) -> None:
        self.board.public_base = value.rstrip("/")

    def close(self) -> None:
        self.board.dispatcher.close()

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        request = _Request(environ)
        return self.respond(request)(environ, start_response)

    def respond(self, request: Request) -> Response:
        try:
            endpoint, values = ROUTES.bind_to_environ(request.environ).match()
            if "/v1/" in request.path:
                verify(self.secrets[request.path.strip("/").split("/", 1)[0]], request.headers,
                       request.get_data(cache=True))
            answered = self.handler(endpoint)(request, **values)
            if isinstance(answered, Response):  # a person's page, answered as HTML
                log.info("%s %s -> %d", request.method, request.path, answered.status_code)
                return answered
            status, answer = answered
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

    def handler(self, endpoint: str) -> Callable[..., tuple[int, dict] | Response]:
        """A party's endpoint is `<party>.<method>`; the simulator's own (health, callbacks) have no dot."""
        party, _, method = endpoint.rpartition(".")
        if party and party not in self.parties:
            raise NotFound(f"the {party} party is not configured in this simulator", code="not_configured")
        return getattr(self.parties[party], method) if party else getattr(self, method)

    def health(self, request: Request) -> tuple[int, dict]:
        return 200, {"status": "ok"}

    def callbacks(self, request: Request, provider: str) -> tuple[int, dict]:
        """The callbacks a party has sent, oldest first (operators and tests look here)."""
        with self.board.lock:
            sent = [c.event for c in self.board.callbacks.values() if c.provider == provider]
        return 200, {"callbacks": sent}

    def redeliver(self, request: Request, provider: str, event_id: str) -> tuple[int, dict]:
        with self.board.lock:
            callback = self.board.callbacks.get(event_id)
        if callback is None or callback.provider != provider:
            raise NotFound(f"no {provider} callback {event_id}", code="not_found")
        self.board.dispatcher.deliver(callback)
        return 202, {"event_id": event_id}


def build_app(secrets: Mapping[str, str], public_base: str, callback_delay: float = 0.2,
              identity: IdentitySettings | None = None) -> ProviderSimulator:
    return ProviderSimulator(secrets, public_base, callback_delay, identity=identity)


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
          callback_delay: float = 0.2, identity: IdentitySettings | None = None) -> RunningSimulator:
    """Start the simulator on a background thread (port 0 picks a free port)."""
    app = build_app(secrets, public_base or "http://unbound", callback_delay, identity)
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
    identity = IdentitySettings.from_env(os.environ)
    app = build_app(secrets, public_base, args.callback_delay, identity)
    server = make_server(args.host, args.port, app, threaded=True, request_handler=_QuietHandler)
    log.info("provider simulator listening on %s:%d (public base %s; identity platform %s)", args.host, server.port,
             public_base, f"returning to {identity.portal_base}" if identity else "off")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.close()


if __name__ == "__main__":
    main()
