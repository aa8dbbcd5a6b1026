"""The selection edge's HTTP application: the route table's burst routes, answered like the gateway does.

Every request is authenticated (the same tokens), authorised (the route's roles), checked for its
idempotency key and validated (the route's schema) before it joins a gathering round; a saturated
edge answers 503 with Retry-After at once instead of queueing until clients time out.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any, Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared import metrics
from shared.errors import DomainError, InvalidInput, Unavailable
from services.gateway import commands
from services.gateway.auth import Tokens
from services.gateway.routes import ROUTES, Route, openapi_path
from services.gateway.selection_edge.gatherer import SelectionGatherer

log = logging.getLogger(__name__)
BURST_ROUTES = tuple(route for route in ROUTES if route.burst)
Send = Callable[[list[dict[str, Any]]], Awaitable[list[dict[str, Any]]]]


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(body=json.dumps(body, ensure_ascii=False).encode(), status=status, headers=headers,
                        content_type="application/json")


class SelectionEdge:
    def __init__(self, tokens: Tokens, send: Send, *, slots: int = 1500, gather_seconds: float = 0.005,
                 max_batch: int = 100) -> None:
        self.tokens = tokens
        self.gatherer = SelectionGatherer(send, gather_seconds, max_batch)
        self.slots = slots
        self.in_flight = 0

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.json_errors], client_max_size=commands.MAX_BODY_BYTES)
        app.router.add_get("/health", self.health)
        app.router.add_get("/metrics", self.metrics)
        for route in BURST_ROUTES:
            app.router.add_route(route.method, openapi_path(route.path), self.handler(route))
        return app

    async def health(self, request: web.Request) -> web.Response:
        return json_response({"status": "ok", "service": "selection_edge"})

    async def metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    def handler(self, route: Route) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(request: web.Request) -> web.Response:
            started = time.perf_counter()
            try:
                response = await self.serve(request, route)
            except DomainError as exc:
                response = json_response(*commands.error_body(exc))
            metrics.HTTP_REQUESTS.labels(request.method, route.name, str(response.status)).inc()
            metrics.RPC_LATENCY.labels("selection_edge", route.name, str(response.status)).observe(
                time.perf_counter() - started)
            return response
        return handle

    async def serve(self, request: web.Request, route: Route) -> web.Response:
        principal = self.tokens.verify(request.headers.get("Authorization"))
        commands.authorise(route, principal)
        key = commands.idempotency_key(route, request.headers.get("Idempotency-Key"))
        length = request.content_length
        raw = b"" if route.body is None or (length or 0) > commands.MAX_BODY_BYTES else await request.read()
        body = commands.json_body(route, raw, request.content_type, length)
        ctx = commands.command_context(principal, key, request.headers.get("X-Request-Id"))
        kwargs: dict[str, Any] = dict(request.match_info)
        if body is not None:
            kwargs["body"] = body
        if self.in_flight >= self.slots:
            metrics.GATEWAY_SHED.labels(route.name).inc()
            raise Unavailable("selection is very busy; your request was not taken, try again in a second",
                              code="saturated")
        self.in_flight += 1
        try:
            result = await self.gatherer.call({"rpc": route.rpc, "ctx": ctx, "kwargs": kwargs})
        finally:
            self.in_flight -= 1
        return json_response(result, headers={"X-Request-Id": ctx["correlation_id"]})

    @web.middleware
    async def json_errors(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """aiohttp's own refusals (no route, wrong method, body too large) in the API's error shape."""
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return json_response(*commands.route_not_found(request.path))
        except web.HTTPMethodNotAllowed as exc:
            return json_response(*commands.method_not_allowed(request.method, sorted(exc.allowed_methods)))
        except web.HTTPRequestEntityTooLarge:
            return json_response(*commands.error_body(
                InvalidInput("the request body is too large", code="body_too_large")))
