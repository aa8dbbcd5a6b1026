"""Demo data of guide 001 for `make up`: a verified agency (filed in the simulated agency filing system) and an
approved agent, whose passwords arrive by (simulated) SMS and are kept with the other demo logins; and the demo
properties of the simulated real-estate register to verify."""
from __future__ import annotations

import base64
import io
import json
import urllib.parse
import urllib.request
from datetime import timedelta
from typing import Any

from PIL import Image

from deploy.sim.real_estate_registry import DEMO_PROPERTIES, FILED_AGENCIES
from shared import clock
from shared.clock import SHANGHAI

CREDIT_CODE = "91442000MA4DEMO0A1"
AGENCY_PHONE, AGENT_PHONE = "13800000101", "13800000102"
AGENT = {"name": "王小明", "id_number": "442000199001010011", "phone": AGENT_PHONE}


def _image() -> dict[str, str]:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (236, 240, 245)).save(buffer, "PNG")
    return {"content_type": "image/png", "data_base64": base64.b64encode(buffer.getvalue()).decode()}


def _credentials(stack: Any, phone: str) -> dict[str, str]:
    url = f"http://127.0.0.1:{stack.specs['providers'].port}/sms/sim/messages?{urllib.parse.urlencode({'phone': phone})}"
    with urllib.request.urlopen(url, timeout=10) as answer:
        messages = json.loads(answer.read())["messages"]
    sent = [m["params"] for m in messages if m["template"] == "signing_account_credentials"]
    if not sent:
        raise RuntimeError(f"no credentials SMS reached {phone}: is the providers process running?")
    return {"username": sent[-1]["username"], "password": sent[-1]["password"]}


def seed_agency_demo(stack: Any, bureau: Any, logins: dict[str, Any], save: Any) -> list[str]:
    """Every step carries an idempotency key, so a second `make up` changes nothing; `save()` keeps `logins`."""
    name = FILED_AGENCIES[CREDIT_CODE]["name"]
    agency = bureau.request("POST", "/api/v1/agencies", {"name": name, "credit_code": CREDIT_CODE,
                                                         "username": "agency.demo", "phone": AGENCY_PHONE},
                            key="agency")
    agency_id = agency["agency_id"]
    if "agency" not in logins:
        logins["agency"] = _credentials(stack, AGENCY_PHONE)
        save()
    client = type(bureau)(bureau.base, bureau.secret)
    office = client.login(**logins["agency"])
    until = (clock.now().astimezone(SHANGHAI).date() + timedelta(days=365)).isoformat()
    office.request("PUT", f"/api/v1/agencies/{agency_id}/info", {
        "name": name, "legal_representative": "陈立新", "registered_address": "中山市石岐街道民族东路8号",
        "business_scope": "房地产经纪、房地产咨询", "contact_phone": AGENCY_PHONE, "business_term_until": until},
        key="agency-info")
    for index, material in enumerate(("营业执照", "法定代表人身份证")):
        material_id = office.request("POST", f"/api/v1/agencies/{agency_id}/materials",
                                     key=f"agency-material-{index}")["material_id"]
        path = f"/api/v1/agencies/{agency_id}/materials/{material_id}"
        office.request("PUT", path, {"name": material}, key=f"agency-material-name-{index}")
        office.request("PUT", f"{path}/file", _image(), key=f"agency-material-file-{index}")
    office.request("POST", f"/api/v1/agencies/{agency_id}/submission", {"comment": "演示机构，请审核"},
                   key="agency-submission")
    bureau.request("POST", f"/api/v1/agencies/{agency_id}/verification", {"approve": True}, key="agency-verified")
    agent = office.request("POST", f"/api/v1/agencies/{agency_id}/agents", AGENT, key="agent")
    office.request("PUT", f"/api/v1/agents/{agent['agent_id']}/id-image", _image(), key="agent-id-image")
    office.request("POST", f"/api/v1/agents/{agent['agent_id']}/submission", key="agent-submission")
    bureau.request("POST", f"/api/v1/agents/{agent['agent_id']}/approval", {"approve": True}, key="agent-approved")
    if "agent" not in logins:
        logins["agent"] = _credentials(stack, AGENT_PHONE)
        save()
    lines = [f"Demo agency (guide 001): {name}, verified; its agent {AGENT['name']} verifies properties, e.g.:"]
    for record in DEMO_PROPERTIES:
        owner = record["owners"][0]
        lines.append(f"  {record['certificate_number']}  unit {record['unit_number']}  owner {owner['name']} "
                     f"{owner['id_number']}{'  (seized)' if record['seized'] else ''}")
    return lines
