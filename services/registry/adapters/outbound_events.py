"""Which of registry's stored events leave it (services.registry.api.events says which stay inside)."""
from shared.integration import Outbound
from services.registry.api import events
from services.registry.domain.agencies import Agency
from services.registry.domain.agents import Agent
from services.registry.domain.developers import Developer
from services.registry.domain.property_verifications import PropertyVerification
from services.registry.domain.rooms import Room

OUTBOUND = Outbound(events.LANGUAGE, {
    Developer.DeveloperRegistered: events.DEVELOPER_REGISTERED,
    Room.RoomDefined: events.ROOM_DEFINED,
    Room.RoomInfoSubmitted: events.ROOM_INFO_SUBMITTED,
    Room.RoomInfoRejected: events.ROOM_INFO_REJECTED,
    Room.RoomRetired: events.ROOM_RETIRED,
    Room.RoomPublished: events.ROOM_PUBLISHED,
    Agency.AgencyVerified: events.AGENCY_VERIFIED,
    Agent.AgentApproved: events.AGENT_APPROVED,
    PropertyVerification.PropertyVerified: events.PROPERTY_VERIFIED,
})
