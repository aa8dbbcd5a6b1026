"""A selection session (场次): a group of families by ranking and their formal selection window.

Everything that happens inside the formal window is decided here, on one aggregate, so that the
invariants hold by construction: a room goes to at most one family, a family gets at most one room,
a confirmation is irrevocable (R004.7), and at window end every family without a room gets the first
room of its cart that nobody has taken, in ranking order (R004.7). Commands that reach the session
in the same batch are decided in ranking order, so an earlier-ranked family wins a room two families
confirmed at the same moment.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from shared import clock
from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation
from services.lottery.domain import cart

PLANNED, OPEN, CLOSED = "planned", "open", "closed"
EARLIER_SESSION = "earlier-session"


class SelectionSession(ServiceAggregate):
    """Version 2 added the released allocations (lease compensation); older snapshots are upcast."""

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["released"] = {}

    class SessionPlanned(ServiceAggregate.Created):
        round_id: str
        number: int
        ranks: dict[str, int]
        offered: list[str]
        formal_start: datetime
        formal_end: datetime

        def apply(self, s: "SelectionSession") -> None:
            s.round_id = self.round_id
            s.number = self.number
            s.ranks = dict(self.ranks)
            s.offered = dict.fromkeys(self.offered, True)
            s.formal_start = self.formal_start
            s.formal_end = self.formal_end
            s.status = PLANNED
            s.taken = {}
            s.allocated = {}
            s.auto_assigned = {}
            s.carts = {}
            s.entered = {}
            s.gave_up = {}
            s.released = {}
            s.answers = {}
            s.without_room = []

    class FormalSelectionOpened(ServiceAggregate.Event):
        taken_before: list[str]

        def apply(self, s: "SelectionSession") -> None:
            s.status = OPEN
            for room_id in self.taken_before:
                s.taken[room_id] = EARLIER_SESSION

    class RulesAccepted(ServiceAggregate.Event):
        family_id: str
        key: str

        def apply(self, s: "SelectionSession") -> None:
            s.entered[self.family_id] = True
            s.answers[self.key] = [self.family_id, "entered"]

    class CartChanged(ServiceAggregate.Event):
        family_id: str
        cart: list[str]
        operation: str
        key: str

        def apply(self, s: "SelectionSession") -> None:
            s.carts[self.family_id] = list(self.cart)
            s.answers[self.key] = [self.family_id, list(self.cart)]

    class RoomConfirmed(ServiceAggregate.Event):
        family_id: str
        room_id: str
        rank: int
        key: str

        def apply(self, s: "SelectionSession") -> None:
            s.taken[self.room_id] = self.family_id
            s.allocated[self.family_id] = self.room_id
            s.answers[self.key] = [self.family_id, self.room_id]

    class SelectionGivenUp(ServiceAggregate.Event):
        family_id: str
        key: str

        def apply(self, s: "SelectionSession") -> None:
            s.gave_up[self.family_id] = True
            s.answers[self.key] = [self.family_id, "gave_up"]

    class AllocationReleased(ServiceAggregate.Event):
        """Compensation: the family's lease was not concluded (rejected or lapsed); the room is free again."""

        family_id: str
        room_id: str
        reason: str

        def apply(self, s: "SelectionSession") -> None:
            s.taken.pop(self.room_id, None)
            s.allocated.pop(self.family_id, None)
            s.auto_assigned.pop(self.family_id, None)
            s.released[self.family_id] = self.room_id

    class WindowClosed(ServiceAggregate.Event):
        """Window end: [family, room] assignments made by the system, and families left without a room."""

        assignments: list[list[str]]
        without_room: list[str]

        def apply(self, s: "SelectionSession") -> None:
            for family_id, room_id in self.assignments:
                s.taken[room_id] = family_id
                s.allocated[family_id] = room_id
                s.auto_assigned[family_id] = True
            s.without_room = list(self.without_room)
            s.status = CLOSED

    # Planning and opening ---------------------------------------------------------------------

    @classmethod
    def plan(cls, *, id: Any, round_id: str, number: int, ranks: dict[str, int], offered: list[str],  # noqa: A002
             formal_start: datetime, formal_end: datetime) -> "SelectionSession":
        return cls._create(cls.SessionPlanned, id=id, round_id=round_id, number=number, ranks=ranks, offered=offered,
                           formal_start=formal_start, formal_end=formal_end)

    def open(self, taken_before: list[str]) -> None:
        if self.status != PLANNED:
            raise RuleViolation("this session's formal selection is already open", code="already_open")
        self.trigger_event(self.FormalSelectionOpened, taken_before=sorted(taken_before))

    # Family commands (inside the formal window) -------------------------------------------------

    def answered(self, key: str, family_id: str) -> Any:
        """The earlier answer to this idempotency key, if any (a retry changes nothing)."""
        if key in self.answers:
            owner, result = self.answers[key]
            if owner != family_id:
                raise RuleViolation("this idempotency key belongs to another family", code="idempotency_key_reused")
            return {"result": result}
        return None

    def enter(self, family_id: str, key: str) -> str:
        self._require_window(family_id)
        self.trigger_event(self.RulesAccepted, family_id=family_id, key=key)
        return "entered"

    def change_cart(self, family_id: str, operation: str, room_id: str, key: str) -> list[str]:
        self._require_active(family_id)
        if operation == "add":
            self._require_offered(room_id)
            if room_id in self.taken:
                raise RuleViolation("this room has been taken", code="room_taken")
        new_cart = cart.changed(self.carts.get(family_id, []), operation, room_id)
        self.trigger_event(self.CartChanged, family_id=family_id, cart=new_cart, operation=operation, key=key)
        return new_cart

    def sync(self, family_id: str, preselected: list[str], key: str) -> list[str]:
        """R004.4/6: the pre-selection overwrites what was chosen in formal selection before syncing."""
        self._require_active(family_id)
        synced = [room_id for room_id in preselected if room_id in self.offered][: cart.MAX_ROOMS]
        self.trigger_event(self.CartChanged, family_id=family_id, cart=synced, operation="sync", key=key)
        return synced

    def confirm(self, family_id: str, room_id: str, key: str) -> str:
        """R004.7: one room from the cart, irrevocably."""
        self._require_active(family_id)
        if room_id not in self.carts.get(family_id, []):
            raise RuleViolation("confirm a room from your cart", code="not_in_cart")
        holder = self.taken.get(room_id)
        if holder is not None:
            raise RuleViolation("this room has been taken by an earlier-ranked family", code="room_taken")
        self.trigger_event(self.RoomConfirmed, family_id=family_id, room_id=room_id,
                           rank=self.ranks[family_id], key=key)
        return room_id

    def give_up(self, family_id: str, key: str) -> str:
        self._require_active(family_id)
        self.trigger_event(self.SelectionGivenUp, family_id=family_id, key=key)
        return "gave_up"

    # Window end ---------------------------------------------------------------------------------

    def close_window(self) -> list[list[str]]:
        """R004.7: in ranking order, each family without a room gets its first cart room still free."""
        if self.status != OPEN:
            raise RuleViolation(f"the session is {self.status}", code="session_not_open")
        taken = set(self.taken)
        assignments, without_room = [], []
        for family_id in sorted(self.ranks, key=self.ranks.__getitem__):
            if family_id in self.allocated or family_id in self.gave_up:
                continue
            room_id = next((r for r in self.carts.get(family_id, []) if r not in taken), None)
            if room_id is None:
                without_room.append(family_id)
                continue
            taken.add(room_id)
            assignments.append([family_id, room_id])
        self.trigger_event(self.WindowClosed, assignments=assignments, without_room=without_room)
        return assignments

    def release(self, family_id: str, room_id: str, reason: str) -> bool:
        """Undo an allocation whose lease failed; safe to repeat, and a no-op if it never happened."""
        if self.allocated.get(family_id) != room_id:
            return False
        self.trigger_event(self.AllocationReleased, family_id=family_id, room_id=room_id, reason=reason)
        return True

    # Rules ----------------------------------------------------------------------------------------

    def _require_window(self, family_id: str) -> None:
        if family_id not in self.ranks:
            raise RuleViolation("this family is not in this session", code="not_in_session")
        now = clock.now()
        if self.status != OPEN or not self.formal_start <= now < self.formal_end:
            raise RuleViolation("outside your session's formal selection window", code="outside_session_window",
                                details={"formal_start": self.formal_start.isoformat(),
                                         "formal_end": self.formal_end.isoformat()})

    def _require_active(self, family_id: str) -> None:
        self._require_window(family_id)
        if family_id not in self.entered:
            raise RuleViolation("accept the selection rules first", code="rules_not_accepted")
        if family_id in self.allocated:
            raise RuleViolation("your confirmation is final (R004.7)", code="already_confirmed")
        if family_id in self.gave_up:
            raise RuleViolation("you gave up this selection", code="gave_up")

    def _require_offered(self, room_id: str) -> None:
        if room_id not in self.offered:
            raise RuleViolation("this room is not offered in this round", code="room_not_offered")

    # Views --------------------------------------------------------------------------------------

    def family_view(self, family_id: str) -> dict[str, Any]:
        return {"session_id": str(self.id), "number": self.number, "rank": self.ranks.get(family_id),
                "status": self.status, "formal_start": self.formal_start.isoformat(),
                "formal_end": self.formal_end.isoformat(), "entered": family_id in self.entered,
                "cart": [{"room_id": r, "taken": r in self.taken and self.taken[r] != family_id}
                         for r in self.carts.get(family_id, [])],
                "room": self.allocated.get(family_id), "auto_assigned": family_id in self.auto_assigned,
                "gave_up": family_id in self.gave_up}

    def statistics(self) -> dict[str, int]:
        confirmed = len(self.allocated) - len(self.auto_assigned)
        earlier = sum(1 for holder in self.taken.values() if holder == EARLIER_SESSION)
        return {"families": len(self.ranks), "offered": len(self.offered) - earlier,
                "confirmed": confirmed, "auto_assigned": len(self.auto_assigned),
                "gave_up": len(self.gave_up), "left": len(self.offered) - len(self.taken)}
