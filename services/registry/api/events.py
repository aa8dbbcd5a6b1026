"""The integration events registry publishes: developers admitted, the life of a room from definition to
publication for sale, agencies verified, agents approved, properties verified and their transfers accepted and registered (guide 001). Accounts, passwords, electronic
keys, project texts, agency materials and identity bindings stay inside."""
from shared.integration import IntegrationEvent, PublishedLanguage, flag, integer, payload, text, texts, tree

DEVELOPER_REGISTERED = IntegrationEvent("DeveloperRegistered", 1, payload(name=text(), credit_code=text()))
ROOM_DEFINED = IntegrationEvent("RoomDefined", 2, payload(
    building_id=text(), project_id=text(), developer_id=text(), floor=integer(), room_number=text(),
    building_name=text(), project_name=text(), developer_name=text()))
ROOM_INFO_SUBMITTED = IntegrationEvent("RoomInfoSubmitted", 1, payload(info=tree()))
ROOM_INFO_REJECTED = IntegrationEvent("RoomInfoRejected", 1, payload(reasons=texts()))
ROOM_RETIRED = IntegrationEvent("RoomRetired", 1, payload())
ROOM_PUBLISHED = IntegrationEvent("RoomPublished", 2, payload(
    info=tree(), project_id=text(), developer_id=text(), saleable=flag(), room_number=text(), floor=integer(),
    building_id=text(), names=tree()))

# Guide 001: what the existing-home contracts (R001.11 on) will read: which agencies are verified, which agents may
# draft and sign for which agency, and the properties agents verified (owners' names masked as they leave, and
# their document numbers as masked as the register answers them: the first and last three characters).
AGENCY_VERIFIED = IntegrationEvent("AgencyVerified", 1, payload(name=text(), credit_code=text()))
AGENT_APPROVED = IntegrationEvent("AgentApproved", 1, payload(agency_id=text(), name=text(), username=text()),
                                  personal=("name",))
PROPERTY_VERIFIED = IntegrationEvent("PropertyVerified", 1, payload(
    agency_id=text(), agent_account_id=text(), method=text(), property_id=text(), certificate_number=text(),
    unit_number=text(), address=text(), owner_names=texts(), owner_id_numbers_masked=texts(), mortgaged=flag()))

# What the real-estate register reported of a filed existing-home sale's transfer registration: accepted (the
# contract can no longer be cancelled online, R001.17), registered (the escrow is released to the seller).
TRANSFER_ACCEPTED = IntegrationEvent("TransferAccepted", 1, payload(property_id=text(), filing_number=text()))
TRANSFER_REGISTERED = IntegrationEvent("TransferRegistered", 1, payload(property_id=text(), filing_number=text()))

LANGUAGE = PublishedLanguage("registry", (
    DEVELOPER_REGISTERED, ROOM_DEFINED, ROOM_INFO_SUBMITTED, ROOM_INFO_REJECTED, ROOM_RETIRED, ROOM_PUBLISHED,
    AGENCY_VERIFIED, AGENT_APPROVED, PROPERTY_VERIFIED, TRANSFER_ACCEPTED, TRANSFER_REGISTERED))
