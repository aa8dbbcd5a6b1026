"""Steps of guide 000 over HTTP, shared by the end-to-end and per-rule integration tests."""
from __future__ import annotations

from typing import Any

from tests.integration.support import Api, eventually
from tests.unit.contract_support import BUYER, buyer_fields, complete_sections


def draft(clerk: Api, room_id: str, buyer: str = "张三") -> dict[str, Any]:
    """Draft once contracts has heard that the room is published, for a buyer named fully (R000.7)."""
    def attempt():
        response = clerk.call("POST", "/api/v1/contracts",
                              {"room_id": room_id, **buyer_fields({**BUYER, "name": buyer})})
        if response.status_code == 409 and response.json()["error"]["code"] == "room_not_available":
            return None
        assert response.status_code == 200, response.text
        return response.json()
    return eventually(attempt, what="contracts knows the published room")


def fill(clerk: Api, contract_id: str) -> dict[str, Any]:
    contract = None
    for section_id, values in complete_sections().items():
        contract = clerk.ok("PUT", f"/api/v1/contracts/{contract_id}/clauses/{section_id}", {"values": values})
    return contract


def formal_printed(clerk: Api, room_id: str) -> dict[str, Any]:
    contract = draft(clerk, room_id)
    fill(clerk, contract["contract_id"])
    clerk.ok("POST", f"/api/v1/contracts/{contract['contract_id']}/preview")
    return clerk.ok("POST", f"/api/v1/contracts/{contract['contract_id']}/formal-print")


def pending_filing(bureau: Api, contract_id: str) -> dict[str, Any]:
    def find():
        filings = bureau.ok("GET", "/api/v1/filings?state=pending")["filings"]
        return next((f for f in filings if f["contract_id"] == contract_id), None)
    return eventually(find, what="the contract in the bureau's review queue")


def contract_state(clerk: Api, contract_id: str) -> str:
    return clerk.ok("GET", f"/api/v1/contracts/{contract_id}")["state"]
