"""Guide 000 (Jingzhou new-home signing and filing) played in order over HTTP, as its users would."""
import io
import secrets

from PIL import Image
from pypdf import PdfReader

from services.contracts.api.check_codes import grouped
from tests.integration import contract_flow as flow
from tests.integration.support import ROOM_INFO, eventually, room_status, today, unique_credit_code


def png(width=64, height=48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_guide_000_from_developer_onboarding_to_a_filed_contract(api, bureau):
    # 1. The bureau admits the developer (R000.1) and records enterprise, project and permit (R000.2).
    developer_id = bureau.ok("POST", "/api/v1/developers",
                             {"name": "荆州江汉置业有限公司", "credit_code": unique_credit_code()})["developer_id"]
    access = bureau.ok("POST", f"/api/v1/developers/{developer_id}/network-access",
                       {"permit_number": "荆房预售许字(2026)第066号", "permit_issued_on": today()})
    username, password = f"clerk.{secrets.token_hex(3)}", secrets.token_urlsafe(16)
    bureau.ok("POST", "/api/v1/accounts", {"username": username, "password": password, "role": "developer",
                                           "org_id": developer_id, "display_name": "售楼处网签员"})
    project_id = bureau.ok("POST", "/api/v1/projects", {
        "developer_id": developer_id, "name": "荆江华府", "permit_number": "荆房预售许字(2026)第066号",
        "permit_issued_on": today()})["project_id"]
    # R000.3: the bureau sets the building rules.
    building = bureau.ok("POST", f"/api/v1/projects/{project_id}/buildings",
                         {"name": "3栋", "floors": 2, "units_per_floor": 2})
    room_id = building["rooms"][0]["room_id"]

    # The developer signs in with its electronic key and presents itself (R000.1, R000.2).
    without_key = api.login_response(username, password)
    assert without_key.status_code == 401 and without_key.json()["error"]["code"] == "invalid_credentials"
    clerk = api.login(username, password, access["electronic_key"])
    clerk.ok("PUT", f"/api/v1/developers/{developer_id}/intro", {"intro": "本公司专注荆州城区住宅开发。"})
    clerk.ok("PUT", f"/api/v1/projects/{project_id}/intro", {"intro": "荆江华府，临江而居。"})
    image = png()
    clerk.ok("PUT", f"/api/v1/projects/{project_id}/promo-image", raw=image, headers={"Content-Type": "image/png"})
    served = clerk.call("GET", f"/api/v1/projects/{project_id}/promo-image")
    assert served.headers["Content-Type"] == "image/png" and served.content == image

    # R000.4/5: room info entered, reviewed and published.
    clerk.ok("PUT", f"/api/v1/rooms/{room_id}/info", {"info": ROOM_INFO})
    bureau.ok("POST", f"/api/v1/rooms/{room_id}/review", {"approve": True})
    eventually(lambda: room_status(clerk, project_id, room_id) == "available", what="room published")

    # R000.6: clause presets, applied when drafting.
    clerk.ok("PUT", f"/api/v1/projects/{project_id}/clause-presets",
             {"sections": {"clause-19": {"dispute_resolution": "依法向人民法院起诉"}}})
    contract = flow.draft(clerk, room_id, buyer="李华")
    contract_id = contract["contract_id"]
    assert contract["sections"]["clause-19"]["dispute_resolution"] == "依法向人民法院起诉"
    eventually(lambda: room_status(clerk, project_id, room_id) == "signing", what="room map → signing")

    # R000.7/8: fill clause by clause, preview, modify, preview again.
    flow.fill(clerk, contract_id)
    clerk.ok("POST", f"/api/v1/contracts/{contract_id}/preview")
    preview = clerk.call("GET", f"/api/v1/contracts/{contract_id}/pdf")
    assert preview.headers["Content-Type"] == "application/pdf" and "预览" in pdf_text(preview.content)
    clerk.ok("PUT", f"/api/v1/contracts/{contract_id}/clauses/clause-8", {"values": {"delivery_date": "2028-06-30"}})
    refused = clerk.call("POST", f"/api/v1/contracts/{contract_id}/formal-print")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "preview_required"
    clerk.ok("POST", f"/api/v1/contracts/{contract_id}/preview")

    # R000.9/10: formal print with a verification code, then confirmation.
    printed = clerk.ok("POST", f"/api/v1/contracts/{contract_id}/formal-print")
    formal_text = pdf_text(clerk.call("GET", f"/api/v1/contracts/{contract_id}/pdf").content)
    assert grouped(printed["verification_code"]) in formal_text and "预览合同" not in formal_text  # as printed
    clerk.ok("POST", f"/api/v1/contracts/{contract_id}/confirm")
    eventually(lambda: room_status(clerk, project_id, room_id) == "sold_unfiled", what="room map → sold_unfiled")

    # R000.14: the bureau rejects once with a reason; the developer corrects and resubmits.
    filing = flow.pending_filing(bureau, contract_id)
    bureau.ok("POST", f"/api/v1/filings/{filing['filing_id']}/reject", {"reasons": ["第八条交付日期与竣工计划不符"]})
    eventually(lambda: flow.contract_state(clerk, contract_id) == "filing_rejected", what="rejection reaches contract")
    rejected = clerk.ok("GET", f"/api/v1/contracts/{contract_id}")
    assert rejected["rejections"][0]["reasons"] == ["第八条交付日期与竣工计划不符"]
    clerk.ok("PUT", f"/api/v1/contracts/{contract_id}/clauses/clause-8", {"values": {"delivery_date": "2028-12-31"}})
    clerk.ok("POST", f"/api/v1/contracts/{contract_id}/resubmit")

    # R000.13: the bureau files it; the number reaches the developer, the room map and the PDF cover
    # (the guide's last step, which the task calls R000.15: the developer queries the filing status of its
    # formal contracts and the number stands on the formal contract's cover).
    filing = flow.pending_filing(bureau, contract_id)
    assert filing["submission"] == 2
    filed = bureau.ok("POST", f"/api/v1/filings/{filing['filing_id']}/approve")
    number = filed["filing_number"]
    eventually(lambda: room_status(clerk, project_id, room_id) == "sold_filed", what="room map → sold_filed")
    listed = eventually(lambda: [c for c in clerk.ok("GET", f"/api/v1/contracts?project_id={project_id}")["contracts"]
                                 if c["contract_id"] == contract_id and c["filing_number"] == number],
                        what="the developer's list shows the filing number")
    assert listed[0]["state"] == "filed"
    assert number in pdf_text(clerk.call("GET", f"/api/v1/contracts/{contract_id}/pdf").content)
