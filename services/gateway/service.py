"""The gateway as a Nameko HTTP service: authenticate, authorise, validate, forward over RPC."""
from __future__ import annotations

import base64
import functools
import json
import os
import logging
import time
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound as RouteNotFound
from werkzeug.wrappers import Request, Response

from shared import metrics
from services.gateway import metrics as gateway_metrics
from shared.errors import DomainError, Unavailable
from shared.nameko_kit.dependencies import Instrumentation
from shared.nameko_kit.metrics_port import MetricsPort
from shared.nameko_kit.readiness import Readiness, answer
from shared.nameko_kit.rpc import ServiceRpc
from services.gateway import bodies, captcha, commands, contract_check, sign_in
from services.gateway.broadcast import LiveStream
from services.gateway.family_sign_in import family_sign_in
from services.gateway.signing_identity import identity_of, signing_account_sign_in
from services.gateway.auth import Principal, Tokens
from services.gateway.openapi import build_spec
from services.gateway.portal import PortalPages
from services.gateway.routes import Route, route_for
from services.gateway.burst import BurstProvider
from services.gateway.web_server import gateway_http
from services.lottery.api import selection_batch

log = logging.getLogger(__name__)

PARTY = Principal(user_id="party", username="party", role="party", org_id=None, display_name="签约当事人")


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The route table does not change while a process runs: build its document once."""
    return build_spec()


@functools.cache
def process_tokens() -> Tokens:
    return Tokens()


def face_key() -> str:
    """The secret shared with the face-verification party, which keys how it names a person."""
    key = os.environ.get("HOUSING_FACE_SECRET")
    if not key:
        raise Unavailable("face verification is not configured", code="face_verification_unconfigured")
    return key


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers,
                    mimetype="application/json")


def error_response(error: DomainError) -> Response:
    return json_response(*commands.error_body(error))


class GatewayService(PortalPages, LiveStream):
    name = "gateway"

    cluster = ServiceRpc()
    instrumentation = Instrumentation()
    metrics_port = MetricsPort()  # /metrics is served there, never on the public port
    readiness = Readiness()
    burst = BurstProvider()  # the selection commands' slots and batcher, one per process

    @property
    def tokens(self) -> Tokens:
        """One signer per process: Nameko builds a service instance for every request."""
        return process_tokens()

    @gateway_http("GET", "/health")
    def health(self, request: Request) -> Response:
        return json_response({"status": "ok", "service": "gateway"})

    @gateway_http("GET", "/ready")
    def ready(self, request: Request) -> Response:
        problems, facts = self.readiness.check()
        return answer("gateway", problems, **facts)

    @gateway_http("GET", "/openapi.json")
    def openapi(self, request: Request) -> Response:
        return json_response(openapi_document())

    @gateway_http("GET,POST,PUT,PATCH,DELETE,OPTIONS", "/api/<path:path>")
    def api(self, request: Request, path: str) -> Response:
        started = time.perf_counter()
        route_name = "unmatched"
        try:
            route, params = route_for(request.environ)
            route_name = route.name
            response = self.serve(request, route, params)
        except RouteNotFound:
            response = json_response(*commands.route_not_found(request.path))
        except MethodNotAllowed as exc:  # an OPTIONS request too: the API answers no preflight (same origin)
            response = json_response(*commands.method_not_allowed(request.method, exc.valid_methods))
        except DomainError as exc:
            response = error_response(exc)
        except commands.AnswerOffSchema:  # logged and counted where it was found
            response = json_response(*commands.internal_error())
        except Exception as exc:
            response = json_response(*commands.failure_body(exc))
        gateway_metrics.HTTP_REQUESTS.labels(request.method, route_name, str(response.status_code)).inc()
        metrics.RPC_LATENCY.labels("gateway", route_name, str(response.status_code)).observe(
            time.perf_counter() - started)
        return response

    def serve(self, request: Request, route: Route, params: dict[str, str]) -> Response:
        if route.webhook:
            return json_response(commands.checked_answer(
                route, self.cluster.call(route.service, route.rpc, **bodies.read_webhook(request))))
        body = bodies.read_body(request, route)
        if route.name == "captcha":
            return json_response(commands.checked_answer(route, captcha.issue(self.tokens.secret)))
        if route.name == "login":
            return json_response(commands.checked_answer(
                route, sign_in.password_sign_in(self.cluster, self.tokens, body, sign_in.client(request))))
        if route.name == "check_contract":
            return json_response(commands.checked_answer(
                route, contract_check.check(self.cluster, params["code"], sign_in.client(request))))
        if route.name == "family_login":
            return json_response(commands.checked_answer(
                route, family_sign_in(self.cluster, self.tokens, body, face_key)))
        if route.name == "signing_account_login":
            return json_response(commands.checked_answer(
                route, signing_account_sign_in(self.cluster, self.tokens, body)))
        if route.name == "notary_buyer_login":
            buyer = self.cluster.call("notary", "buyer_sign_in", body=body)
            return json_response(commands.checked_answer(route, {**self.tokens.issue(buyer), "user": buyer}))
        # The parties' signing routes are the only other public ones: the token in their path is the credential.
        principal = PARTY if route.public else self.tokens.verify(request.headers.get("Authorization"))
        commands.authorise(route, principal)
        key = commands.idempotency_key(route, request.headers.get("Idempotency-Key"))
        ctx = commands.command_context(principal, key, request.headers.get("X-Request-Id"))
        kwargs: dict[str, Any] = commands.path_parameters(params)
        if route.signed_in_person:
            kwargs["subject_hash"] = principal.subject_hash
        if route.name == "bind_identity":
            kwargs["identity"] = identity_of(body, self.tokens.secret)
        elif route.body is not None or route.upload or route.files:
            kwargs["body"] = body
        elif route.query is not None:
            kwargs["body"] = bodies.read_query(request, route)
        if route.burst:
            result = self.call_in_burst(route, ctx, kwargs)
        else:
            deadline = {"timeout": route.timeout} if route.timeout else {}
            result = self.cluster.call(route.service, route.rpc, ctx=ctx, **deadline, **kwargs)
        commands.checked_answer(route, result)
        headers = {"X-Request-Id": ctx["correlation_id"]}
        if route.binary:
            if result.get("filename"):
                headers["Content-Disposition"] = f'inline; filename="{result["filename"]}"'
            return Response(base64.b64decode(result["data_base64"]), mimetype=result["content_type"],
                            headers=headers)
        return json_response(result, headers=headers)

    def call_in_burst(self, route: Route, ctx: dict[str, Any], kwargs: dict[str, Any]) -> Any:
        """Selection commands: shed load with a 503 and Retry-After rather than queue until timeouts, and
        gather what arrives together into one call to the lottery."""
        if not self.burst.slots.acquire(blocking=False):
            gateway_metrics.GATEWAY_SHED.labels(route.name).inc()
            raise Unavailable("selection is very busy; your request was not taken, try again in a second",
                              code="saturated")
        try:
            return self.burst.batcher.call(self.send_selection_batch, selection_batch.command(route.rpc, ctx, kwargs))
        finally:
            self.burst.slots.release()

    def send_selection_batch(self, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return self.cluster.call(selection_batch.SERVICE, selection_batch.RPC, timeout=self.burst.settings.timeout,
                                 commands=commands)
