"""The selection edge's HTTP server: the route table's burst routes, answered like the gateway does.

Every request is authenticated (the same tokens), authorised (the route's roles), checked for its
idempotency key and for a JSON object body before it joins a gathering round; the body's schema is
the lottery's to check (same schema, same error). A saturated edge answers 503 with Retry-After at
once instead of queueing until clients time out.

It runs on aiohttp's low-level server: a burst is a thousand requests at one instant, and the
application layer (router, middleware chain) cost as much again as reading them. The burst routes
are the gateway's own route table entries, matched segment by segment.
"""
from __future__ import annotations

import json
import logging
import time
from functools import cache
from typing import Any, Awaitable, Callable

from aiohttp import web

from shared import metrics
from services.gateway import metrics as gateway_metrics
from shared.errors import DomainError, InvalidInput, Unavailable
from services.gateway import commands
from services.gateway.auth import Tokens
from services.gateway.routes import ROUTES, Route
from services.gateway.security_headers import API_HEADERS
from services.gateway.selection_edge.gatherer import SelectionGatherer
from services.lottery.api import selection_batch

log = logging.getLogger(__name__)
BURST_ROUTES = tuple(route for route in ROUTES if route.burst)
Send = Callable[[list[dict[str, Any]]], Awaitable[list[dict[str, Any]]]]


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(body=json.dumps(body, ensure_ascii=False).encode(), status=status,
                        headers={**API_HEADERS, **(headers or {})}, content_type="application/json")


class BurstRoutes:
    """Matches a request to a burst route: `<name>` segments take any non-empty segment as a parameter.
    A path no route has is `route_not_found`; a path whose routes take other methods is `method_not_allowed`."""

    def __init__(self, routes: tuple[Route, ...]) -> None:
        # Indexed by segment count and last segment (None when that is a parameter): a request is
        # compared with the one or two templates of its shape, not with every route.
        self.by_shape: dict[tuple[int, str | None], list[tuple[Route, list[str]]]] = {}
        for route in routes:
            template = route.path.strip("/").split("/")
            last = None if template[-1].startswith("<") else template[-1]
            self.by_shape.setdefault((len(template), last), []).append((route, template))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        parts = path.strip("/").split("/")
        candidates = self.by_shape.get((len(parts), parts[-1]), []) + self.by_shape.get((len(parts), None), [])
        allowed = []
        for route, template in candidates:
            params = _bind(template, parts)
            if params is None:
                continue
            if route.method == method:
                return route, params
            allowed.append(route.method)
        if allowed:
            raise _Refused(*commands.method_not_allowed(method, allowed))
        raise _Refused(*commands.route_not_found(path))


def _bind(template: list[str], parts: list[str]) -> dict[str, str] | None:
    if len(template) != len(parts):
        return None
    params = {}
    for expected, part in zip(template, parts):
        if expected.startswith("<"):
            if not part:
                return None
            params[expected[1:-1]] = part
        elif expected != part:
            return None
    return params


class _Refused(Exception):
    def __init__(self, body: dict[str, Any], status: int, headers: dict[str, str] | None = None) -> None:
        self.body, self.status, self.headers = body, status, headers


@cache
def _counted(method: str, route: str, status: int) -> tuple[Any, Any]:
    """The request counter and latency histogram of one (route, status): looked up once, not per request."""
    return (gateway_metrics.HTTP_REQUESTS.labels(method, route, str(status)),
            metrics.RPC_LATENCY.labels("selection_edge", route, str(status)))


class SelectionEdge:
    def __init__(self, tokens: Tokens, send: Send, *, slots: int = 1500, gather_seconds: float = 0.005,
                 max_batch: int = 250) -> None:
        self.tokens = tokens
        self.gatherer = SelectionGatherer(send, gather_seconds, max_batch)
        self.slots = slots
        self.in_flight = 0
        self.routes = BurstRoutes(BURST_ROUTES)

    def server(self) -> web.Server:
        return web.Server(self.handle, access_log=None)

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        if request.method == "GET" and request.path == "/health":
            return json_response({"status": "ok", "service": "selection_edge"})
        try:
            route, params = self.routes.match(request.method, request.path)
        except _Refused as refused:
            return json_response(refused.body, refused.status, refused.headers)
        started = time.perf_counter()
        try:
            response = await self.serve(request, route, params)
        except DomainError as exc:
            response = json_response(*commands.error_body(exc))
        except commands.AnswerOffSchema:  # logged and counted where it was found
            response = json_response(*commands.internal_error())
        except Exception as exc:
            response = json_response(*commands.failure_body(exc))
        requests, latency = _counted(request.method, route.name, response.status)
        requests.inc()
        latency.observe(time.perf_counter() - started)
        return response

    async def serve(self, request: web.BaseRequest, route: Route, params: dict[str, str]) -> web.Response:
        principal = self.tokens.verify(request.headers.get("Authorization"))
        commands.authorise(route, principal)
        key = commands.idempotency_key(route, request.headers.get("Idempotency-Key"))
        body = commands.json_object(route, await self._body(request, route), request.content_type,
                                    request.content_length)
        ctx = commands.command_context(principal, key, request.headers.get("X-Request-Id"))
        kwargs: dict[str, Any] = commands.path_parameters(params)
        if body is not None:
            kwargs["body"] = body
        if self.in_flight >= self.slots:
            gateway_metrics.GATEWAY_SHED.labels(route.name).inc()
            raise Unavailable("selection is very busy; your request was not taken, try again in a second",
                              code="saturated")
        self.in_flight += 1
        try:
            result = await self.gatherer.call(selection_batch.command(route.rpc, ctx, kwargs))
        finally:
            self.in_flight -= 1
        return json_response(commands.checked_answer(route, result), headers={"X-Request-Id": ctx["correlation_id"]})

    @staticmethod
    async def _body(request: web.BaseRequest, route: Route) -> bytes:
        """The body of a route that takes one; a declared or streamed body over the limit is refused."""
        if route.body is None or (request.content_length or 0) > commands.MAX_BODY_BYTES:
            return b""
        try:
            return await request.read()
        except web.HTTPRequestEntityTooLarge:
            raise InvalidInput("the request body is too large", code="body_too_large") from None
