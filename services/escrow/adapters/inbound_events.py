"""Escrow's own copies of the contracts and registry payloads it consumes."""
from marshmallow import fields

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


class EscrowChoice(PayloadSchema):
    """The parties' escrow choice (R001.12): a bank and channel when chosen, else a waiver."""

    chosen = fields.Boolean(required=True)
    bank = PayloadText(load_default=None)
    channel = PayloadText(load_default=None)


class ExistingHomeContractFiled(PayloadSchema):
    property_id = PayloadText(required=True)
    agency_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)
    escrow = fields.Nested(EscrowChoice, required=True)


class ExistingHomeContractCancelled(PayloadSchema):
    property_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)


class TransferRegistered(PayloadSchema):
    """The registry's: the real-estate registry registered the transfer of the property under this filing."""

    property_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)
