"""What contracts consumes: one declaration per consumer (its copies of the payloads are in inbound_events).

Sale contracts (guide 000): the rooms registry publishes, its own contracts for the developer's list, and
filing's decisions. Existing homes (guide 001): registry's verifications, filing's numbers, its own list.
Leases (guide 004): its part of the lease saga (the table in
services.contracts.application.lease_policies) and the lease list."""
from shared.consumer import TrackedView
from shared.consumer_declaration import ConsumerDeclaration, compensation, on, step
from services.contracts.adapters import inbound_events as inbound
from services.contracts.adapters.contract_list_view import PostgresContractListView
from services.contracts.adapters.existing_home_list_view import PostgresExistingHomeListView
from services.contracts.adapters.lease_views import PostgresAllocationsView, PostgresLeaseListView
from services.contracts.adapters.sellable_rooms_view import PostgresSellableRoomsView
from services.contracts.application.contract_list import ContractListProjection as ContractList
from services.contracts.application.existing_home_list import (ExistingHomeFilingOutcomes,
                                                               ExistingHomeListProjection as ExistingHomeList,
                                                               VerifiedProperties)
from services.contracts.application.existing_home_outcomes import ExistingHomeOutcomes
from services.contracts.application.filing_outcomes import FilingOutcomes
from services.contracts.application.lease_policies import (Allocations, ApprovalNotifications, EscrowFacts,
                                                           LeaseListProjection as LeaseList)
from services.contracts.application.sellable_rooms import SellableRoomsProjection as SellableRooms

SELLABLE_ROOMS = ConsumerDeclaration("sellable_rooms", PostgresSellableRoomsView, lambda _, view: SellableRooms(view), (
    on("registry", "RoomPublished", 2, inbound.RoomPublished, SellableRooms.published),
))
CONTRACT_LIST = ConsumerDeclaration("contract_list", PostgresContractListView, lambda _, view: ContractList(view), (
    on("contracts", "ContractDrafted", 1, inbound.ContractDrafted, ContractList.drafted),
    on("contracts", "ContractNumbered", 1, inbound.ContractNumbered, ContractList.numbered),
    on("contracts", "BuyerChanged", 1, inbound.BuyerChanged, ContractList.buyer_changed),
    on("contracts", "PreviewPrinted", 1, inbound.Empty, ContractList.moves_to("preview_printed")),
    on("contracts", "ContractModified", 1, inbound.Empty, ContractList.moves_to("modified")),
    on("contracts", "PrintedFormal", 1, inbound.PrintedFormal, ContractList.formal_printed),
    on("contracts", "Confirmed", 1, inbound.Empty, ContractList.moves_to("confirmed")),
    on("contracts", "ConfirmedForNotarization", 1, inbound.Empty, ContractList.moves_to("notarizing")),
    on("contracts", "Cancelled", 1, inbound.Cancelled, ContractList.cancelled),
    on("contracts", "FilingRejected", 1, inbound.Empty, ContractList.moves_to("filing_rejected")),
    on("contracts", "ResubmittedForFiling", 1, inbound.Empty, ContractList.moves_to("confirmed")),
    on("contracts", "Filed", 1, inbound.Filed, ContractList.filed),
))
FILING_OUTCOMES = ConsumerDeclaration("filing_outcomes", TrackedView, lambda process, _: FilingOutcomes(process.app), (
    on("filing", "FilingApproved", 1, inbound.FilingApproved, FilingOutcomes.approved),
    on("filing", "FilingRejected", 1, inbound.FilingRejected, FilingOutcomes.rejected),
))

# Existing homes (guide 001) after filing: window reviews, cancellations, the register's acceptance of the transfer.
EXISTING_HOME_OUTCOMES = ConsumerDeclaration(
    "existing_home_outcomes", TrackedView, lambda process, _: ExistingHomeOutcomes(process.app), (
        on("filing", "ExistingHomeFilingRejected", 1, inbound.ExistingHomeFilingRejected,
           ExistingHomeOutcomes.filing_rejected),
        on("filing", "ExistingHomeFilingCancelled", 1, inbound.ExistingHomeFilingCancelled,
           ExistingHomeOutcomes.filing_cancelled),
        on("filing", "ExistingHomeCancellationRefused", 1, inbound.ExistingHomeCancellationRefused,
           ExistingHomeOutcomes.cancellation_refused),
        on("registry", "TransferAccepted", 1, inbound.TransferAccepted, ExistingHomeOutcomes.transfer_accepted),
    ))

# The lease saga (guide 004) -------------------------------------------------------------------------------

LEASE_ALLOCATIONS = ConsumerDeclaration(
    "lease_allocations", PostgresAllocationsView, lambda process, view: Allocations(view, process.app), (
        on("lottery", "RoundOpened", 2, inbound.LotteryRoundOpened, Allocations.round_opened),
        on("lottery", "SessionPlanned", 1, inbound.LotterySessionPlanned, Allocations.session_planned),
        step("lottery", "RoomConfirmed", 1, inbound.LotteryRoomConfirmed, Allocations.room_confirmed),
        step("lottery", "WindowClosed", 1, inbound.LotteryWindowClosed, Allocations.window_closed),
    ))
LEASE_PAYMENTS = ConsumerDeclaration("lease_payments", TrackedView, lambda process, _: EscrowFacts(process.app), (
    step("escrow", "MandateActivated", 1, inbound.EscrowMandateActivated, EscrowFacts.mandate_activated),
    step("escrow", "MandateRefused", 1, inbound.EscrowMandateRefused, EscrowFacts.mandate_refused),
    step("escrow", "DepositRequested", 1, inbound.EscrowDepositRequested, EscrowFacts.deposit_requested),
    step("escrow", "DepositPaid", 1, inbound.EscrowDepositPaid, EscrowFacts.deposit_paid),
    compensation("escrow", "DepositRefunded", 1, inbound.EscrowDepositRefunded, EscrowFacts.deposit_refunded),
))
LEASE_NOTIFICATIONS = ConsumerDeclaration(
    "lease_notifications", TrackedView, lambda process, _: ApprovalNotifications(process.app, process.sms), (
        step("contracts", "LeaseApproved", 1, inbound.Empty, ApprovalNotifications.lease_approved),
    ))
LEASE_LIST = ConsumerDeclaration("lease_list", PostgresLeaseListView, lambda _, view: LeaseList(view), (
    on("contracts", "LeaseOpened", 1, inbound.LeaseOpened, LeaseList.opened),
    on("contracts", "LeaseSubmitted", 1, inbound.Empty, LeaseList.submitted),
    on("contracts", "LeaseSigned", 1, inbound.Empty, LeaseList.signed),
    on("contracts", "LeaseApproved", 1, inbound.Empty, LeaseList.approved),
    on("contracts", "LeaseCancelled", 1, inbound.LeaseCancelled, LeaseList.cancelled),
))

# Existing-home contracts (guide 001) ----------------------------------------------------------------------

VERIFIED_PROPERTIES = ConsumerDeclaration(
    "verified_properties", TrackedView, lambda process, _: VerifiedProperties(process.app), (
        on("registry", "PropertyVerified", 1, inbound.PropertyVerified, VerifiedProperties.verified),
    ))
EXISTING_HOME_FILINGS = ConsumerDeclaration(
    "existing_home_filings", TrackedView, lambda process, _: ExistingHomeFilingOutcomes(process.app), (
        on("filing", "ExistingHomeFiled", 1, inbound.ExistingHomeFiled, ExistingHomeFilingOutcomes.filed),
    ))
EXISTING_HOME_LIST = ConsumerDeclaration(
    "existing_home_list", PostgresExistingHomeListView, lambda _, view: ExistingHomeList(view), (
        on("contracts", "ExistingHomeContractDrafted", 1, inbound.ExistingHomeDrafted, ExistingHomeList.drafted),
        on("contracts", "ExistingHomeContractChanged", 1, inbound.Empty, ExistingHomeList.changed),
        on("contracts", "ExistingHomeContractSubmitted", 1, inbound.Empty, ExistingHomeList.moves_to("submitted")),
        on("contracts", "ExistingHomeSignatureOrderOpened", 1, inbound.ExistingHomeOrder,
           ExistingHomeList.order_opened),
        on("contracts", "ExistingHomeSignatureOrderCancelled", 1, inbound.ExistingHomeOrder,
           ExistingHomeList.order_cancelled),
        on("contracts", "ExistingHomePartySigned", 1, inbound.ExistingHomePartySigned, ExistingHomeList.party_signed),
        on("contracts", "ExistingHomeFilingRequested", 1, inbound.ExistingHomeFilingRequested,
           ExistingHomeList.filing_requested),
        on("contracts", "ExistingHomeContractFiled", 1, inbound.ExistingHomeContractFiled, ExistingHomeList.filed),
        on("contracts", "ExistingHomeContractDeleted", 1, inbound.ExistingHomeDeleted,
           ExistingHomeList.moves_to("deleted")),
        on("contracts", "ExistingHomeContractCancelled", 1, inbound.Empty, ExistingHomeList.moves_to("cancelled")),
        on("contracts", "ExistingHomeWindowRejected", 1, inbound.Empty, ExistingHomeList.moves_to("window_rejected")),
        on("contracts", "ExistingHomeResubmitted", 1, inbound.Empty, ExistingHomeList.moves_to("submitted")),
        on("contracts", "ExistingHomeCancellationOpened", 1, inbound.ExistingHomeCancellationOpened,
           ExistingHomeList.cancellation_opened),
        on("contracts", "ExistingHomeCancellationDeclined", 1, inbound.Empty, ExistingHomeList.moves_to("filed")),
    ))

SALE_CONSUMERS = (SELLABLE_ROOMS, CONTRACT_LIST, FILING_OUTCOMES)
EXISTING_HOME_CONSUMERS = (VERIFIED_PROPERTIES, EXISTING_HOME_FILINGS, EXISTING_HOME_LIST)
WINDOW_CONSUMERS = (EXISTING_HOME_OUTCOMES,)
LEASE_CONSUMERS = (LEASE_ALLOCATIONS, LEASE_PAYMENTS, LEASE_NOTIFICATIONS, LEASE_LIST)
