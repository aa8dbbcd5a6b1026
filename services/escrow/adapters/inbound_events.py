"""Escrow's own copies of the contracts payloads it consumes."""

from shared.integration import PayloadSchema
from shared.fields import PayloadText


class LeaseOpened(PayloadSchema):
    family_id = PayloadText(required=True)
    round_id = PayloadText(required=True)
    deposit = PayloadText(required=True)


class LeaseSigned(PayloadSchema):
    deposit = PayloadText(required=True)


class LeaseCancelled(PayloadSchema):
    reason = PayloadText(required=True)
    family_id = PayloadText(required=True)
