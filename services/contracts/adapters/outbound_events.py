"""Which of contracts' stored events leave it (services.contracts.api.events says which stay inside)."""
from typing import Any

from shared.integration import Outbound
from services.contracts.api import events
from services.contracts.domain.contract import Contract
from services.contracts.domain.existing_home import ExistingHomeContract as ExistingHome
from services.contracts.domain.buyer import masked_phone
from services.contracts.domain.lease import Lease
from services.contracts.domain.notarization import Notarization



def _buyer_fields(event: Any) -> dict[str, Any]:
    """The buyer's details as flat payload fields (the phone masked here, the others as they leave)."""
    buyer = event.buyer
    return {"buyer_name": event.buyer_name, "buyer_id_type": buyer.get("id_type", ""),
            "buyer_id_number": buyer.get("id_number", ""), "buyer_phone_masked": masked_phone(buyer.get("phone", "")),
            "buyer_address": buyer.get("address", "")}


def _drafted(event: Any) -> dict[str, Any]:
    return {"room_id": event.room_id, "project_id": event.project_id, "developer_id": event.developer_id,
            "room": event.room, **_buyer_fields(event)}


def _existing_home_drafted(event: ExistingHome.Drafted) -> dict[str, Any]:
    return {"property_id": event.property_id, "agency_id": event.agency_id, "agent_id": event.agent_id,
            "mode": event.mode, "contract_number": event.contract_number, "delete_at": event.delete_at,
            "address": event.property.get("address", "")}


def _changed(section: str) -> Any:
    return lambda event: {"section": getattr(event, "section", section)}


OUTBOUND = Outbound(events.LANGUAGE, {
    Contract.ContractDrafted: (events.CONTRACT_DRAFTED, _drafted),
    Contract.BuyerChanged: (events.BUYER_CHANGED, _buyer_fields),
    Contract.ContractNumbered: events.CONTRACT_NUMBERED,
    Contract.PreviewPrinted: events.PREVIEW_PRINTED,
    Contract.ContractModified: events.CONTRACT_MODIFIED,
    Contract.PrintedFormal: events.PRINTED_FORMAL,
    Contract.Confirmed: events.CONFIRMED,
    Contract.Cancelled: events.CANCELLED,
    Contract.FilingRejected: events.FILING_REJECTED,
    Contract.ResubmittedForFiling: events.RESUBMITTED_FOR_FILING,
    Contract.Filed: events.FILED,
    Contract.ConfirmedForNotarization: events.CONFIRMED_FOR_NOTARIZATION,
    Contract.CertificateBound: events.CERTIFICATE_BOUND,
    Notarization.PushedToNotary: events.NOTARIZATION_PUSHED,
    Lease.LeaseOpened: events.LEASE_OPENED,
    Lease.LeaseSigned: events.LEASE_SIGNED,
    Lease.LeaseSubmitted: events.LEASE_SUBMITTED,
    Lease.LeaseApproved: events.LEASE_APPROVED,
    Lease.LeaseCancelled: events.LEASE_CANCELLED,
    ExistingHome.Drafted: (events.EXISTING_HOME_DRAFTED, _existing_home_drafted),
    ExistingHome.PartiesSet: (events.EXISTING_HOME_CHANGED, _changed("parties")),
    ExistingHome.TermsSet: (events.EXISTING_HOME_CHANGED, _changed("terms")),
    ExistingHome.SectionSet: (events.EXISTING_HOME_CHANGED, _changed("")),
    ExistingHome.Submitted: events.EXISTING_HOME_SUBMITTED,
    ExistingHome.SignatureOrderOpened: events.EXISTING_HOME_ORDER_OPENED,
    ExistingHome.SignatureOrderCancelled: events.EXISTING_HOME_ORDER_CANCELLED,
    ExistingHome.PartySigned: events.EXISTING_HOME_PARTY_SIGNED,
    ExistingHome.Deleted: events.EXISTING_HOME_DELETED,
    ExistingHome.FilingRequested: events.EXISTING_HOME_FILING_REQUESTED,
    ExistingHome.Filed: events.EXISTING_HOME_FILED,
    ExistingHome.CancellationRequested: events.EXISTING_HOME_CANCELLATION_REQUESTED,
    ExistingHome.Cancelled: events.EXISTING_HOME_CANCELLED,
    ExistingHome.FilingRejected: events.EXISTING_HOME_WINDOW_REJECTED,
    ExistingHome.Resubmitted: events.EXISTING_HOME_RESUBMITTED,
    ExistingHome.CancellationOpened: events.EXISTING_HOME_CANCELLATION_OPENED,
    ExistingHome.CancellationRefused: events.EXISTING_HOME_CANCELLATION_DECLINED,
})
