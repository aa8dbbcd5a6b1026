"""The integration events lottery publishes: rounds and sessions as planned, and the rooms families end up with.

What families do inside a window (rules accepted, carts, pre-selection) and who is registered stay inside."""
from marshmallow import fields

from shared.fields import PayloadText
from shared.integration import IntegrationEvent, PublishedLanguage, integer, payload, text, texts, tree

ROUND_OPENED = IntegrationEvent("RoundOpened", 2, payload(
    name=text(), rooms=tree(), preselection_start=text(), lease_terms=tree()))
SESSION_PLANNED = IntegrationEvent("SessionPlanned", 1, payload(
    round_id=text(), number=integer(), ranks=tree(), offered=texts(), formal_start=text(), formal_end=text()))
ROOM_CONFIRMED = IntegrationEvent("RoomConfirmed", 1, payload(family_id=text(), room_id=text(), rank=integer()))
ALLOCATION_RELEASED = IntegrationEvent("AllocationReleased", 1, payload(
    family_id=text(), room_id=text(), reason=text()))
WINDOW_CLOSED = IntegrationEvent("WindowClosed", 1, payload(
    assignments=fields.List(fields.List(PayloadText()), required=True), without_room=texts()))

LANGUAGE = PublishedLanguage("lottery", (ROUND_OPENED, SESSION_PLANNED, ROOM_CONFIRMED, ALLOCATION_RELEASED,
                                         WINDOW_CLOSED))
