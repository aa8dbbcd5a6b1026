"""Which of registry's stored events leave it (services.registry.api.events says which stay inside)."""
from typing import Any

from shared.integration import Outbound, mask
from services.registry.api import events
from services.registry.domain.agencies import Agency
from services.registry.domain.agents import Agent
from services.registry.domain.developers import Developer
from services.registry.domain.property_transfers import PropertyTransfer
from services.registry.domain.property_verifications import PropertyVerification
from services.registry.domain.rooms import Room


def published_property(event: PropertyVerification.PropertyVerified) -> dict[str, Any]:
    """The verified property's facts; its owners by masked name and by their document numbers as the register
    masked them (the full numbers never leave), in the same order, so that contracts can tell two owners of one
    surname apart when it checks the sellers."""
    found = event.property
    return {"agency_id": event.agency_id, "agent_account_id": event.agent_account_id, "method": event.method,
            **{name: found[name] for name in ("property_id", "certificate_number", "unit_number", "address",
                                              "mortgaged")},
            "owner_names": [mask(owner["name"]) for owner in found["owners"]],
            "owner_id_numbers_masked": [owner.get("id_number_masked", "") for owner in found["owners"]]}


OUTBOUND = Outbound(events.LANGUAGE, {
    Developer.DeveloperRegistered: events.DEVELOPER_REGISTERED,
    Room.RoomDefined: events.ROOM_DEFINED,
    Room.RoomInfoSubmitted: events.ROOM_INFO_SUBMITTED,
    Room.RoomInfoRejected: events.ROOM_INFO_REJECTED,
    Room.RoomRetired: events.ROOM_RETIRED,
    Room.RoomPublished: events.ROOM_PUBLISHED,
    Agency.AgencyVerified: events.AGENCY_VERIFIED,
    Agent.AgentApproved: events.AGENT_APPROVED,
    PropertyVerification.PropertyVerified: (events.PROPERTY_VERIFIED, published_property),
    PropertyTransfer.TransferAccepted: events.TRANSFER_ACCEPTED,
    PropertyTransfer.TransferRegistered: events.TRANSFER_REGISTERED,
})
