"""Demo data of guide 001's contract for `make up`: the demo agent's existing-home contract for a property of the
demo's own in the simulated register (two buyers by shares, escrow at 建设银行 online), submitted and with its
e-signature order open, so that each party's signing link can be opened on a phone at once.

Which contract that is stays in var/demo-existing-home-<profile>.json: a live one is kept as it is on a second
`make up`; once R001.11 has deleted it (end of the next natural day) or it was filed or cancelled, a new one is
prepared."""
from __future__ import annotations

import json
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

from shared.identity_documents import resident_id_number

CONTRACTS = "/api/v1/existing-home-contracts"
LIVE = ("drafted", "submitted", "signature_order_open", "all_signed")
SELLER = {"name": "周建民", "id_type": "resident_id", "id_number": resident_id_number("442000", date(1972, 3, 15), 101), "phone": "13800000201",
          "address": "中山市东区中山三路1号"}
BUYERS = [{"name": "吴晓梅", "id_type": "resident_id", "id_number": resident_id_number("442000", date(1988, 5, 20), 102), "share": "50",
           "phone": "13800000202", "address": "中山市石岐街道悦来南路6号"},
          {"name": "林志强", "id_type": "resident_id", "id_number": resident_id_number("442000", date(1986, 11, 8), 103), "share": "50",
           "phone": "13800000203", "address": "中山市石岐街道悦来南路6号"}]


def _register_property(stack: Any) -> dict[str, Any]:
    url = f"http://127.0.0.1:{stack.specs['providers'].port}/realestate/sim/properties"
    body = {"owners": [{**{k: SELLER[k] for k in ("name", "id_type", "id_number")}, "share": "100%"}],
            "address": "中山市东区兴中道18号2座1502房"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def _draft(agent: Any, verification_id: str) -> dict[str, Any]:
    """Contracts hears of the verification a moment after registry made it."""
    for _ in range(60):
        try:
            return agent.request("POST", CONTRACTS, {"property_verification_id": verification_id, "mode": "online"})
        except RuntimeError as problem:
            if "property_not_verified" not in str(problem):
                raise
            time.sleep(0.5)
    raise RuntimeError("contracts did not hear of the demo verification within 30 s")


def _prepare(stack: Any, agent: Any) -> str:
    record = _register_property(stack)
    verification = agent.request("POST", "/api/v1/property-verifications", {
        "method": "certificate", "certificate_number": record["certificate_number"], "owner_name": SELLER["name"],
        "owner_id_number": SELLER["id_number"]})
    contract_id = _draft(agent, verification["verification_id"])["contract_id"]
    path = f"{CONTRACTS}/{contract_id}"
    agent.request("PUT", f"{path}/parties", {"sellers": [SELLER], "buyers": BUYERS, "buyer_co_ownership": "shares"})
    agent.request("PUT", f"{path}/terms", {"price_fen": 215_000_000, "payment_method": "mortgage",
                                           "handover_date": "2027-06-30", "clauses": {"税费": "按国家规定各自承担"}})
    agent.request("PUT", f"{path}/applicant", {"name": BUYERS[0]["name"], "phone": BUYERS[0]["phone"],
                                               "id_number": BUYERS[0]["id_number"]})
    agent.request("PUT", f"{path}/rating", {"rating": "good", "comment": "演示数据"})
    agent.request("PUT", f"{path}/escrow", {"chosen": True, "bank": "ccb", "channel": "online"})
    agent.request("PUT", f"{path}/notes", {"notes": "已告知买卖双方交易风险及资金监管"})
    agent.request("POST", f"{path}/submit")
    agent.request("POST", f"{path}/signature-order")
    return contract_id


def _state(agent: Any, contract_id: str) -> str | None:
    try:
        return agent.request("GET", f"{CONTRACTS}/{contract_id}")["state"]
    except RuntimeError:  # a stack started afresh does not know it
        return None


def seed_existing_home_demo(stack: Any, agent: Any, state_file: Path) -> list[str]:
    """The demo agent's live contract (prepared when there is none), and each party's signing link."""
    kept = json.loads(state_file.read_text()).get("contract_id") if state_file.exists() else None
    contract_id = kept if kept and _state(agent, kept) in LIVE else _prepare(stack, agent)
    state_file.write_text(json.dumps({"contract_id": contract_id}))
    contract = agent.request("GET", f"{CONTRACTS}/{contract_id}")
    lines = [f"Demo existing-home contract (guide 001): {contract['contract_number']}, "
             f"state {contract['state']}, deleted by R001.11 at {contract['delete_at']} unless filed; "
             "each party signs from its link (open it on a phone, or scan the QR code in the agent's 待办业务):"]
    if contract["state"] == "signature_order_open":
        order = agent.request("GET", f"{CONTRACTS}/{contract_id}/signature-order")["order"]
        lines += [f"  {s['role']} {s['name_masked']}: {s['link']}" for s in order["signers"]]
    return lines
