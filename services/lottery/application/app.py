"""Lottery application: rounds, the verifiable draw, sessions, pre-selection, formal selection,
window end and supplementary applications (guide 004)."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from shared import clock
from shared.application import ServiceApplication
from shared.clock import SHANGHAI
from shared.context import CommandContext
from shared.errors import Forbidden, RuleViolation
from shared.identity_documents import RESIDENT_ID, IdentityDocument, identity_document
from services.lottery.application.applicant_rounds import ApplicantRounds
from services.lottery.application.round_plans import RoundPlan, RoundPlans
from services.lottery.application.session_desk import Request, SessionDesk
from services.lottery.application.window_calendar import WindowCalendar
from services.lottery.domain import draw as draws
from services.lottery.domain.draw import Draw
from services.lottery.domain.preselection import PreSelection, preselection_id
from services.lottery.domain.selection_round import SelectionRound, draw_id, room_id, session_id
from services.lottery.domain.session import CLOSED, OPEN, PLANNED, SelectionSession
from services.lottery.domain.supplementary import GRACE_AFTER_LAST_SESSION, SupplementaryApplication

BUREAU = "bureau_officer"


def applicant_hash(document: IdentityDocument) -> str:
    """How a person from the unified identity platform is matched to an application, without the ID: a
    first-generation 15-digit number and its 18-character form are one person."""
    return hashlib.sha256(f"applicant:{document.key}".encode()).hexdigest()


class LotteryApplication(ServiceApplication):
    name = "lottery"
    # Sessions are snapshotted by the desk from its working copies (working_copies.py).
    snapshotting_intervals = {SelectionRound: 5}

    def __init__(self, env: Any = None) -> None:
        super().__init__(env=env)
        self._desk: SessionDesk | None = None
        self.plans = RoundPlans(lambda round_id: self.get(round_id, SelectionRound, "round"))
        self._statuses: dict[str, str] = {}  # the furthest status seen of each session (see sessions_due)
        self.calendar = WindowCalendar(self.recorder)
        self.applicant_rounds = ApplicantRounds(self.recorder, self.mapper)

    def use_desk(self, desk: SessionDesk) -> None:
        """The desk that decides this process's session commands (`desk_setup.start_desk`)."""
        self._desk = desk

    @property
    def desk(self) -> SessionDesk:
        if self._desk is None:
            raise RuntimeError("this process has no session desk: its bootstrap starts one (desk_setup.start_desk)")
        return self._desk

    def plan_of(self, round_id: str) -> RoundPlan:
        return self.plans.of(round_id)

    def close(self) -> None:
        if self._desk is not None:
            self._desk.stop()
        super().close()

    # The bureau: round, families, draw, sessions ------------------------------------------------

    def open_round(self, ctx: CommandContext, *, name: str, rooms: list[dict[str, Any]],
                   preselection_start: datetime, lease_terms: dict[str, Any] | None = None) -> dict[str, Any]:
        round_uuid = uuid.uuid4()
        pool = {room_id(str(round_uuid), r["building"], r["room_number"]): dict(r) for r in rooms}
        if len(pool) != len(rooms):
            raise RuleViolation("a room is listed twice", code="duplicate_room")

        def decide() -> Any:
            selection_round = SelectionRound.open(id=round_uuid, name=name, rooms=pool,
                                                  preselection_start=preselection_start, lease_terms=lease_terms)
            return {"round_id": str(round_uuid), "rooms": len(pool)}, [selection_round]

        return self.execute(ctx, "open_round", decide)

    def register_families(self, ctx: CommandContext, round_id: str, families: list[dict[str, str]]) -> dict[str, Any]:
        """Eligible families (family id and the main applicant's identity document, hashed at once)."""
        selection_round = self.get(round_id, SelectionRound, "round")
        salt = secrets.token_hex(16)
        entries = {f["family_id"]: {"public_id": draws.anonymise(f["family_id"], salt),
                                    "applicant": applicant_hash(identity_document(
                                        f["applicant_id_number"], f.get("applicant_id_type", RESIDENT_ID)))}
                   for f in families}

        def decide() -> Any:
            selection_round.register(entries)
            return {"round_id": round_id, "registered": len(selection_round.families)}, [selection_round]

        return self.execute(ctx, "register_families", decide)

    def announce_draw(self, ctx: CommandContext, round_id: str, seed_commitment: str) -> dict[str, Any]:
        self.get(round_id, SelectionRound, "round")

        def decide() -> Any:
            draw = Draw.announce(id=draw_id(round_id), round_id=round_id, seed_commitment=seed_commitment)
            return draw.published(), [draw]

        return self.execute(ctx, "announce_draw", decide)

    def seal_eligible_list(self, ctx: CommandContext, round_id: str) -> dict[str, Any]:
        selection_round = self.get(round_id, SelectionRound, "round")
        draw = self.get(draw_id(round_id), Draw, "draw")

        def decide() -> Any:
            draw.seal([f["public_id"] for f in selection_round.families.values()])
            return {"list_hash": draw.list_hash, "families": len(draw.public_ids)}, [draw]

        return self.execute(ctx, "seal_eligible_list", decide)

    def perform_draw(self, ctx: CommandContext, round_id: str, seed: str) -> dict[str, Any]:
        draw = self.get(draw_id(round_id), Draw, "draw")

        def decide() -> Any:
            draw.perform(seed)
            return {"draw_id": str(draw.id), "families": len(draw.ranking)}, [draw]

        return self.execute(ctx, "perform_draw", decide)

    def published_draw(self, round_id: str) -> dict[str, Any]:
        return self.get(draw_id(round_id), Draw, "draw").published()

    def verify_draw(self, round_id: str) -> dict[str, Any]:
        return draws.verify(self.published_draw(round_id))

    def plan_sessions(self, ctx: CommandContext, round_id: str, *, session_size: int, first_formal_start: datetime,
                      formal_minutes: float = 2.0, break_minutes: float = 0.0) -> dict[str, Any]:
        """Sessions group families by ranking; formal windows follow one another without overlap."""
        selection_round = self.get(round_id, SelectionRound, "round")
        draw = self.get(draw_id(round_id), Draw, "draw")
        if not draw.ranking:
            raise RuleViolation("perform the draw before planning sessions", code="not_drawn")
        by_public_id = {f["public_id"]: family_id for family_id, f in selection_round.families.items()}
        ranked = [by_public_id[public_id] for public_id in draw.ranking]
        offered = sorted(selection_round.rooms)

        def decide() -> Any:
            sessions, membership, aggregates = [], {}, []
            start = first_formal_start
            for number, first in enumerate(range(0, len(ranked), session_size), start=1):
                group = ranked[first:first + session_size]
                end = start + timedelta(minutes=formal_minutes)
                session = SelectionSession.plan(id=session_id(round_id, number), round_id=round_id, number=number,
                                                ranks={f: first + i + 1 for i, f in enumerate(group)},
                                                offered=offered, formal_start=start, formal_end=end)
                aggregates.append(session)
                sessions.append({"number": number, "session_id": str(session.id), "formal_start": start.isoformat(),
                                 "formal_end": end.isoformat(), "families": len(group),
                                 "first_rank": first + 1, "last_rank": first + len(group)})
                membership.update({family_id: number for family_id in group})
                start = end + timedelta(minutes=break_minutes)
            selection_round.plan(sessions, membership)
            return {"round_id": round_id, "sessions": sessions}, [selection_round, *aggregates]

        return self.execute(ctx, "plan_sessions", decide)

    # Families -------------------------------------------------------------------------------

    def rounds_for_applicant(self, id_hash: str) -> list[dict[str, str]]:
        """The planned rounds a person is the main applicant of, newest first (sign-in without a round)."""
        return self.applicant_rounds.of(id_hash)

    def family_for_applicant(self, round_id: str, id_hash: str) -> str:
        family_id = self.plan_of(round_id).applicants.get(id_hash)
        if family_id is None:
            raise Forbidden("you are not on this round's eligible list", code="not_eligible")
        return family_id

    def my_selection(self, ctx: CommandContext, round_id: str) -> dict[str, Any]:
        family_id = _family(ctx)
        round_plan = self.plan_of(round_id)
        plan = round_plan.session_of(family_id)
        session = self.get(plan["session_id"], SelectionSession, "session")
        pre = self._preselection(round_id, family_id)
        return {"round_id": round_id, "family_id": family_id, "session": session.family_view(family_id),
                "preselection": pre.cart if pre else [],
                "preselection_window": {"opens_at": round_plan.preselection_start.isoformat(),
                                        "closes_at": plan["formal_start"]}}

    def preselect(self, ctx: CommandContext, round_id: str, operation: str, room: str) -> dict[str, Any]:
        """R004.1/R004.3: pre-selection from the round's start until the family's own session starts."""
        family_id = _family(ctx)
        round_plan = self.plan_of(round_id)
        if operation == "add" and room not in round_plan.rooms:
            raise RuleViolation("this room is not offered in this round", code="room_not_offered")
        plan = round_plan.session_of(family_id)

        def decide() -> Any:
            pre = self._preselection(round_id, family_id) or PreSelection.start(
                round_id=round_id, family_id=family_id, opens_at=round_plan.preselection_start,
                closes_at=datetime.fromisoformat(plan["formal_start"]))
            return {"cart": pre.change(operation, room)}, [pre]

        return self.execute(ctx, "preselect", decide)

    def formal(self, ctx: CommandContext, round_id: str, command: str, args: dict[str, Any]) -> dict[str, Any]:
        """A formal-selection command, decided by the session desk with everyone else's."""
        request = self.formal_request(ctx, round_id, command, args)
        self.desk.submit_many([request])
        return {"result": request.outcome()}

    def formal_request(self, ctx: CommandContext, round_id: str, command: str, args: dict[str, Any]) -> Request:
        """A formal-selection command checked and ready for the desk (`desk.submit_many`), not yet decided."""
        family_id = _family(ctx)
        if not ctx.idempotency_key:
            raise RuleViolation("selection commands carry an Idempotency-Key", code="idempotency_key_required")
        plan = self.plan_of(round_id).session_of(family_id)
        if command == "sync":
            pre = self._preselection(round_id, family_id)
            args = {"preselected": pre.cart if pre else []}
        return Request(uuid.UUID(plan["session_id"]), family_id, command, args, ctx.idempotency_key, ctx=ctx)

    def apply_supplementary(self, ctx: CommandContext, round_id: str) -> dict[str, Any]:
        """R004.9: from the end of the family's session until 3 minutes after the day's last formal session."""
        family_id = _family(ctx)
        round_plan = self.plan_of(round_id)
        plan = round_plan.session_of(family_id)
        session = self.get(plan["session_id"], SelectionSession, "session")
        now = clock.now()
        session_end = datetime.fromisoformat(plan["formal_end"])
        last = round_plan.last_ends[session_end.astimezone(SHANGHAI).date()]
        if now < session_end:
            raise RuleViolation("apply after your session has ended", code="session_not_ended")
        if now > last + GRACE_AFTER_LAST_SESSION:
            raise RuleViolation("applications close 3 minutes after the day's last formal session (R004.9)",
                                code="supplementary_closed")
        if family_id in session.gave_up:
            raise RuleViolation("families who gave up cannot apply (R004.9)", code="gave_up")
        if family_id in session.allocated:
            raise RuleViolation("you already have a room", code="already_allocated")
        reason = "missed_session" if family_id not in session.entered else "no_room"

        def decide() -> Any:
            application = SupplementaryApplication.apply_for(round_id=round_id, family_id=family_id, reason=reason)
            return {"round_id": round_id, "reason": reason}, [application]

        return self.execute(ctx, "apply_supplementary", decide)

    # Windows, by the clock ------------------------------------------------------------------------

    def rounds_with_windows(self) -> list[str]:
        """Rounds whose sessions are planned and not all closed, from this service's own log."""
        return self.calendar.rounds_with_windows()

    def sessions_due(self, round_id: str) -> list[tuple[str, str]]:
        """Sessions to open (formal start passed, the previous session closed) or to close (end passed).

        The window timer asks this four times a second. A session's status only moves forward
        (planned, open, closed), so what this process has seen is a safe lower bound: a session seen
        closed is not loaded again, one seen open only once its window has ended. The session itself
        still decides every opening and closing, whichever process asks.
        """
        sessions = self.plan_of(round_id).sessions
        now, due = clock.now(), []
        for index, plan in enumerate(sessions):
            session_id, end = plan["session_id"], datetime.fromisoformat(plan["formal_end"])
            if datetime.fromisoformat(plan["formal_start"]) > now:
                break
            seen = self._statuses.get(session_id)
            if seen == CLOSED or (seen == OPEN and now < end):
                continue
            status = self._status_of(session_id)
            if status == PLANNED:
                previous = sessions[index - 1]["session_id"] if index else None
                if previous is None or self._status_of(previous) == CLOSED:
                    due.append((session_id, "open"))
            elif status == OPEN and now >= end:
                due.append((session_id, "close"))
        return due

    def _status_of(self, session_id: str) -> str:
        if self._statuses.get(session_id) != CLOSED:
            self._statuses[session_id] = self.get(session_id, SelectionSession, "session").status
        return self._statuses[session_id]

    def open_session(self, round_id: str, session: str) -> Any:
        taken_before: list[str] = []
        for plan in self.plan_of(round_id).sessions:
            if plan["session_id"] == session:
                break
            taken_before.extend(self.get(plan["session_id"], SelectionSession, "session").allocated.values())
        return self.desk.submit(uuid.UUID(session), "system", "open", {"taken_before": taken_before},
                                key=f"open/{session}", timeout=30)

    def close_session(self, session: str) -> Any:
        return self.desk.submit(uuid.UUID(session), "system", "close", {}, key=f"close/{session}", timeout=30)

    def release_allocation(self, ctx: CommandContext, round_id: str, family_id: str, room_id: str,
                           reason: str) -> Any:
        """The lease saga's compensation: the family's lease failed, so its room is free again."""
        plan = self.plan_of(round_id).session_of(family_id)
        return self.desk.submit(uuid.UUID(plan["session_id"]), "system", "release",
                                {"family_id": family_id, "room_id": room_id, "reason": reason},
                                key=f"release/{family_id}/{room_id}", timeout=30)

    # Reads ----------------------------------------------------------------------------------------

    def session_statistics(self, session: str) -> dict[str, Any]:
        s = self.get(session, SelectionSession, "session")
        return {"session_id": session, "number": s.number, "status": s.status, **s.statistics()}

    def round_view(self, round_id: str) -> dict[str, Any]:
        r = self.get(round_id, SelectionRound, "round")
        return {"round_id": round_id, "name": r.name, "rooms": len(r.rooms), "families": len(r.families),
                "preselection_start": r.preselection_start.isoformat(), "sessions": r.sessions}

    def rooms_of(self, round_id: str) -> dict[str, dict[str, Any]]:
        return self.get(round_id, SelectionRound, "round").rooms

    def _preselection(self, round_id: str, family_id: str) -> PreSelection | None:
        return self.find(preselection_id(round_id, family_id))


def _family(ctx: CommandContext) -> str:
    if ctx.role != "family" or not ctx.actor_id:
        raise Forbidden("only a family acts in selection", code="role_not_allowed")
    return ctx.actor_id
