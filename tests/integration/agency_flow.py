"""Guide 001's first slice over HTTP: a filed agency's account, its info and materials, verification, an agent
approved with credentials by SMS, bound to its unified identity. Used by the API tests, the browser tests and
the demo seed."""
from __future__ import annotations

import base64
import io
import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo
from typing import Any

import requests
from PIL import Image

from deploy.sim.identity_provider import assertion_for, resident_ids

PROPERTY_BY_CERTIFICATE = {"method": "certificate", "certificate_number": "粤(2021)中山市不动产权第0012345号",
                           "owner_name": "李建华", "owner_id_number": "442000197503150015"}
PROPERTY_BY_UNIT = {"method": "unit", "unit_number": "442000003003GB00003F00030003", "owner_name": "CHAN TAI MAN"}
FIRST_GENERATION = {"method": "certificate", "certificate_number": "粤房地证字第C3456789号", "owner_name": "黄国强",
                    "owner_id_number": "442000195806120017", "first_generation_id": True}
SEIZED = {"method": "certificate", "certificate_number": "粤(2020)中山市不动产权第0055555号", "owner_name": "周志明",
          "owner_id_number": "442000198002020014"}


def png_of_size(size: int) -> bytes:
    """A real PNG padded (in a trailing text chunk-free tail) to exactly `size` bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    data = buffer.getvalue()
    return data + b"\x00" * (size - len(data))


def image_body(size: int = 2048) -> dict[str, str]:
    return {"content_type": "image/png", "data_base64": base64.b64encode(png_of_size(size)).decode()}


def new_credit_code() -> str:
    return f"91442000{secrets.token_hex(5).upper()}"[:18]


def provider(stack: Any, path: str) -> str:
    return f"http://127.0.0.1:{stack.specs['providers'].port}{path}"


def file_agency(stack: Any, name: str) -> str:
    """File a new agency in the (simulated) agency filing system; its credit code."""
    credit_code = new_credit_code()
    response = requests.post(provider(stack, "/realestate/sim/agency-filings"),
                             json={"credit_code": credit_code, "name": name}, timeout=5)
    assert response.status_code == 201, response.text
    return credit_code


def new_phone() -> str:
    return f"13{secrets.randbelow(10 ** 9):09d}"


def sms_credentials(stack: Any, phone: str) -> dict[str, str]:
    """The username and password the last SMS to `phone` carried."""
    messages = requests.get(provider(stack, "/sms/sim/messages"), params={"phone": phone}, timeout=5).json()
    [*_, last] = [m for m in messages["messages"] if m["template"] == "signing_account_credentials"]
    return last["params"]


def apply_for_agency(stack: Any, bureau: Any, name: str = "中山安居地产代理有限公司") -> dict[str, Any]:
    credit_code = file_agency(stack, name)
    phone = new_phone()
    username = f"agency-{credit_code[-6:].lower()}"
    agency = bureau.ok("POST", "/api/v1/agencies", {"name": name, "credit_code": credit_code, "username": username,
                                                     "phone": phone})
    return {**agency, "phone": phone, "credentials": sms_credentials(stack, phone)}


def bureau_today(gateway_url: str) -> date:
    """Today in Shanghai by the stack's clock (which other tests may have moved), as the registry reads it."""
    now = requests.get(f"{gateway_url}/portal/clock", timeout=5).json()["now"]
    return datetime.fromisoformat(now).astimezone(ZoneInfo("Asia/Shanghai")).date()


def licence_info(name: str, until: date | None = None) -> dict[str, Any]:
    until = until or date.today() + timedelta(days=365)
    return {"name": name, "legal_representative": "陈立新", "registered_address": "中山市石岐街道民族东路8号",
            "business_scope": "房地产经纪", "contact_phone": "13800000001", "business_term_until": until.isoformat()}


def named_material(agency_api: Any, agency_id: str, name: str) -> str:
    material_id = agency_api.ok("POST", f"/api/v1/agencies/{agency_id}/materials")["material_id"]
    agency_api.ok("PUT", f"/api/v1/agencies/{agency_id}/materials/{material_id}", {"name": name})
    return material_id


def prepared_and_submitted(agency_api: Any, agency: dict[str, Any], comment: str = "请审核") -> dict[str, Any]:
    agency_id = agency["agency_id"]
    until = bureau_today(agency_api.base) + timedelta(days=365)
    agency_api.ok("PUT", f"/api/v1/agencies/{agency_id}/info", licence_info(agency["name"], until))
    for name in ("营业执照", "法定代表人身份证"):
        material_id = named_material(agency_api, agency_id, name)
        agency_api.ok("PUT", f"/api/v1/agencies/{agency_id}/materials/{material_id}/file", image_body())
    return agency_api.ok("POST", f"/api/v1/agencies/{agency_id}/submission", {"comment": comment})


def verified_agency(stack: Any, api: Any, bureau: Any, name: str = "中山安居地产代理有限公司") -> tuple[dict, Any]:
    agency = apply_for_agency(stack, bureau, name)
    agency_api = api.login(agency["credentials"]["username"], agency["credentials"]["password"])
    prepared_and_submitted(agency_api, agency)
    bureau.ok("POST", f"/api/v1/agencies/{agency['agency_id']}/verification", {"approve": True})
    return agency, agency_api


def fresh_resident_id() -> str:
    """A valid resident ID number nobody in this test database is likely to have used."""
    return resident_ids(1, first=500_000 + secrets.randbelow(10 ** 7), region="442000")[0]


def approved_agent(stack: Any, agency_api: Any, bureau: Any, agency_id: str, name: str = "王小明") -> dict[str, Any]:
    id_number = fresh_resident_id()
    phone = new_phone()
    agent = agency_api.ok("POST", f"/api/v1/agencies/{agency_id}/agents",
                          {"name": name, "id_number": id_number, "phone": phone})
    agency_api.ok("PUT", f"/api/v1/agents/{agent['agent_id']}/id-image", image_body())
    agency_api.ok("POST", f"/api/v1/agents/{agent['agent_id']}/submission")
    approved = bureau.ok("POST", f"/api/v1/agents/{agent['agent_id']}/approval", {"approve": True})
    return {**approved, "id_number": id_number, "phone": phone, "credentials": sms_credentials(stack, phone)}


def identity_assertion(api: Any, id_number: str, name: str) -> str:
    return assertion_for(id_number, name, api.secret)


def bound_sign_in(api: Any, signed_in: Any, id_number: str, name: str) -> Any:
    """Bind the signed-in account to the person's unified identity, then sign in with that identity alone."""
    signed_in.ok("POST", "/api/v1/auth/identity-binding", {"assertion": identity_assertion(api, id_number, name)})
    answer = api.anonymous().ok("POST", "/api/v1/auth/signing-accounts",
                                {"assertion": identity_assertion(api, id_number, name)})
    return type(api)(api.base, answer["token"], answer["user"], api.secret, api.source)
