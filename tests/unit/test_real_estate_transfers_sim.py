"""The simulated real-estate register's transfers: `/realestate/sim/transfers` moves a property's transfer to
accepted or registered and the register reports it as a signed webhook (Standard Webhooks layout), redelivered
with the same message id."""
from __future__ import annotations

import json
from typing import Any, Iterator

import pytest

from shared.errors import Unauthenticated
from shared.webhooks import verify
from tests.unit.test_provider_simulator import SECRETS, Receiver, phone
from tests.unit.test_provider_simulator import sim  # noqa: F401 (a fixture)

OWNERS = [{"name": "梁小红", "id_type": "resident_id", "id_number": "442000198805050021", "share": "100%"}]


class WebhookReceiver(Receiver):
    """The provider tests' receiver, checking the Standard Webhooks layout the register signs with."""

    def receive(self, path: str, headers: Any, body: bytes) -> int:
        with self.lock:
            try:
                message_id = verify(SECRETS["realestate"], headers, body)
            except Unauthenticated as error:
                self.rejected.append(error.code)
                return 401
            self.events.append({**json.loads(body), "webhook_id": message_id})
            return 204


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    assert receiver.rejected == []
    receiver.close()


def test_a_test_registers_a_property_of_its_own_and_verifies_it_by_certificate(sim) -> None:
    status, record = phone("POST", f"{sim.url}/realestate/sim/properties", {"owners": OWNERS})
    assert status == 201 and record["property_id"].startswith("ZS-") and len(record["unit_number"]) == 28
    assert sim.app.parties["realestate"].register.find({
        "certificate_number": record["certificate_number"], "owner_name": "梁小红",
        "owner_id_number": "442000198805050021"})["outcome"] == "found"
    assert phone("POST", f"{sim.url}/realestate/sim/properties", {"owners": [{"name": "x"}]})[0] == 400


def test_transfers_are_reported_as_signed_webhooks_once_accepted_then_registered(sim, receiver) -> None:
    transfer = {"property_id": "ZS-0002", "filing_number": "CLBA2026000009",
                "callback_url": receiver.url("realestate")}
    assert phone("POST", f"{sim.url}/realestate/sim/transfers", {**transfer, "status": "registered"})[1][
        "code"] == "transfer_not_accepted"
    status, accepted = phone("POST", f"{sim.url}/realestate/sim/transfers", {**transfer, "status": "accepted"})
    assert status == 202 and accepted["transfer_status"] == "in_transfer"
    assert phone("POST", f"{sim.url}/realestate/sim/transfers", {**transfer, "status": "accepted"})[1][
        "code"] == "transfer_under_way"
    [delivered] = receiver.wait("transfer.accepted")
    assert delivered["webhook_id"] == delivered["event_id"] == accepted["event_id"]
    assert {k: delivered[k] for k in ("property_id", "filing_number")} == {
        "property_id": "ZS-0002", "filing_number": "CLBA2026000009"}
    phone("POST", f"{sim.url}/realestate/sim/callbacks/{delivered['event_id']}/redeliver")
    assert receiver.wait("transfer.accepted", 2)[1] == delivered
    status, registered = phone("POST", f"{sim.url}/realestate/sim/transfers", {**transfer, "status": "registered"})
    assert status == 202 and registered["transfer_status"] == "registered"
    assert receiver.wait("transfer.registered")[0]["event_id"] == registered["event_id"]


def test_a_transfer_of_an_unknown_property_is_refused(sim) -> None:
    status, answer = phone("POST", f"{sim.url}/realestate/sim/transfers", {
        "property_id": "ZS-9999", "filing_number": "CLBA2026000001", "status": "accepted",
        "callback_url": "http://127.0.0.1:9/x"})
    assert (status, answer["code"]) == (404, "not_found")
