"""Lottery as a Nameko service: the draw, sessions and selection. Scaled out during selection windows:
every instance runs the same desk; the event store's optimistic concurrency arbitrates.

This process only decides: the read models it serves are kept by `projections.LotteryProjections`,
a separate process of the same service, so that a window's burst of events is not projected by the
very process that has to answer the next commands."""
from __future__ import annotations

import logging
from typing import Any

import eventlet
from nameko.rpc import rpc
from nameko.timer import timer

from shared.errors import DomainError, InvalidInput
from shared.identity_documents import RESIDENT_ID, InvalidIdentityDocument, identity_document
from shared.nameko_kit.dependencies import ApplicationProvider, ConsumerProvider, Instrumentation, TablesProvider
from shared.nameko_kit.edge import admit, database_outage_as_unavailable, edge
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from services.lottery.api import requests as schemas
from services.lottery.adapters.bootstrap import LotteryBootstrap
from services.lottery.adapters.in_flight import InFlightGuard
from services.lottery.adapters.consumers import ROOM_CATALOGUE
from services.lottery.adapters.outbound_events import OUTBOUND
from services.lottery.application.app import LotteryApplication, applicant_hash
from services.lottery.api import selection_batch as batch

log = logging.getLogger(__name__)
BUREAU, FAMILY = ("bureau_officer",), ("family",)
# The formal-selection commands of a batch go to the session desk together: (desk command, body schema).
FORMAL = {"enter_selection": ("enter", None), "sync_preselection": ("sync", None),
          "change_cart": ("cart", schemas.CartOperationSchema()), "confirm_room": ("confirm", schemas.ConfirmSchema()),
          "give_up": ("give_up", None)}
READERS = ("bureau_officer", "auditor", "family", "system")


class LotteryService(EventSourcedService):
    name = "lottery"

    app = ApplicationProvider(lambda settings: LotteryApplication(env=settings.event_store))
    publishes = OUTBOUND
    room_catalogue = ConsumerProvider(ROOM_CATALOGUE)  # read here; kept up to date by LotteryProjections
    in_flight = TablesProvider(InFlightGuard, "in_flight")
    cluster = ServiceRpc()
    instrumentation = Instrumentation()
    bootstrap = LotteryBootstrap(guard="in_flight")  # the desk, keeping each family to one request in flight

    # The bureau ---------------------------------------------------------------------------------

    @rpc
    @edge(schemas.OpenRoundSchema(), roles=BUREAU)
    def open_round(self, ctx: Any, body: dict) -> dict[str, Any]:
        return self.app.open_round(ctx, **body)

    @rpc
    @edge(schemas.RegisterFamiliesSchema(), roles=BUREAU)
    def register_families(self, ctx: Any, body: dict, round_id: str) -> dict[str, Any]:
        return self.app.register_families(ctx, round_id, body["families"])

    @rpc
    @edge(schemas.AnnounceDrawSchema(), roles=BUREAU)
    def announce_draw(self, ctx: Any, body: dict, round_id: str) -> dict[str, Any]:
        return self.app.announce_draw(ctx, round_id, body["seed_commitment"])

    @rpc
    @edge(roles=BUREAU)
    def seal_eligible_list(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.seal_eligible_list(ctx, round_id)

    @rpc
    @edge(schemas.PerformDrawSchema(), roles=BUREAU)
    def perform_draw(self, ctx: Any, body: dict, round_id: str) -> dict[str, Any]:
        return self.app.perform_draw(ctx, round_id, body["seed"])

    @rpc
    @edge(schemas.PlanSessionsSchema(), roles=BUREAU)
    def plan_sessions(self, ctx: Any, body: dict, round_id: str) -> dict[str, Any]:
        return self.app.plan_sessions(ctx, round_id, **body)

    # Anyone signed in -----------------------------------------------------------------------------

    @rpc
    @edge(roles=READERS)
    def get_round(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.round_view(round_id)

    @rpc
    @edge(roles=READERS)
    def get_draw(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.published_draw(round_id)

    @rpc
    @edge(roles=READERS)
    def verify_draw(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.verify_draw(round_id)

    @rpc
    @edge(schemas.RoomSearchSchema(), roles=READERS)
    def search_rooms(self, ctx: Any, body: dict, round_id: str) -> dict[str, Any]:
        view = self.room_catalogue.view
        return {"rooms": view.search(round_id, body["building"], body["layout"], body["orientation"],
                                     body["available"], body["limit"], body["offset"])}

    @rpc
    @edge(roles=READERS)
    def session_statistics(self, ctx: Any, session_id: str) -> dict[str, Any]:
        return self.app.session_statistics(session_id)

    # Families -----------------------------------------------------------------------------------

    @rpc
    @database_outage_as_unavailable
    def family_for_applicant(self, round_id: str, id_number: str, id_type: str = RESIDENT_ID) -> str:
        """Used by the gateway when a family signs in through the unified identity platform."""
        return self.app.family_for_applicant(round_id, applicant_hash(self._document(id_number, id_type)))

    @staticmethod
    def _document(id_number: str, id_type: str) -> Any:
        try:
            return identity_document(id_number, id_type)
        except InvalidIdentityDocument as exc:
            raise InvalidInput(str(exc), code="invalid_identity_document", details={"reason": exc.reason}) from None

    @rpc
    @database_outage_as_unavailable
    def rounds_for_applicant(self, id_number: str, id_type: str = RESIDENT_ID) -> list[dict[str, str]]:
        """Used by the gateway when a family signs in without naming its round."""
        return self.app.rounds_for_applicant(applicant_hash(self._document(id_number, id_type)))

    @rpc
    @edge(roles=FAMILY)
    def my_selection(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.my_selection(ctx, round_id)

    @rpc
    @edge(schemas.CartOperationSchema(), roles=FAMILY)
    def preselect(self, ctx: Any, body: dict, round_id: str) -> dict[str, Any]:
        with self.in_flight.hold(ctx.actor_id):
            return self.app.preselect(ctx, round_id, body["operation"], body["room_id"])

    @rpc
    @edge(roles=FAMILY)
    def enter_selection(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.formal(ctx, round_id, "enter", {})

    @rpc
    @edge(roles=FAMILY)
    def sync_preselection(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.formal(ctx, round_id, "sync", {})

    @rpc
    @edge(schemas.CartOperationSchema(), roles=FAMILY)
    def change_cart(self, ctx: Any, body: dict, round_id: str) -> dict[str, Any]:
        return self.app.formal(ctx, round_id, "cart", body)

    @rpc
    @edge(schemas.ConfirmSchema(), roles=FAMILY)
    def confirm_room(self, ctx: Any, body: dict, round_id: str) -> dict[str, Any]:
        return self.app.formal(ctx, round_id, "confirm", body)

    @rpc
    @edge(roles=FAMILY)
    def give_up(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.formal(ctx, round_id, "give_up", {})

    @rpc
    @edge(roles=FAMILY)
    def apply_supplementary(self, ctx: Any, round_id: str) -> dict[str, Any]:
        return self.app.apply_supplementary(ctx, round_id)

    @rpc
    def selection_batch(self, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Selection commands gathered by a door (`services.lottery.api.selection_batch`); each is validated,
        authorised and answered as if it had come alone. The formal-selection commands are admitted one
        after another and handed to the desk together (one wait, not a thread each); the others
        (pre-selection, supplementary applications) run concurrently."""
        commands = batch.commands_of(commands)
        answers: list[dict[str, Any] | None] = [None] * len(commands)
        at_desk: list[tuple[int, Any]] = []
        others = eventlet.GreenPool(max(len(commands), 1))
        running = []
        for index, command in enumerate(commands):
            if batch.rpc_of(command) in FORMAL:
                answers[index] = batch.answered(lambda: at_desk.append((index, self._desk_request(command))))
            else:
                running.append((index, others.spawn(batch.answered, lambda c=command: self._one_of_batch(c))))
        if at_desk:
            self.app.desk.submit_many([request for _, request in at_desk])
            for index, request in at_desk:
                answers[index] = batch.answer({"result": request.result}, request.error)
        for index, thread in running:
            answers[index] = thread.wait()
        refused = sum(1 for answer in answers if answer and "error" in answer)
        log.info("selection batch of %d: %d refused", len(commands), refused)
        return answers

    def _desk_request(self, command: Any) -> Any:
        rpc, ctx, kwargs = batch.decoded(command)
        desk_command, body_schema = FORMAL[rpc]
        ctx, body = admit(ctx, kwargs.get("body"), body_schema, FAMILY)
        return self.app.formal_request(ctx, kwargs["round_id"], desk_command, body or {})

    def _one_of_batch(self, command: Any) -> dict[str, Any]:
        rpc, ctx, kwargs = batch.decoded(command)
        return batch.answer(getattr(self, rpc)(ctx, **kwargs))

    # The clock ---------------------------------------------------------------------------------------

    @timer(interval=0.25)
    def run_windows(self) -> None:
        """Open sessions whose formal window has started and close those whose window has ended (the rounds
        come from the lottery's own log, never from the catalogue, which may lag or stall)."""
        for round_id in self.app.rounds_with_windows():
            try:
                for session_id, action in self.app.sessions_due(round_id):
                    if action == "open":
                        self.app.open_session(round_id, session_id)
                    else:
                        self.app.close_session(session_id)
            except DomainError as exc:
                log.info("window step skipped (%s): another instance probably did it", exc.code)
