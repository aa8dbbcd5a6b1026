"""The simulated real-estate register's transfers: `/realestate/sim/transfers` moves a property's transfer to
accepted or registered and the register reports it as a signed webhook (Standard Webhooks layout), redelivered
with the same message id."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from shared.errors import Unauthenticated
from shared.webhooks import verify
from tests.unit.test_provider_simulator import SECRETS, phone, wait_for
from tests.unit.test_provider_simulator import sim  # noqa: F401 (a fixture)

OWNERS = [{"name": "梁小红", "id_type": "resident_id", "id_number": "442000198805050021", "share": "100%"}]


class WebhookReceiver:
    def __init__(self) -> None:
        self.deliveries: list[tuple[str, dict]] = []
        self.refused: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    receiver.deliveries.append((verify(SECRETS["realestate"], self.headers, body), json.loads(body)))
                    self.send_response(204)
                except Unauthenticated as error:
                    receiver.refused.append(error.code)
                    self.send_response(401)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1/callbacks/real-estate-registry"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    assert receiver.refused == []
    receiver.server.shutdown()
    receiver.server.server_close()


def test_a_test_registers_a_property_of_its_own_and_verifies_it_by_certificate(sim) -> None:
    status, record = phone("POST", f"{sim.url}/realestate/sim/properties", {"owners": OWNERS})
    assert status == 201 and record["property_id"].startswith("ZS-") and len(record["unit_number"]) == 28
    assert sim.app.parties["realestate"].register.find({
        "certificate_number": record["certificate_number"], "owner_name": "梁小红",
        "owner_id_number": "442000198805050021"})["outcome"] == "found"
    assert phone("POST", f"{sim.url}/realestate/sim/properties", {"owners": [{"name": "x"}]})[0] == 400


def test_transfers_are_reported_as_signed_webhooks_once_accepted_then_registered(sim, receiver) -> None:
    transfer = {"property_id": "ZS-0002", "filing_number": "CLBA2026000009", "callback_url": receiver.url}
    assert phone("POST", f"{sim.url}/realestate/sim/transfers", {**transfer, "status": "registered"})[1][
        "code"] == "transfer_not_accepted"
    status, accepted = phone("POST", f"{sim.url}/realestate/sim/transfers", {**transfer, "status": "accepted"})
    assert status == 202 and accepted["transfer_status"] == "in_transfer"
    assert phone("POST", f"{sim.url}/realestate/sim/transfers", {**transfer, "status": "accepted"})[1][
        "code"] == "transfer_under_way"
    wait_for(lambda: receiver.deliveries)
    message_id, body = receiver.deliveries[0]
    assert message_id == accepted["event_id"]
    assert {k: body[k] for k in ("type", "property_id", "filing_number")} == {
        "type": "transfer.accepted", "property_id": "ZS-0002", "filing_number": "CLBA2026000009"}
    phone("POST", f"{sim.url}/realestate/sim/callbacks/{message_id}/redeliver")
    wait_for(lambda: len(receiver.deliveries) == 2)
    assert receiver.deliveries[1] == receiver.deliveries[0]
    status, registered = phone("POST", f"{sim.url}/realestate/sim/transfers", {**transfer, "status": "registered"})
    assert status == 202 and registered["transfer_status"] == "registered"
    wait_for(lambda: len(receiver.deliveries) == 3)
    assert receiver.deliveries[2][1]["type"] == "transfer.registered"


def test_a_transfer_of_an_unknown_property_is_refused(sim) -> None:
    status, answer = phone("POST", f"{sim.url}/realestate/sim/transfers", {
        "property_id": "ZS-9999", "filing_number": "CLBA2026000001", "status": "accepted",
        "callback_url": "http://127.0.0.1:9/x"})
    assert (status, answer["code"]) == (404, "not_found")
