"""Escrow's own copies of the contracts payloads it consumes."""
from marshmallow import fields

from shared.envelope import PayloadSchema


class LeaseOpened(PayloadSchema):
    family_id = fields.String(required=True)
    round_id = fields.String(required=True)
    deposit = fields.String(required=True)


class LeaseSigned(PayloadSchema):
    deposit = fields.String(required=True)


class LeaseCancelled(PayloadSchema):
    reason = fields.String(required=True)
    family_id = fields.String(required=True)


LEASE_SCHEMAS = {("contracts", "LeaseOpened"): LeaseOpened(), ("contracts", "LeaseSigned"): LeaseSigned(),
                 ("contracts", "LeaseCancelled"): LeaseCancelled()}
