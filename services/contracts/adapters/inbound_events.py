"""Contracts' own copies of the payloads it consumes."""
from marshmallow import fields

from shared.envelope import PayloadSchema


class RoomPublished(PayloadSchema):
    project_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    saleable = fields.Boolean(required=True)
    info = fields.Dict(required=True)
    room_number = fields.String(load_default="")
    names = fields.Dict(load_default=dict)


class ContractDrafted(PayloadSchema):
    room_id = fields.String(required=True)
    project_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    buyer_name = fields.String(required=True)
    room = fields.Dict(required=True)


class PrintedFormal(PayloadSchema):
    confirm_by = fields.String(required=True)


class Cancelled(PayloadSchema):
    reason = fields.String(required=True)


class Filed(PayloadSchema):
    filing_number = fields.String(required=True)


class Empty(PayloadSchema):
    pass


class FilingApproved(PayloadSchema):
    contract_id = fields.String(required=True)
    filing_number = fields.String(required=True)


class FilingRejected(PayloadSchema):
    contract_id = fields.String(required=True)
    rejection_id = fields.String(required=True)
    reasons = fields.List(fields.String(), required=True)


SELLABLE_ROOMS_SCHEMAS = {("registry", "RoomPublished"): RoomPublished()}
CONTRACT_LIST_SCHEMAS = {
    ("contracts", "ContractDrafted"): ContractDrafted(),
    ("contracts", "PreviewPrinted"): Empty(),
    ("contracts", "ContractModified"): Empty(),
    ("contracts", "PrintedFormal"): PrintedFormal(),
    ("contracts", "Confirmed"): Empty(),
    ("contracts", "Cancelled"): Cancelled(),
    ("contracts", "FilingRejected"): Empty(),
    ("contracts", "ResubmittedForFiling"): Empty(),
    ("contracts", "Filed"): Filed(),
}
FILING_OUTCOME_SCHEMAS = {("filing", "FilingApproved"): FilingApproved(), ("filing", "FilingRejected"): FilingRejected()}


# Leases (guide 004) --------------------------------------------------------------------------------

class LotteryRoundOpened(PayloadSchema):
    name = fields.String(required=True)
    rooms = fields.Dict(required=True)
    lease_terms = fields.Dict(required=True)


class LotterySessionPlanned(PayloadSchema):
    round_id = fields.String(required=True)


class LotteryRoomConfirmed(PayloadSchema):
    family_id = fields.String(required=True)
    room_id = fields.String(required=True)


class LotteryWindowClosed(PayloadSchema):
    assignments = fields.List(fields.List(fields.String()), required=True)


class EscrowMandateActivated(PayloadSchema):
    lease_id = fields.String(required=True)
    mandate_ref = fields.String(required=True)
    card_masked = fields.String(required=True)


class EscrowMandateRefused(PayloadSchema):
    lease_id = fields.String(required=True)
    reason = fields.String(required=True)


class EscrowDepositRequested(PayloadSchema):
    lease_id = fields.String(required=True)
    payment_ref = fields.String(required=True)
    pay_url = fields.String(required=True)
    amount = fields.String(required=True)


class EscrowDepositPaid(PayloadSchema):
    lease_id = fields.String(required=True)
    payment_ref = fields.String(required=True)
    paid_at = fields.String(required=True)


class EscrowDepositRefunded(PayloadSchema):
    lease_id = fields.String(required=True)
    refund_ref = fields.String(required=True)
    amount = fields.String(required=True)


class LeaseOpened(PayloadSchema):
    round_id = fields.String(required=True)
    family_id = fields.String(required=True)
    room = fields.Dict(required=True)
    monthly_rent = fields.String(required=True)
    sign_by = fields.String(required=True)


class LeaseCancelled(PayloadSchema):
    reason = fields.String(required=True)


ALLOCATION_SCHEMAS = {
    ("lottery", "RoundOpened"): LotteryRoundOpened(),
    ("lottery", "SessionPlanned"): LotterySessionPlanned(),
    ("lottery", "RoomConfirmed"): LotteryRoomConfirmed(),
    ("lottery", "WindowClosed"): LotteryWindowClosed(),
}
ESCROW_FACT_SCHEMAS = {
    ("escrow", "MandateActivated"): EscrowMandateActivated(),
    ("escrow", "MandateRefused"): EscrowMandateRefused(),
    ("escrow", "DepositRequested"): EscrowDepositRequested(),
    ("escrow", "DepositPaid"): EscrowDepositPaid(),
    ("escrow", "DepositRefunded"): EscrowDepositRefunded(),
}
LEASE_LIST_SCHEMAS = {
    ("contracts", "LeaseOpened"): LeaseOpened(),
    ("contracts", "LeaseSubmitted"): Empty(),
    ("contracts", "LeaseSigned"): Empty(),
    ("contracts", "LeaseApproved"): Empty(),
    ("contracts", "LeaseCancelled"): LeaseCancelled(),
}
NOTIFICATION_SCHEMAS = {("contracts", "LeaseApproved"): Empty()}
