"""Remote notarized signing end to end over HTTP (guide 002, R002.1–R002.8), with the real processes: a mainland
and a non-mainland buyer, each ending in a filed contract whose filing record carries the certificate number and
the contract's content hash; the saga's history explains every step."""
from __future__ import annotations

import hashlib
import hmac

import pytest

from deploy.ops import notary_history
from tests.integration.contract_flow import contract_state
from tests.integration.notary_flow import (bureau_files, mainland_buyer_applies, non_mainland_buyer_applies,
                                           notary_officer, officer_approves, prepare_and_push, qr_code,
                                           submit_on_notarized_route)
from tests.integration.support import eventually, room_status


@pytest.fixture(scope="module")
def capture_key(stack):
    return hmac.new(stack.secrets["HOUSING_NOTARY_SECRET"].encode(), b"mini-program-capture",
                    hashlib.sha256).hexdigest()


@pytest.fixture(scope="module")
def officer(api, bureau):
    return notary_officer(api, bureau)


@pytest.mark.parametrize("mainland", [True, False], ids=["mainland", "non-mainland"])
def test_R002_1_to_R002_8_a_notarized_contract_is_filed_with_its_certificate(api, bureau, estate, officer,
                                                                             capture_key, mainland, capsys):
    clerk, room_id = estate.clerk, estate.rooms[0]["room_id"]
    contract_id = submit_on_notarized_route(clerk, room_id)
    assert prepare_and_push(clerk, contract_id, mainland)["state"] == "pushed"
    qr = qr_code(clerk, contract_id)
    case_id = (mainland_buyer_applies if mainland else non_mainland_buyer_applies)(api, qr, capture_key)
    certificate = officer_approves(officer, case_id)["certificate"]
    filed = bureau_files(bureau, contract_id)
    assert filed["certificate"]["certificate_number"] == certificate["certificate_number"]
    assert filed["certificate"]["content_hash"] == filed["text_hash"] == certificate["content_hash"]
    eventually(lambda: contract_state(clerk, contract_id) == "filed", what="the contract filed")
    eventually(lambda: room_status(clerk, estate.project_id, room_id) == "sold_filed", what="the room sold and filed")
    pdf = clerk.call("GET", f"/api/v1/notary/cases/{case_id}/certificate")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    history = eventually(lambda: (h := clerk.ok("GET", f"/api/v1/contracts/{contract_id}/notarization/history"))
                         ["sagas"][0]["state"] == "completed" and h, what="the saga completed")
    steps = history["sagas"][0]["steps"]
    assert [s["step"] for s in steps][-3:] == ["submit_with_certificate", "filed", "completed"]
    assert all(s["explanation"] and s["explanation"] != s["step"] for s in steps)
    assert notary_history.main([contract_id, "--profile", "test"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(steps) + 1 and "合同已备案" in printed[-2]


def test_R002_2_the_buyer_signs_in_only_with_the_qr_link_and_the_contract_password(api, estate):
    from tests.integration.notary_flow import buyer_scans
    clerk = estate.clerk
    contract_id = submit_on_notarized_route(clerk, estate.rooms[1]["room_id"])
    prepare_and_push(clerk, contract_id)
    qr = qr_code(clerk, contract_id)
    wrong = buyer_scans(api, qr, password="not-the-password")
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "wrong_contract_password"
    forged = buyer_scans(api, qr.replace("signature=", "signature=0").rsplit("&", 1)[0] + "&signature=" + "0" * 64)
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "invalid_notary_link"
    for password in ("", "a\x00b", "x" * 65):
        assert buyer_scans(api, qr, password=password).status_code == 400
    buyer = buyer_scans(api, qr)
    assert buyer.status_code == 200 and buyer.json()["user"]["role"] == "notary_buyer"
    token = buyer.json()["token"]
    other = api.anonymous().call("GET", f"/api/v1/contracts/{contract_id}", headers={"Authorization": f"Bearer {token}"})
    assert other.status_code == 403


def test_R002_5_the_buyer_reads_the_pushed_e_contract_itself_and_no_one_elses(api, estate):
    from io import BytesIO

    from pypdf import PdfReader

    from tests.integration.notary_flow import signed_in_buyer
    clerk = estate.clerk
    mine, theirs = (submit_on_notarized_route(clerk, room["room_id"]) for room in estate.rooms[2:4])
    for contract_id in (mine, theirs):
        prepare_and_push(clerk, contract_id)
    buyer, case_id = signed_in_buyer(api, qr_code(clerk, mine))
    _, other_case = signed_in_buyer(api, qr_code(clerk, theirs))
    answer = buyer.call("GET", f"/api/v1/notary/cases/{case_id}/e-contract", headers={"Accept": "application/pdf"})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/pdf")
    number = clerk.ok("GET", f"/api/v1/contracts/{mine}")["contract_number"]
    assert number in "".join(page.extract_text() for page in PdfReader(BytesIO(answer.content)).pages)
    same = clerk.call("GET", f"/api/v1/notary/cases/{case_id}/e-contract", headers={"Accept": "application/pdf"})
    assert same.status_code == 200 and same.content == answer.content
    refused = buyer.call("GET", f"/api/v1/notary/cases/{other_case}/e-contract", headers={"Accept": "application/pdf"})
    assert refused.status_code == 403
