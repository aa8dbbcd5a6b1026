"""What lottery consumes (in its projection process): its own events for the room catalogue, and contracts'
cancelled leases (its part of the lease saga)."""
from shared.consumer import TrackedView
from shared.consumer_declaration import ConsumerDeclaration, compensation, on
from services.lottery.adapters import inbound_events as inbound
from services.lottery.adapters.catalogue_view import PostgresCatalogueView
from services.lottery.application.catalogue import CatalogueProjection as Catalogue
from services.lottery.application.lease_outcomes import LeaseOutcomes

ROOM_CATALOGUE = ConsumerDeclaration("room_catalogue", PostgresCatalogueView, lambda process, view: Catalogue(view), (
    on("lottery", "RoundOpened", 2, inbound.RoundOpened, Catalogue.round_opened),
    on("lottery", "RoomConfirmed", 1, inbound.RoomConfirmed, Catalogue.room_confirmed),
    on("lottery", "WindowClosed", 1, inbound.WindowClosed, Catalogue.window_closed),
    on("lottery", "AllocationReleased", 1, inbound.AllocationReleased, Catalogue.allocation_released),
))
LEASE_OUTCOMES = ConsumerDeclaration("lease_outcomes", TrackedView, lambda process, view: LeaseOutcomes(process.app), (
    compensation("contracts", "LeaseCancelled", 1, inbound.LeaseCancelled, LeaseOutcomes.lease_cancelled),
))
