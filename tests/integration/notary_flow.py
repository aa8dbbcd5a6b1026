"""Steps of guide 002 over HTTP (remote notarized signing), one function per step a person takes, shared by the
notarized-signing tests: the developer's, the buyer's on the notary's mini-program (played as the phone would),
the notary officer's and the bureau's."""
from __future__ import annotations

import base64
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from services.notary.api.offices import OFFICES
from services.notary.domain import evidence
from tests.integration.contract_flow import formal_printed, pending_filing
from tests.integration.support import Api, eventually
from tests.unit.notary_support import MAINLAND_ID, PASSPORT, png

OFFICE = next(iter(OFFICES))
PASSWORD = "buyer-pass-1"
DOCUMENTS = ["sale_contract", "notarization_application", "notarization_notice", "case_record"]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# The developer (R002.1) ------------------------------------------------------------------------------------

def submit_on_notarized_route(clerk: Api, room_id: str) -> str:
    contract_id = formal_printed(clerk, room_id)["contract_id"]
    assert clerk.ok("POST", f"/api/v1/contracts/{contract_id}/notarization")["state"] == "notarizing"
    return contract_id


def prepare_and_push(clerk: Api, contract_id: str, mainland: bool = True) -> dict[str, Any]:
    path = f"/api/v1/contracts/{contract_id}/notarization"
    clerk.ok("PUT", f"{path}/password", {"password": PASSWORD})
    for kind in ("floor_plan", "drainage_layout"):
        clerk.ok("POST", f"{path}/attachments", {"kind": kind, "name": f"{kind}.png", "content_type": "image/png",
                                                 "data_base64": b64(png(3))})
    buyer = {"buyer_id_type": "resident_id", "buyer_id_number": MAINLAND_ID} if mainland else {
        "buyer_id_type": "passport", "buyer_id_number": PASSPORT}
    return clerk.ok("POST", f"{path}/push", {"office_id": OFFICE, **buyer},
                    headers={"Idempotency-Key": secrets.token_hex(8)})


def qr_code(clerk: Api, contract_id: str) -> str:
    """The QR payload the notary office returned, once the saga has shown it to the developer."""
    return eventually(lambda: (clerk.ok("GET", f"/api/v1/contracts/{contract_id}/notarization")["case"] or {})
                      .get("qr_url"), timeout=40, what="the notary's QR code on the contract")


# The buyer, on the phone (R002.2–R002.5) ---------------------------------------------------------------------

def buyer_scans(api: Api, qr_url: str, password: str = PASSWORD) -> requests.Response:
    link = dict(parse_qsl(urlsplit(qr_url).fragment))
    return api.anonymous().call("POST", "/api/v1/auth/notary-buyers", {
        "case_id": link["case"], "expires": int(link["expires"]), "signature": link["signature"],
        "password": password})


def signed_in_buyer(api: Api, qr_url: str) -> tuple[Api, str]:
    answer = buyer_scans(api, qr_url)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return Api(api.base, body["token"], body["user"], api.secret), body["user"]["user_id"]


def face_passes(buyer: Api, case_id: str, id_number: str = MAINLAND_ID) -> dict[str, Any]:
    qr = buyer.ok("POST", f"/api/v1/notary/cases/{case_id}/face-verification")["face_qr_url"]
    scanned = requests.post(qr, json={"outcome": "passed", "name": "张三", "id_number": id_number}, timeout=10)
    assert scanned.status_code == 200, scanned.text
    return eventually(lambda: (c := buyer.ok("GET", f"/api/v1/notary/cases/{case_id}"))["face_qr_url"] is None
                      and c, what="the face provider's callback")


def read_documents(buyer: Api, case_id: str) -> dict[str, Any]:
    return buyer.ok("POST", f"/api/v1/notary/cases/{case_id}/documents-read", {"documents": DOCUMENTS})


def upload_materials(buyer: Api, case_id: str, capture_key: str, video: bool = False) -> dict[str, Any]:
    case = None
    for n, kind in enumerate(("id_front", "id_back", "id_in_hand", "signature")):
        data = png(20 + n)
        body: dict[str, Any] = {"content_type": "image/png", "data_base64": b64(data)}
        if kind == "signature":
            stamp, device = "2026-03-02T10:00:00+08:00", "phone-1"
            body["capture"] = {"source": "camera", "captured_at": stamp, "device_id": device,
                               "signature": evidence.capture_signature(capture_key, evidence.image(
                                   kind, "image/png", data)["sha256"], stamp, "camera", device)}
        case = buyer.ok("PUT", f"/api/v1/notary/cases/{case_id}/materials/{kind}", body)
    if video:
        case = buyer.ok("PUT", f"/api/v1/notary/cases/{case_id}/materials/evidence_video",
                        {"content_type": "video/mp4", "data_base64": b64(evidence.mp4(15))})
    return case


def mainland_buyer_applies(api: Api, qr_url: str, capture_key: str) -> str:
    buyer, case_id = signed_in_buyer(api, qr_url)
    face_passes(buyer, case_id)
    read_documents(buyer, case_id)
    upload_materials(buyer, case_id, capture_key)
    assert face_passes(buyer, case_id)["state"] == "submitted"
    return case_id


def non_mainland_buyer_applies(api: Api, qr_url: str, capture_key: str) -> str:
    buyer, case_id = signed_in_buyer(api, qr_url)
    buyer.ok("POST", f"/api/v1/notary/cases/{case_id}/identity-document",
             {"photo": {"content_type": "image/png", "data_base64": b64(png(40))}})
    read_documents(buyer, case_id)
    upload_materials(buyer, case_id, capture_key, video=True)
    case = buyer.ok("POST", f"/api/v1/notary/cases/{case_id}/submission",
                    {"photo": {"content_type": "image/png", "data_base64": b64(png(41))}})
    assert case["state"] == "submitted"
    return case_id


# The notary officer (R002.6, R002.7) and the bureau (R002.8) ------------------------------------------------------

def notary_officer(api: Api, bureau: Api) -> Api:
    username, password = f"notary.{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    bureau.ok("POST", "/api/v1/accounts", {"username": username, "password": password, "role": "notary_officer",
                                           "org_id": OFFICE, "display_name": "公证员"})
    return api.login(username, password)


def officer_approves(officer: Api, case_id: str) -> dict[str, Any]:
    eventually(lambda: any(c["case_id"] == case_id for c in
                           officer.ok("GET", "/api/v1/notary/cases?state=submitted")["cases"]),
               what="the case in the office's review list")
    return officer.ok("POST", f"/api/v1/notary/cases/{case_id}/approve")


def bureau_files(bureau: Api, contract_id: str) -> dict[str, Any]:
    filing = pending_filing(bureau, contract_id)
    return bureau.ok("POST", f"/api/v1/filings/{filing['filing_id']}/approve")
