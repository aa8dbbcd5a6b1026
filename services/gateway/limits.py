"""The sizes the API accepts at most, read from the validators that enforce them (one source of truth).

Beyond any of them a request is refused with a 400 (`invalid_input` naming the field, `body_too_large`,
`image_too_large`) and changes nothing. The OpenAPI document's description lists them.
"""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, validate

from services.escrow.api.requests import MandateFormSchema
from services.gateway.bodies import MAX_FORM_BYTES, MAX_UPLOAD_BYTES
from services.contracts.api.window_requests import MAX_WINDOW_IMAGES
from services.gateway.commands import MAX_BODY_BYTES
from services.gateway.window_routes import WINDOW_BODY_BYTES
from services.lottery.api.requests import OpenRoundSchema, PlanSessionsSchema, RegisterFamiliesSchema
from services.registry.api.requests import SetBuildingRulesSchema


def largest(schema: type[Schema], name: str) -> Any:
    """The upper bound a field's Range or Length validator puts on it."""
    for validator in schema._declared_fields[name].validators:
        if isinstance(validator, (validate.Range, validate.Length)) and validator.max is not None:
            return validator.max
    raise LookupError(f"{schema.__name__}.{name} has no upper bound")


def documented_limits() -> dict[str, str]:
    floors, units = largest(SetBuildingRulesSchema, "floors"), largest(SetBuildingRulesSchema, "units_per_floor")
    return {
        "JSON request body": f"{MAX_BODY_BYTES} bytes (this bounds the lists below too, whichever comes first)",
        "window signing or cancellation (existing homes)": f"{WINDOW_BODY_BYTES} bytes in one body: at most "
                                                           f"{MAX_WINDOW_IMAGES} images of 500 KB each",
        "building": f"{floors} floors × {units} units per floor = {floors * units} rooms",
        "round": f"{largest(OpenRoundSchema, 'rooms')} rooms, opened in one request (about 100 bytes each); "
                 f"families registered {largest(RegisterFamiliesSchema, 'families')} per request",
        "selection session": f"{largest(PlanSessionsSchema, 'session_size')} families",
        "mandate form": f"{MAX_FORM_BYTES} bytes, each card photo {MAX_UPLOAD_BYTES} bytes "
                        f"(fields: {', '.join(MandateFormSchema._declared_fields)})",
        "promotional image": f"{MAX_UPLOAD_BYTES} bytes (PNG or JPEG)",
    }
