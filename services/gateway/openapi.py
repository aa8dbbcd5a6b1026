"""The OpenAPI 3 document, generated from the route table and the marshmallow schemas."""
from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from services.gateway.routes import ROUTES, openapi_path, path_params

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "details": {}}}},
}


def build_spec() -> dict[str, Any]:
    spec = APISpec(title="Housing transactions platform", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.schema("Error", ERROR)
    error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for route in ROUTES:
        operation: dict[str, Any] = {
            "operationId": route.name,
            "summary": route.summary,
            "tags": list(route.tags),
            "parameters": [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                           for p in path_params(route.path)],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": {"description": "Invalid input", **error_ref},
                "401": {"description": "Not signed in", **error_ref},
                "403": {"description": "Not allowed", **error_ref},
                "404": {"description": "Not found", **error_ref},
                "409": {"description": "Conflict", **error_ref},
                "422": {"description": "A business rule refuses it", **error_ref},
                "503": {"description": "Try again later", **error_ref},
            },
        }
        if route.body is not None:
            operation["requestBody"] = {"required": True,
                                        "content": {"application/json": {"schema": route.body}}}
        if route.files:
            files = {"type": "object", "required": list(route.files),
                     "properties": {name: {"type": "string", "format": "binary"} for name in route.files}}
            operation["requestBody"] = {"required": True, "content": {
                "multipart/form-data": {"schema": {"allOf": [route.body, files]}}}}
        if route.upload:
            operation["requestBody"] = {"required": True, "content": {
                kind: {"schema": {"type": "string", "format": "binary"}} for kind in route.upload}}
        if route.query is not None:
            operation["parameters"].append({"in": "query", "schema": route.query})
        if route.binary:
            operation["responses"]["200"] = {"description": "The file", "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
        if not route.public:
            operation["security"] = [{"bearer": []}]
            operation["parameters"].append({"name": "Idempotency-Key", "in": "header", "required": False,
                                            "schema": {"type": "string", "maxLength": 100}})
        if route.roles:
            operation["description"] = "Roles: " + ", ".join(route.roles)
        spec.path(path=openapi_path(route.path), operations={route.method.lower(): operation})
    return spec.to_dict()
