"""Contracts' own copies of the payloads it consumes."""
from marshmallow import fields

from shared.integration import PayloadSchema
from shared.fields import PayloadText, TextTree


class RoomPublished(PayloadSchema):
    project_id = PayloadText(required=True)
    developer_id = PayloadText(required=True)
    saleable = fields.Boolean(required=True)
    info = TextTree(required=True)
    room_number = PayloadText(load_default="")
    names = TextTree(load_default=dict)


class ContractDrafted(PayloadSchema):
    room_id = PayloadText(required=True)
    project_id = PayloadText(required=True)
    developer_id = PayloadText(required=True)
    buyer_name = PayloadText(required=True)
    buyer_phone_masked = PayloadText(load_default="")  # published since the buyer's details
    room = TextTree(required=True)


class ContractNumbered(PayloadSchema):
    contract_number = PayloadText(required=True)


class PrintedFormal(PayloadSchema):
    confirm_by = PayloadText(required=True)


class Cancelled(PayloadSchema):
    reason = PayloadText(required=True)


class Filed(PayloadSchema):
    filing_number = PayloadText(required=True)


class BuyerChanged(PayloadSchema):
    buyer_name = PayloadText(required=True)
    buyer_phone_masked = PayloadText(required=True)


class Empty(PayloadSchema):
    pass


class FilingApproved(PayloadSchema):
    contract_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)


class FilingRejected(PayloadSchema):
    contract_id = PayloadText(required=True)
    rejection_id = PayloadText(required=True)
    reasons = fields.List(PayloadText(), required=True)


# Leases (guide 004) --------------------------------------------------------------------------------

class LotteryRoundOpened(PayloadSchema):
    name = PayloadText(required=True)
    rooms = TextTree(required=True)
    lease_terms = TextTree(required=True)


class LotterySessionPlanned(PayloadSchema):
    round_id = PayloadText(required=True)


class LotteryRoomConfirmed(PayloadSchema):
    family_id = PayloadText(required=True)
    room_id = PayloadText(required=True)


class LotteryWindowClosed(PayloadSchema):
    assignments = fields.List(fields.List(PayloadText()), required=True)


class EscrowMandateActivated(PayloadSchema):
    lease_id = PayloadText(required=True)
    mandate_ref = PayloadText(required=True)
    card_masked = PayloadText(required=True)


class EscrowMandateRefused(PayloadSchema):
    lease_id = PayloadText(required=True)
    mandate_ref = PayloadText(required=True)
    reason = PayloadText(required=True)


class EscrowDepositRequested(PayloadSchema):
    lease_id = PayloadText(required=True)
    payment_ref = PayloadText(required=True)
    pay_url = PayloadText(required=True)
    amount = PayloadText(required=True)


class EscrowDepositPaid(PayloadSchema):
    lease_id = PayloadText(required=True)
    payment_ref = PayloadText(required=True)
    paid_at = PayloadText(required=True)


class EscrowDepositRefunded(PayloadSchema):
    lease_id = PayloadText(required=True)
    refund_ref = PayloadText(required=True)
    amount = PayloadText(required=True)


class LeaseOpened(PayloadSchema):
    round_id = PayloadText(required=True)
    family_id = PayloadText(required=True)
    room = TextTree(required=True)
    monthly_rent = PayloadText(required=True)
    sign_by = PayloadText(required=True)


class LeaseCancelled(PayloadSchema):
    reason = PayloadText(required=True)


# Existing-home contracts (guide 001) ---------------------------------------------------------------------

class PropertyVerified(PayloadSchema):
    agency_id = PayloadText(required=True)
    agent_account_id = PayloadText(required=True)
    property_id = PayloadText(required=True)
    certificate_number = PayloadText(load_default="")
    unit_number = PayloadText(load_default="")
    address = PayloadText(load_default="")
    mortgaged = fields.Boolean(load_default=False)
    owner_names = fields.List(PayloadText(), load_default=list)
    owner_id_numbers_masked = fields.List(PayloadText(), load_default=list)


class ExistingHomeFiled(PayloadSchema):
    contract_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)


class ExistingHomeDrafted(PayloadSchema):
    property_id = PayloadText(required=True)
    agency_id = PayloadText(required=True)
    agent_id = PayloadText(required=True)
    mode = PayloadText(required=True)
    contract_number = PayloadText(required=True)
    delete_at = PayloadText(required=True)
    address = PayloadText(load_default="")


class ExistingHomeContractFiled(PayloadSchema):
    filing_number = PayloadText(required=True)


class ExistingHomeDeleted(PayloadSchema):
    reason = PayloadText(required=True)


class ExistingHomeOrder(PayloadSchema):
    purpose = PayloadText(required=True)


class ExistingHomePartySigned(PayloadSchema):
    purpose = PayloadText(required=True)
    order_complete = fields.Boolean(required=True)


class ExistingHomeFilingRequested(PayloadSchema):
    mode = PayloadText(required=True)


# Guide 001: after an existing-home contract is submitted for filing.
class ExistingHomeFilingRejected(PayloadSchema):
    contract_id = PayloadText(required=True)
    reasons = fields.List(PayloadText(), required=True)


class ExistingHomeFilingCancelled(PayloadSchema):
    contract_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)


class ExistingHomeCancellationRefused(PayloadSchema):
    contract_id = PayloadText(required=True)
    reasons = fields.List(PayloadText(), required=True)


class TransferAccepted(PayloadSchema):
    property_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)


class ExistingHomeCancellationOpened(PayloadSchema):
    route = PayloadText(required=True)
