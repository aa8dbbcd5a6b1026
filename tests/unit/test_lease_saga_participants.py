"""The lease saga's participants (guide 004, R004.11–R004.15; issue 11, item 5), each driven through its real
consumer declaration: `IdempotentConsumer(memory view, DECLARATION, DECLARATION.policy(process, view))`, where
`process` holds a real in-memory application and fake external parties, fed the envelopes the producing
application's own relay and catch-up RPC publish (shared.log_reader over a real in-memory application).

For each participant: every step has its effect; a duplicate changes nothing, and neither does the same event
handled again after a crash between its effect and the commit of the consumer's position (the application is
idempotent, not only the consumer); every compensation is safe when the step it undoes never happened; an
event version the declaration does not read is quarantined, not applied."""
from __future__ import annotations

import inspect
import re
from datetime import timedelta
from types import SimpleNamespace
from typing import Any, Callable, Mapping

import pytest

from shared.consumer import APPLIED, DUPLICATE, QUARANTINED, IdempotentConsumer
from shared.consumer_declaration import ConsumerDeclaration
from shared.context import SYSTEM, CommandContext
from services.contracts.adapters.consumers import (LEASE_ALLOCATIONS, LEASE_LIST, LEASE_NOTIFICATIONS,
                                                   LEASE_PAYMENTS)
from services.contracts.adapters.outbound_events import OUTBOUND as CONTRACTS_EVENTS
from services.contracts.application import lease_policies
from services.contracts.application.app import ContractsApplication
from services.contracts.domain.lease import lease_id
from services.escrow.adapters.consumers import LEASE_ACCOUNTS
from services.escrow.adapters.outbound_events import OUTBOUND as ESCROW_EVENTS
from services.escrow.application import lease_saga
from services.escrow.application.app import EscrowApplication
from services.escrow.domain.deposit import deposit_id
from services.escrow.domain.mandate import mandate_id
from services.lottery.adapters.consumers import LEASE_OUTCOMES
from services.lottery.adapters.outbound_events import OUTBOUND as LOTTERY_EVENTS
from services.lottery.application import lease_outcomes
from services.lottery.domain.session import SelectionSession
from tests.unit.consumer_support import MemoryView, PublishedLog
from tests.unit.lease_support import FAMILY, ROOM, ROUND, TERMS, FakeProviders, opened, walk
from tests.unit.test_escrow import GOOD, PNG, FakeBank
from tests.unit.test_selection import fixed, formal, members, open_first_session, world  # noqa: F401 (fixture)

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
OFFICER = CommandContext(actor_id="officer-1", role="bureau_officer")
PAST_DEADLINE = timedelta(hours=73)  # every lease's signing deadline is 72 hours after it opened


# In-memory views with the Postgres views' semantics ------------------------------------------------------


class MemoryAllocationsView(MemoryView):
    """services.contracts.adapters.lease_views.PostgresAllocationsView in memory."""

    def round_opened(self, tx: Any, round_id: str, name: str, terms: Mapping[str, Any],
                     rooms: Mapping[str, Mapping[str, Any]]) -> None:
        self.rows.setdefault("rounds", {}).setdefault(round_id, {"name": name, "terms": dict(terms)})
        for room_id, room in rooms.items():
            self.rows.setdefault("rooms", {}).setdefault((round_id, room_id), dict(room))

    def session_planned(self, tx: Any, session_id: str, round_id: str) -> None:
        self.rows.setdefault("sessions", {}).setdefault(session_id, round_id)

    def allocation(self, tx: Any, session_id: str, room_id: str) -> dict[str, Any] | None:
        round_id = self.rows.get("sessions", {}).get(session_id)
        room = self.rows.get("rooms", {}).get((round_id, room_id))
        if room is None:
            return None
        return {"round_id": round_id, **self.rows["rounds"][round_id], "room": room}


class MemoryLeaseRows(MemoryView):
    """A lease table keyed by lease id (contracts' lease list, escrow's lease accounts): a repeated opening
    keeps the first row, a state change of an unknown lease changes nothing."""

    def __init__(self, name: str, first_state: str) -> None:
        super().__init__(name)
        self.first_state = first_state

    def opened(self, tx: Any, row: Mapping[str, Any]) -> None:
        self.rows.setdefault(row["lease_id"], {**row, "state": self.first_state})

    def set_state(self, tx: Any, lease_id: str, state: str, submitted_at: str | None = None) -> None:
        if lease_id in self.rows:
            self.rows[lease_id]["state"] = state
            if submitted_at is not None:
                self.rows[lease_id]["submitted_at"] = submitted_at


def participant(declaration: ConsumerDeclaration, view: MemoryView, app: Any, **ports: Any) -> IdempotentConsumer:
    """The consumer as its service binds it: the policy built by the declaration's own factory."""
    process = SimpleNamespace(app=app, **ports)
    return IdempotentConsumer(view, declaration, declaration.policy(process, view))


def taken_once(consumer: IdempotentConsumer, log: PublishedLog, envelope: Mapping[str, Any],
               effects: Callable[[], Any]) -> None:
    """Deliver `envelope` (after everything before it in its source's log) three times: once lost before the
    consumer's transaction committed (the effect taken, the view's rows and position not), once again as the
    broker redelivers it (the handler runs again), once more as a duplicate. `effects()`, what the handler changes
    outside the consumer's own transaction (applications, external parties), must not change after the first."""
    consumer.catch_up(envelope["source"], log.fetch, upto=envelope["position"] - 1)
    with consumer.view.commit_lost():
        assert consumer.handle(envelope, log.fetch) == APPLIED
    once = effects()
    assert consumer.handle(envelope, log.fetch) == APPLIED  # redelivered: the position had not moved
    assert effects() == once
    assert consumer.handle(envelope, log.fetch) == DUPLICATE
    assert effects() == once


def stored(app: Any) -> int:
    """How many events the application has stored: any new effect is one more."""
    return app.recorder.max_notification_id() or 0


def event_names(app: Any, aggregate_id: Any) -> list[str]:
    return [type(event).__name__ for event in app.events.get(aggregate_id)]


@pytest.fixture
def contracts():
    return ContractsApplication(env=MEMORY)


@pytest.fixture
def escrow():
    return EscrowApplication(env=MEMORY)


@pytest.fixture
def fakes():
    return FakeProviders()


@pytest.fixture
def bank():
    return FakeBank()


@pytest.fixture
def selection(fixed):
    """A lottery round whose first session has closed: the best-ranked family confirmed a room, the second was
    assigned its cart room at window end, the third got none."""
    app, round_id, selection_round, rooms = world()
    (first, second, third), _ = members(selection_round)
    session_id = open_first_session(app, round_id, fixed)
    formal(app, round_id, first, "enter", "e1")
    formal(app, round_id, first, "cart", "c1", operation="add", room_id=rooms[0])
    formal(app, round_id, first, "confirm", "k1", room_id=rooms[0])
    formal(app, round_id, second, "enter", "e2")
    formal(app, round_id, second, "cart", "c2", operation="add", room_id=rooms[1])
    fixed.advance(timedelta(minutes=2))
    app.close_session(session_id)
    yield SimpleNamespace(app=app, round_id=round_id, session_id=session_id, rooms=rooms, first=first,
                          second=second, third=third, log=PublishedLog(app, LOTTERY_EVENTS))
    app.close()


def session(selection: SimpleNamespace) -> SelectionSession:
    return selection.app.get(selection.session_id, SelectionSession, "session")


# contracts: lease_allocations (lottery → contracts) -------------------------------------------------------


def allocations(contracts: ContractsApplication) -> IdempotentConsumer:
    return participant(LEASE_ALLOCATIONS, MemoryAllocationsView("lease_allocations"), contracts)


def test_R004_11_a_confirmed_room_opens_the_familys_lease_on_the_rounds_terms(selection, contracts):
    consumer = allocations(contracts)
    published = selection.log.published()
    assert [e["type"] for e in published] == ["RoundOpened", "SessionPlanned", "SessionPlanned", "RoomConfirmed",
                                              "WindowClosed"]
    assert [consumer.handle(e, selection.log.fetch) for e in published[:-1]] == [APPLIED] * 4
    lease = contracts.get_lease(SYSTEM, str(lease_id(selection.round_id, selection.first)))
    assert (lease["state"], lease["room_id"], lease["round_name"]) == ("opened", selection.rooms[0], "测试批次")
    assert lease["room"]["area_sqm"] == "55.00" and (lease["monthly_rent"], lease["deposit"]) == ("1650.00", "3300.00")
    assert contracts.find(lease_id(selection.round_id, selection.second)) is None  # not before the window closed


def test_R004_11_a_room_assigned_at_window_end_opens_the_familys_lease(selection, contracts):
    consumer = allocations(contracts)
    assert consumer.catch_up("lottery", selection.log.fetch) == 5
    lease = contracts.get_lease(SYSTEM, str(lease_id(selection.round_id, selection.second)))
    assert (lease["state"], lease["room_id"]) == ("opened", selection.rooms[1])
    assert contracts.find(lease_id(selection.round_id, selection.third)) is None  # no room, no lease


@pytest.mark.parametrize("step", ["RoomConfirmed", "WindowClosed"])
def test_R004_11_a_redelivered_allocation_opens_no_second_lease(selection, contracts, step):
    consumer = allocations(contracts)
    taken_once(consumer, selection.log, selection.log.last(step), lambda: stored(contracts))
    family = selection.first if step == "RoomConfirmed" else selection.second
    assert event_names(contracts, lease_id(selection.round_id, family)) == ["LeaseOpened"]


# contracts: lease_payments (escrow → contracts) ------------------------------------------------------------


def payments(contracts: ContractsApplication) -> IdempotentConsumer:
    return participant(LEASE_PAYMENTS, MemoryView("lease_payments"), contracts)


def account(lease: str) -> dict[str, Any]:
    """The lease as escrow's lease accounts know it (from LeaseOpened)."""
    return {"lease_id": lease, "family_id": FAMILY, "round_id": ROUND, "deposit": "3924.00", "state": "open"}


def bank_answers_mandate(escrow: EscrowApplication, bank: FakeBank, lease: str, card: str,
                         answer: dict[str, Any]) -> None:
    """The family asks for the mandate in escrow; the bank calls back with `answer` (its type and extras)."""
    escrow.request_mandate(CommandContext(actor_id=FAMILY, role="family"), account(lease), lease,
                           account_holder="张三", card_number=card, card_front=PNG, card_back=PNG, bank=bank,
                           callback_url="http://cb")
    mandate = escrow.repository.get(mandate_id(lease))
    escrow.bank_reported(SYSTEM, {"merchant_ref": mandate.merchant_ref, "mandate_ref": mandate.mandate_ref,
                                  **answer}, bank, "http://cb")


def bank_pays(escrow: EscrowApplication, bank: FakeBank, lease: str) -> None:
    deposit = escrow.repository.get(deposit_id(lease))
    escrow.bank_reported(SYSTEM, {"type": "payment.succeeded", "merchant_ref": str(deposit.id),
                                  "payment_ref": deposit.payment_ref}, bank, "http://cb")


def test_R004_12_an_activated_mandate_is_recorded_on_the_lease_once(fixed, contracts, escrow, fakes, bank):
    lease = walk(contracts, fakes, "phone")
    bank_answers_mandate(escrow, bank, lease, GOOD, {"type": "mandate.activated"})
    log = PublishedLog(escrow, ESCROW_EVENTS)
    taken_once(payments(contracts), log, log.last("MandateActivated"), lambda: stored(contracts))
    view = contracts.get_lease(OFFICER, lease)
    assert view["mandate"] == {"mandate_ref": escrow.repository.get(mandate_id(lease)).mandate_ref,
                               "card_masked": "**** **** **** 3446"}
    assert view["next_step"] == "face_verification"


def test_R004_12_each_refused_mandate_request_is_shown_to_the_family_once(fixed, contracts, escrow, fakes, bank):
    lease = walk(contracts, fakes, "phone")
    refused = {"type": "mandate.refused", "reason": "invalid_card_number"}
    bank_answers_mandate(escrow, bank, lease, "6222020200112233440", refused)
    log = PublishedLog(escrow, ESCROW_EVENTS)
    consumer = payments(contracts)
    taken_once(consumer, log, log.last("MandateRefused"), lambda: stored(contracts))
    view = contracts.get_lease(OFFICER, lease)
    assert (view["mandate_refusal"], view["mandate"], view["next_step"]) == ("invalid_card_number", None,
                                                                              "bank_mandate")
    bank_answers_mandate(escrow, bank, lease, "6222020200112233441", refused)  # another card, refused too
    taken_once(consumer, log, log.last("MandateRefused"), lambda: stored(contracts))
    assert event_names(contracts, lease_id(ROUND, FAMILY)).count("MandateRefused") == 2


def test_R004_15_a_paid_deposit_submits_the_lease_for_review_once(fixed, contracts, escrow, fakes, bank):
    lease = walk(contracts, fakes, "signed")
    escrow.open_deposit(SYSTEM, lease, "3924.00", bank, "http://cb")
    bank_pays(escrow, bank, lease)
    log = PublishedLog(escrow, ESCROW_EVENTS)
    consumer = payments(contracts)
    taken_once(consumer, log, log.last("DepositRequested"), lambda: stored(contracts))
    assert contracts.get_lease(OFFICER, lease)["deposit_order"]["pay_url"].startswith("https://bank/pay/")
    taken_once(consumer, log, log.last("DepositPaid"), lambda: stored(contracts))
    view = contracts.get_lease(OFFICER, lease)
    assert (view["state"], view["next_step"]) == ("submitted", "await_review")
    assert event_names(contracts, lease_id(ROUND, FAMILY)).count("LeaseSubmitted") == 1


def test_a_refund_of_a_deposit_paid_after_the_lease_lapsed_is_recorded_without_submitting_it(
        fixed, contracts, escrow, fakes, bank):
    """The compensation's step never happened in contracts: the deposit was paid only after the lease lapsed
    (escrow refunds such a payment when it lands). The payment must not submit the lapsed lease; the refund is
    recorded once and changes nothing else."""
    lease = walk(contracts, fakes, "signed")
    escrow.open_deposit(SYSTEM, lease, "3924.00", bank, "http://cb")
    fixed.advance(PAST_DEADLINE)
    assert contracts.lapse_lease(SYSTEM, lease) is True
    escrow.compensate_cancelled_lease(SYSTEM, lease, bank, "http://cb", FAMILY)
    bank_pays(escrow, bank, lease)
    deposit = escrow.repository.get(deposit_id(lease))
    escrow.bank_reported(SYSTEM, {"type": "refund.succeeded", "merchant_ref": deposit.refund_merchant_ref,
                                  "refund_ref": deposit.refund_ref}, bank, "http://cb")
    log = PublishedLog(escrow, ESCROW_EVENTS)
    consumer = payments(contracts)
    taken_once(consumer, log, log.last("DepositPaid"), lambda: stored(contracts))
    taken_once(consumer, log, log.last("DepositRefunded"), lambda: stored(contracts))
    view = contracts.get_lease(OFFICER, lease)
    assert (view["state"], view["deposit_paid"]) == ("lapsed", None)
    assert view["refund"] == {"refund_ref": deposit.refund_ref, "amount": "3924.00"}
    names = event_names(contracts, lease_id(ROUND, FAMILY))
    assert names[-2:] == ["LeaseCancelled", "DepositRefunded"] and "LeaseSubmitted" not in names


# contracts: lease_notifications (contracts → contracts) ----------------------------------------------------


def test_R004_15_an_approved_lease_sends_one_sms(fixed, contracts, fakes):
    lease = walk(contracts, fakes, "submitted")
    contracts.approve_lease(OFFICER, lease)
    log = PublishedLog(contracts, CONTRACTS_EVENTS)
    consumer = participant(LEASE_NOTIFICATIONS, MemoryView("lease_notifications"), contracts, sms=fakes)
    taken_once(consumer, log, log.last("LeaseApproved"), lambda: (stored(contracts), list(fakes.calls)))
    sms = [kw for kind, kw in fakes.calls if kind == "sms"]
    assert sms == [{"client_ref": f"{lease}/approved", "phone": "13800138000", "template": "lease_approved",
                    "params": {"room": "3栋1203"}}]
    assert contracts.get_lease(OFFICER, lease)["notified"] is True


# contracts: lease_list (contracts → contracts, a projection beside the saga) -------------------------------


def test_the_lease_list_follows_each_lease_to_approval_or_lapse(fixed, contracts, fakes):
    approved = walk(contracts, fakes, "submitted")
    contracts.approve_lease(OFFICER, approved)
    lapsed = opened(contracts, family_id="F0008")
    fixed.advance(PAST_DEADLINE)
    contracts.lapse_lease(SYSTEM, lapsed)
    log = PublishedLog(contracts, CONTRACTS_EVENTS)
    view = MemoryLeaseRows("lease_list", "opened")
    consumer = participant(LEASE_LIST, view, contracts)
    taken_once(consumer, log, log.last("LeaseCancelled"), lambda: stored(contracts))
    submitted = log.last("LeaseSubmitted")["occurred_at"]
    assert view.rows[approved] == {"lease_id": approved, "round_id": ROUND, "family_id": FAMILY,
                                   "room_label": "3栋 1203", "monthly_rent": "1962.00", "state": "approved",
                                   "sign_by": log.published("LeaseOpened")[0]["payload"]["sign_by"],
                                   "submitted_at": submitted}
    assert view.rows[lapsed]["state"] == "lapsed" and "submitted_at" not in view.rows[lapsed]


# escrow: lease_accounts (contracts → escrow) -------------------------------------------------------------


def accounts(escrow: EscrowApplication, bank: FakeBank) -> IdempotentConsumer:
    view = MemoryLeaseRows("lease_accounts", "open")
    return participant(LEASE_ACCOUNTS, view, escrow, bank=bank, callback_url="http://escrow/cb")


def test_R004_11_an_opened_lease_is_known_to_escrow_with_its_family_and_deposit(fixed, contracts, escrow, bank):
    lease = opened(contracts)
    log = PublishedLog(contracts, CONTRACTS_EVENTS)
    consumer = accounts(escrow, bank)
    taken_once(consumer, log, log.last("LeaseOpened"), lambda: (stored(escrow), list(bank.requests)))
    assert consumer.view.rows[lease] == {"lease_id": lease, "family_id": FAMILY, "round_id": ROUND,
                                         "deposit": "3924.00", "state": "open"}
    assert bank.requests == []


def test_R004_15_a_signed_lease_opens_one_deposit_order_at_the_bank(fixed, contracts, escrow, fakes, bank):
    lease = walk(contracts, fakes, "signed")
    log = PublishedLog(contracts, CONTRACTS_EVENTS)
    consumer = accounts(escrow, bank)
    taken_once(consumer, log, log.last("LeaseSigned"), lambda: (stored(escrow), list(bank.requests)))
    assert bank.requests == [("payment", str(deposit_id(lease)))]
    deposit = escrow.repository.get(deposit_id(lease))
    assert (deposit.amount, deposit.state) == ("3924.00", "requested")
    assert consumer.view.rows[lease]["state"] == "signed"


def test_a_lease_cancelled_before_any_mandate_or_deposit_asks_the_bank_nothing(fixed, contracts, escrow, fakes,
                                                                               bank):
    lease = walk(contracts, fakes, "phone")
    fixed.advance(PAST_DEADLINE)
    contracts.lapse_lease(SYSTEM, lease)
    log = PublishedLog(contracts, CONTRACTS_EVENTS)
    consumer = accounts(escrow, bank)
    taken_once(consumer, log, log.last("LeaseCancelled"), lambda: (stored(escrow), list(bank.requests)))
    assert bank.requests == [] and escrow.find(deposit_id(lease)) is None
    # Only a cancelled mandate is recorded, so that a request racing with the cancellation cannot set one up.
    mandate = escrow.repository.get(mandate_id(lease))
    assert (mandate.state, mandate.mandate_ref) == ("cancelled", None)
    assert event_names(escrow, mandate_id(lease)) == ["MandateOpened", "MandateCancelled"]
    assert consumer.view.rows[lease]["state"] == "cancelled"


def test_a_rejected_lease_has_its_deposit_refunded_and_its_mandate_cancelled_once(fixed, contracts, escrow, fakes,
                                                                                   bank):
    lease = walk(contracts, fakes, "submitted")
    bank_answers_mandate(escrow, bank, lease, GOOD, {"type": "mandate.activated"})
    log = PublishedLog(contracts, CONTRACTS_EVENTS)
    consumer = accounts(escrow, bank)
    consumer.catch_up("contracts", log.fetch)
    bank_pays(escrow, bank, lease)
    contracts.reject_lease(OFFICER, lease, ["银行卡户名与主申请人不一致"])
    taken_once(consumer, log, log.last("LeaseCancelled"), lambda: (stored(escrow), list(bank.requests)))
    mandate_ref = escrow.repository.get(mandate_id(lease)).mandate_ref
    deposit = escrow.repository.get(deposit_id(lease))
    assert [kind for kind, _ in bank.requests] == ["mandate", "payment", "cancel", "refund"]
    assert ("cancel", mandate_ref) in bank.requests and deposit.state == "refund_requested"
    assert escrow.repository.get(mandate_id(lease)).state == "cancelled"


def test_an_event_version_the_declaration_does_not_read_is_quarantined_and_holds_its_lease(
        fixed, contracts, escrow, fakes, bank):
    lease = walk(contracts, fakes, "signed")
    fixed.advance(PAST_DEADLINE)
    contracts.lapse_lease(SYSTEM, lease)
    log = PublishedLog(contracts, CONTRACTS_EVENTS)
    consumer = accounts(escrow, bank)
    signed, cancelled = log.last("LeaseSigned"), log.last("LeaseCancelled")
    consumer.catch_up("contracts", log.fetch, upto=signed["position"] - 1)
    assert consumer.handle({**signed, "schema_version": 2}, log.fetch) == QUARANTINED
    assert consumer.handle(cancelled, log.fetch) == QUARANTINED  # held behind it, not compensated out of order
    assert bank.requests == [] and stored(escrow) == 0
    assert consumer.view.rows[lease]["state"] == "open"
    assert [(r["event_type"], r["error_class"]) for r in consumer.view.quarantined()] == [
        ("LeaseSigned", "UnreadableEvent"), ("LeaseCancelled", "PoisonedAggregate")]
    assert consumer.view.position("contracts") == cancelled["position"]


# lottery: lease_outcomes (contracts → lottery) -----------------------------------------------------------


def leases_of(selection: SimpleNamespace, contracts: ContractsApplication) -> PublishedLog:
    """Contracts opens the round's leases from the lottery's events (its own participant, as in production)."""
    allocations(contracts).catch_up("lottery", selection.log.fetch)
    return PublishedLog(contracts, CONTRACTS_EVENTS)


def outcomes(selection: SimpleNamespace) -> IdempotentConsumer:
    return participant(LEASE_OUTCOMES, MemoryView("lease_outcomes"), selection.app)


def test_a_lapsed_lease_releases_the_familys_room_once(fixed, selection, contracts):
    log = leases_of(selection, contracts)
    fixed.advance(PAST_DEADLINE)
    assert contracts.lapse_lease(SYSTEM, str(lease_id(selection.round_id, selection.first))) is True
    taken_once(outcomes(selection), log, log.last("LeaseCancelled"), lambda: stored(selection.app))
    released = selection.log.last("AllocationReleased")
    assert released["payload"] == {"family_id": selection.first, "room_id": selection.rooms[0],
                                   "reason": "lease_lapsed"}
    after = session(selection)
    assert selection.first not in after.allocated and selection.rooms[0] not in after.taken
    assert after.allocated == {selection.second: selection.rooms[1]}  # the other family keeps its room


def test_a_lease_cancelled_when_its_allocation_was_already_released_or_never_held_releases_nothing(
        fixed, selection, contracts):
    log = leases_of(selection, contracts)
    # Released already (by another path): the session no longer holds the room for the family.
    selection.app.release_allocation(SYSTEM, selection.round_id, selection.first, selection.rooms[0],
                                     "lease_rejected")
    # Never held: a lease for a family the lottery gave no room (opened as the policy would, for this test).
    contracts.open_lease(SYSTEM, round_id=selection.round_id, round_name="测试批次", family_id=selection.third,
                         room_id=selection.rooms[2], room=ROOM, terms=TERMS)
    fixed.advance(PAST_DEADLINE)
    for family in (selection.first, selection.third):
        contracts.lapse_lease(SYSTEM, str(lease_id(selection.round_id, family)))
    consumer, before = outcomes(selection), stored(selection.app)
    consumer.catch_up("contracts", log.fetch)
    assert len(log.published("LeaseCancelled")) == 2 and consumer.view.quarantined() == []
    assert consumer.view.position("contracts") == log.last("LeaseCancelled")["position"]
    assert stored(selection.app) == before
    assert session(selection).allocated == {selection.second: selection.rooms[1]}


# Each participant's table (its policy module's docstring) is what its declaration reads --------------------

TABLE_ROW = re.compile(r"^\|\s*(?:(\w+) )?(\w+)\s*\|.*\|\s*(step|compensation|projection)\s*\|$", re.M)


@pytest.mark.parametrize("module, declarations, source", [
    (lease_policies, (LEASE_ALLOCATIONS, LEASE_PAYMENTS, LEASE_NOTIFICATIONS), None),
    (lease_saga, (LEASE_ACCOUNTS,), "contracts"),
    (lease_outcomes, (LEASE_OUTCOMES,), "contracts"),
], ids=["contracts", "escrow", "lottery"])
def test_each_participants_table_is_what_its_declarations_read(module, declarations, source):
    documented = {(row_source or source, event, kind)
                  for row_source, event, kind in TABLE_ROW.findall(inspect.getdoc(module))}
    declared = {(read.source, read.type, read.kind) for d in declarations for read in d.reads}
    assert documented and documented == declared
