"""Reading a request at the Nameko gateway: its JSON body, query, uploaded file or multipart form, checked
against the route's schema and refused beyond the sizes below (the JSON body's own limit and checks are in
`commands`, which the selection edge shares)."""
from __future__ import annotations

import base64
from typing import Any

from marshmallow import ValidationError, fields
from werkzeug.wrappers import Request

from shared import webhooks
from shared.errors import InvalidInput
from services.gateway import commands
from services.gateway.routes import Route

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # an uploaded file (image, card photo)
MAX_FORM_BYTES = 5 * 1024 * 1024  # a multipart form with its files


def read_body(request: Request, route: Route) -> Any:
    """What the route takes in the body: a file, a form with its files, a JSON object, or nothing (None)."""
    if route.upload:
        return read_upload(request, route)
    if route.files:
        return read_form(request, route)
    if route.body is None:
        return None
    raw = b"" if (request.content_length or 0) > commands.body_limit(route) else request.get_data(cache=True)
    return commands.json_body(route, raw, request.mimetype, request.content_length)


def read_webhook(request: Request) -> dict[str, Any]:
    """An external party's webhook as the service that holds the party's secret checks it: the raw body (its
    signature covers the exact bytes) and the Standard Webhooks headers."""
    if (request.content_length or 0) > commands.MAX_BODY_BYTES:
        raise InvalidInput("the request body is too large", code="body_too_large")
    headers = {name: request.headers[name] for name in webhooks.HEADERS if name in request.headers}
    return {"headers": headers, "body_base64": base64.b64encode(request.get_data(cache=False)).decode("ascii")}


def read_query(request: Request, route: Route) -> dict[str, Any]:
    """The query parameters the route's query schema names (a list field takes every value, others the last)."""
    query_schema = commands.schema(route.query)
    query = {}
    for name, field in query_schema.fields.items():
        values = request.args.getlist(name)
        if values:
            query[name] = values if isinstance(field, fields.List) else values[-1]
    unknown = set(request.args) - set(query_schema.fields)
    if unknown:
        raise InvalidInput("unknown query parameters", details={name: ["Unknown field."] for name in unknown})
    try:
        query_schema.load(query)
    except ValidationError as exc:
        raise InvalidInput("the query does not match the expected shape", details=exc.messages) from None
    return query


def read_upload(request: Request, route: Route) -> dict[str, Any]:
    """A file sent as the whole body, in one of the route's media types."""
    if request.mimetype not in route.upload:
        raise InvalidInput(f"send the file as one of {', '.join(route.upload)}", code="unsupported_media_type",
                           details={"content_type": request.mimetype})
    data = request.get_data(cache=False)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput("the file is too large", code="image_too_large",
                           details={"size": len(data), "max": MAX_UPLOAD_BYTES})
    return {"content_type": request.mimetype, "data_base64": base64.b64encode(data).decode()}


def read_form(request: Request, route: Route) -> dict[str, Any]:
    """multipart/form-data: the form fields (checked with the route's schema) and its files."""
    if request.mimetype != "multipart/form-data":
        raise InvalidInput("send the form as multipart/form-data", code="unsupported_media_type",
                           details={"content_type": request.mimetype})
    if request.content_length and request.content_length > MAX_FORM_BYTES:
        raise InvalidInput("the form is too large", code="body_too_large", details={"max": MAX_FORM_BYTES})
    form = {name: request.form[name] for name in request.form}
    try:
        commands.schema(route.body).load(form)
    except ValidationError as exc:
        raise InvalidInput("the form does not match the expected shape", details=exc.messages) from None
    files = {}
    for name in route.files:
        upload = request.files.get(name)
        data = upload.read(MAX_UPLOAD_BYTES + 1) if upload else b""
        if not data:
            raise InvalidInput(f"attach the file {name}", code="file_missing", details={"file": name})
        if len(data) > MAX_UPLOAD_BYTES:
            raise InvalidInput("the file is too large", code="image_too_large",
                               details={"file": name, "max": MAX_UPLOAD_BYTES})
        files[name] = {"content_type": upload.mimetype, "data_base64": base64.b64encode(data).decode()}
    return {**form, "files": files}
