"""The OpenAPI 3 document, generated from the route table and the marshmallow schemas.

Request bodies and query parameters come from the schemas the services load them with, answers from the
response schemas the gateway checks every answer against (commands.checked_answer): the document says
what the server does.
"""
from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import fields

from shared import webhooks
from shared.answers import AMOUNT_PATTERN
from shared.fields import DecimalString
from services.gateway.limits import documented_limits
from services.gateway.routes import ROUTES, UUID_PARAMS, Route, openapi_path, path_params

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message", "details"], "properties": {
        "code": {"type": "string", "description": "machine-readable, e.g. invalid_input, role_not_allowed"},
        "message": {"type": "string"}, "details": {}}}},
}
RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before trying again", "required": True,
                               "schema": {"type": "integer", "minimum": 0}}}
ERRORS = {
    "400": "Invalid input: the body, a parameter or a header does not match (changes nothing)",
    "401": "Not signed in, or the token is not valid",
    "403": "Signed in, but this role or person may not do this",
    "404": "No such resource (or route)",
    "409": "Conflict: someone changed it first, or the same idempotency key was used for another request",
    "422": "A business rule refuses it (the request was well-formed)",
    "429": "Too many requests: wait Retry-After seconds",
    "500": "Something went wrong on our side (no internal detail is shown)",
    "503": "A service is busy or unreachable: try again after Retry-After seconds",
}
SELECTION_NOTE = ("Selection commands carry an Idempotency-Key: a retry with the same key is answered as the "
                  "first was and changes nothing more.")


def decimal_string(converter: Any, field: fields.Field, **kwargs: Any) -> dict[str, Any]:
    """Amounts travel as strings (the server refuses JSON numbers for them): say so, with their shape."""
    if isinstance(field, DecimalString):
        return {"type": "string", "pattern": AMOUNT_PATTERN, "example": "89.50",
                "description": f"a decimal amount as a string, from {field.minimum} to {field.maximum}"}
    return {}


def build_spec() -> dict[str, Any]:
    plugin = MarshmallowPlugin()
    spec = APISpec(title="Housing transactions platform", version="1.0.0", openapi_version="3.0.3",
                   plugins=[plugin], info={"description": limits_text()})
    plugin.converter.add_attribute_function(decimal_string)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.schema("Error", ERROR)
    for route in ROUTES:
        spec.path(path=openapi_path(route.path), operations={route.method.lower(): operation(route, plugin)})
    return spec.to_dict()


def operation(route: Route, plugin: MarshmallowPlugin) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": route.name,
        "summary": route.summary,
        "tags": list(route.tags),
        "parameters": [{"name": p, "in": "path", "required": True, "schema": path_schema(p)}
                       for p in path_params(route.path)],
        "responses": {"200": answer(route), **errors(route)},
    }
    body = request_body(route, plugin)
    if body:
        op["requestBody"] = body
    if route.query is not None:
        op["parameters"].append({"in": "query", "schema": route.query})
    if route.stream:
        op["parameters"].append({"name": "access_token", "in": "query", "required": False,
                                 "description": "the bearer token, for browsers' EventSource (sends no headers)",
                                 "schema": {"type": "string"}})
    if not route.public:
        op["security"] = [{"bearer": []}]
    if route.webhook:
        op["parameters"] += [{"name": name, "in": "header", "required": True, "schema": {"type": "string"}}
                             for name in webhooks.HEADERS]
    if not route.public and route.method != "GET":
        op["parameters"].append({"name": "Idempotency-Key", "in": "header", "required": route.burst,
                                 "description": SELECTION_NOTE if route.burst else
                                 "a retry with the same key is answered as the first was",
                                 "schema": {"type": "string", "minLength": 1, "maxLength": 100}})
    notes = [f"Roles: {', '.join(route.roles)}"] if route.roles else []
    if route.burst:
        notes.append(SELECTION_NOTE)
    if route.timeout:
        notes.append(f"It replays whole logs: the answer may take up to {route.timeout:.0f} s")
    if notes:
        op["description"] = ". ".join(notes)
    return op


def path_schema(name: str) -> dict[str, Any]:
    return {"type": "string", "format": "uuid"} if name in UUID_PARAMS else {"type": "string", "minLength": 1}


def answer(route: Route) -> dict[str, Any]:
    if route.stream:
        return {"description": "Server-Sent Events: `subscribed`, then `room_taken` and `window_closed` events "
                               "with JSON data, and keep-alive comments", "content": {
                    "text/event-stream": {"schema": {"type": "string"}}}}
    if route.binary:
        return {"description": "The file", "content": {
            kind: {"schema": {"type": "string", "format": "binary"}} for kind in route.media}}
    return {"description": "OK", "content": {"application/json": {"schema": route.response}}}


def errors(route: Route) -> dict[str, Any]:
    answers = {}
    for status, description in ERRORS.items():
        answers[status] = {"description": description,
                           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        if status in ("429", "503"):
            answers[status]["headers"] = RETRY_AFTER
    return answers


def request_body(route: Route, plugin: MarshmallowPlugin) -> dict[str, Any] | None:
    if route.upload:
        return {"required": True, "content": {kind: {"schema": {"type": "string", "format": "binary"}}
                                              for kind in route.upload}}
    if route.files:
        # One object: the form's fields and its files (an allOf of a closed object and the files
        # could never be satisfied).
        form = plugin.converter.schema2jsonschema(route.body)
        form["properties"].update({name: {"type": "string", "format": "binary"} for name in route.files})
        form["required"] = [*form.get("required", []), *route.files]
        return {"required": True, "content": {"multipart/form-data": {"schema": form}}}
    if route.body is not None:
        return {"required": True, "content": {"application/json": {"schema": route.body}}}
    return None


def limits_text() -> str:
    return "Size limits (a request beyond one is refused with a 400 and a clear code; nothing changes):\n\n" + \
        "\n".join(f"- {name}: {limit}" for name, limit in documented_limits().items())
