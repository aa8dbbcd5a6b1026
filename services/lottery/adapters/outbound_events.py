"""Which of lottery's stored events leave it (services.lottery.api.events says why the others stay inside)."""
from shared.integration import Outbound
from services.lottery.api import events
from services.lottery.domain.selection_round import SelectionRound
from services.lottery.domain.session import SelectionSession

OUTBOUND = Outbound(events.LANGUAGE, {
    SelectionRound.RoundOpened: events.ROUND_OPENED,
    SelectionSession.SessionPlanned: events.SESSION_PLANNED,
    SelectionSession.RoomConfirmed: events.ROOM_CONFIRMED,
    SelectionSession.AllocationReleased: events.ALLOCATION_RELEASED,
    SelectionSession.WindowClosed: events.WINDOW_CLOSED,
})
