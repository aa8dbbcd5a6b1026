"""What registry consumes: one declaration per consumer (services.registry.adapters.inbound_events has its copies
of the payloads)."""
from shared.consumer import TrackedView
from shared.consumer_declaration import ConsumerDeclaration, on
from services.registry.adapters import inbound_events as inbound
from services.registry.adapters.room_map_view import PostgresRoomMapView
from services.registry.application.property_transfers import ExistingHomeSales
from services.registry.application.room_map import RoomMapProjection as RoomMap

ROOM_MAP = ConsumerDeclaration("room_map", PostgresRoomMapView, lambda process, view: RoomMap(view), (
    on("registry", "RoomDefined", 2, inbound.RoomDefined, RoomMap.room_defined),
    on("registry", "RoomInfoSubmitted", 1, inbound.Empty, RoomMap.info_submitted),
    on("registry", "RoomInfoRejected", 1, inbound.Empty, RoomMap.info_rejected),
    on("registry", "RoomRetired", 1, inbound.Empty, RoomMap.retired),
    on("registry", "RoomPublished", 2, inbound.RoomPublished, RoomMap.published),
    on("contracts", "ContractDrafted", 1, inbound.ContractRoom, RoomMap.contract_drafted),
    on("contracts", "Confirmed", 1, inbound.ContractRoom, RoomMap.contract_confirmed),
    on("contracts", "Filed", 1, inbound.ContractRoom, RoomMap.contract_filed),
    on("contracts", "Cancelled", 1, inbound.ContractRoom, RoomMap.contract_cancelled),
))

# R001.10: which filed existing-home contract each property is in (the commands it calls are safe to repeat).
EXISTING_HOME_SALES = ConsumerDeclaration(
    "existing_home_sales", TrackedView, lambda process, _: ExistingHomeSales(process.app), (
        on("contracts", "ExistingHomeContractFiled", 1, inbound.ExistingHomeContractFiled, ExistingHomeSales.filed),
        on("contracts", "ExistingHomeContractCancelled", 1, inbound.ExistingHomeContractCancelled,
           ExistingHomeSales.cancelled),
    ))
