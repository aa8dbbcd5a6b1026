"""Lease signing after selection (guide 004, R004.11–R004.15) against the running services, RabbitMQ,
PostgreSQL and the simulated bank, face-verification, e-signature and SMS parties (signed HTTP callbacks)."""
import io
import json
import time
from datetime import date

import requests
from pypdf import PdfReader

from shared import signed_callbacks
from shared.identity_documents import resident_id_number
from services.gateway.auth import Tokens
from tests.integration.lease_flow import (BAD_CARD, GOOD_CARD, PNG, families_with_rooms, lease_of, phone_scans,
                                          sign_lease_through, upload_mandate)
from tests.integration.support import eventually, read_source_log


def sms_outbox(stack, phone):
    port = stack.specs["providers"].port
    return requests.get(f"http://127.0.0.1:{port}/sms/sim/messages", params={"phone": phone}, timeout=5).json()


def room_taken(bureau, round_id, room_id):
    rooms = bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms?available=false&limit=500")["rooms"]
    return next(r["taken"] for r in rooms if r["room_id"] == room_id)


def test_guide_004_lease_signing_from_selection_to_downloaded_materials(stack, api, bureau):
    round_id, [(family, lease, id_number)] = families_with_rooms(api, bureau, 1)
    lease_id = lease["lease_id"]

    # R004.11: the leased room, the rent and deposit, and the phone number.
    assert lease["state"] == "opened" and lease["next_step"] == "confirm_phone"
    assert lease["monthly_rent"] == "1455.00" and lease["deposit"] == "2910.00"  # 48.50 m² × 30 元, 2 months
    assert family.ok("PUT", f"/api/v1/leases/{lease_id}/phone", {"phone": "13912345678"})["phone_masked"] \
        == "139****5678"

    # R004.12: bank auto-debit first; a card the bank refuses can be replaced.
    early = family.call("POST", f"/api/v1/leases/{lease_id}/face-verification")
    assert early.status_code == 422 and early.json()["error"]["code"] == "mandate_required"
    assert upload_mandate(family, lease_id, BAD_CARD).status_code == 200
    assert eventually(lambda: lease_of(family, lease_id)["mandate_refusal"], what="refusal") == "invalid_card_number"
    assert upload_mandate(family, lease_id).json()["attempts"] == 2
    mandate = eventually(lambda: lease_of(family, lease_id)["mandate"], what="mandate active")
    assert mandate["card_masked"] == "**** **** **** 3446"

    # R004.13: face verification through the provider's QR code, passed only by the main applicant.
    face = family.ok("POST", f"/api/v1/leases/{lease_id}/face-verification")["face_verification"]
    stranger = resident_id_number("440301", date(1990, 1, 1), 123)
    assert phone_scans(face["qr_url"], {"name": "李四", "id_number": stranger, "outcome": "passed"}).ok
    failed = eventually(lambda: lease_of(family, lease_id)["face_verification"].get("reason"), what="refused")
    assert failed == "not_the_main_applicant" and lease_of(family, lease_id)["tenant"] is None
    face = family.ok("POST", f"/api/v1/leases/{lease_id}/face-verification")["face_verification"]
    assert phone_scans(face["qr_url"], {"name": "张三", "id_number": id_number, "outcome": "passed"}).ok
    tenant = eventually(lambda: lease_of(family, lease_id)["tenant"], what="face verified")
    assert tenant == {"name": "张三", "id_masked": id_number[:3] + "*" * (len(id_number) - 7) + id_number[-4:]}

    # R004.14: the e-signature of the lease text.
    signing = family.ok("POST", f"/api/v1/leases/{lease_id}/signature")["signing"]
    order = requests.get(signing["qr_url"], timeout=5).json()
    assert order["document_sha256"] == signing["document_sha256"] and order["signer_name"] == "张三"
    assert phone_scans(signing["qr_url"], {"outcome": "signed"}).ok
    eventually(lambda: lease_of(family, lease_id)["state"] == "signed", what="signed")

    # R004.15: the deposit through escrow submits the lease; the bureau reviews it; SMS; the materials.
    pay_url = eventually(lambda: (lease_of(family, lease_id)["deposit_order"] or {}).get("pay_url"), what="pay url")
    assert phone_scans(pay_url, {"outcome": "succeeded"}).ok
    eventually(lambda: lease_of(family, lease_id)["state"] == "submitted", what="submitted")
    queue = eventually(lambda: bureau.ok("GET", f"/api/v1/leases?state=submitted&round_id={round_id}")["leases"],
                       what="review queue")
    assert [row["lease_id"] for row in queue] == [lease_id]
    assert family.call("GET", f"/api/v1/leases/{lease_id}/pdf").status_code == 422  # not approved yet
    approved = bureau.ok("POST", f"/api/v1/leases/{lease_id}/approve")
    assert approved["state"] == "approved" and approved["next_step"] == "download"
    messages = eventually(lambda: sms_outbox(stack, "13912345678")["messages"], what="approval SMS")
    assert [m["template"] for m in messages] == ["lease_approved"]
    assert eventually(lambda: lease_of(family, lease_id)["notified"], what="notification recorded")
    pdf = family.call("GET", f"/api/v1/leases/{lease_id}/pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("公共租赁住房租赁合同", "租金托收授权书", "押金缴纳凭证", "张三", "1455.00", "3446"):
        assert expected in text


def test_what_policies_record_names_the_system_and_the_event_that_caused_it(stack, api, bureau):
    """Auditors follow a lease back to the allocation that opened it, and that to the family's request."""
    round_id, [(family, lease, _)] = families_with_rooms(api, bureau, 1)
    opened = next(e for e in read_source_log(stack, "contracts") if e["type"] == "LeaseOpened"
                  and e["aggregate_id"] == lease["lease_id"])
    assert opened["actor"]["role"] == "system" and opened["causation_id"]
    cause = next(e for e in read_source_log(stack, "lottery") if e["event_id"] == opened["causation_id"])
    assert cause["type"] == "RoomConfirmed" and cause["actor"]["actor_id"] == lease["family_id"]
    assert opened["correlation_id"] == cause["correlation_id"] is not None


def test_R004_15_a_rejected_lease_refunds_the_deposit_and_releases_the_room(stack, api, bureau):
    round_id, [(family, lease, id_number)] = families_with_rooms(api, bureau, 1)
    lease_id, room_id = lease["lease_id"], lease["room_id"]
    sign_lease_through(family, lease_id, id_number)
    bad = bureau.call("POST", f"/api/v1/leases/{lease_id}/reject", {"reasons": []})
    assert bad.status_code == 400 and lease_of(bureau, lease_id)["state"] == "submitted"
    rejected = bureau.ok("POST", f"/api/v1/leases/{lease_id}/reject", {"reasons": ["银行卡户名与主申请人不一致"]})
    assert rejected["state"] == "rejected"
    refund = eventually(lambda: lease_of(family, lease_id)["refund"], what="deposit refunded")
    assert refund["amount"] == lease["deposit"]
    eventually(lambda: room_taken(bureau, round_id, room_id) is False, what="room released")
    assert eventually(lambda: bureau.ok("GET", f"/api/v1/leases/{lease_id}/mandate")["state"] == "cancelled",
                      what="mandate cancelled")
    mandate_ref = lease_of(bureau, lease_id)["mandate"]["mandate_ref"]
    port = stack.specs["providers"].port
    at_the_bank = requests.get(f"http://127.0.0.1:{port}/bank/sim/mandates/{mandate_ref}", timeout=5).json()
    assert at_the_bank["status"] == "cancelled"  # the bank stops debiting, not only our record


def test_a_lease_not_finished_by_its_deadline_lapses_and_the_room_is_released(stack, api, bureau):
    round_id, [(family, lease, id_number)] = families_with_rooms(api, bureau, 1)
    lease_id, room_id = lease["lease_id"], lease["room_id"]
    family.ok("PUT", f"/api/v1/leases/{lease_id}/phone", {"phone": "13700137000"})
    stack.move_clock(72 * 3600 + 60)
    try:
        eventually(lambda: lease_of(family, lease_id)["state"] == "lapsed", timeout=40, what="lapsed")
        late = family.call("PUT", f"/api/v1/leases/{lease_id}/phone", {"phone": "13700137001"})
        assert late.status_code == 422 and late.json()["error"]["code"] == "lease_lapsed"
        eventually(lambda: room_taken(bureau, round_id, room_id) is False, what="room released")
    finally:
        stack.move_clock(0)


def test_callbacks_with_a_bad_signature_are_refused_and_change_nothing(stack, api, bureau):
    round_id, [(family, lease, id_number)] = families_with_rooms(api, bureau, 1)
    lease_id = lease["lease_id"]
    sign_lease_through(family, lease_id, id_number, until="mandate")
    face = family.ok("POST", f"/api/v1/leases/{lease_id}/face-verification")["face_verification"]
    forged = json.dumps({"event_id": "x", "type": "face.passed", "merchant_ref": f"{lease_id}/face/9",
                         "session_id": face["session_id"], "name": "冒名者", "id_number_masked": "1",
                         "subject_hash": "0"}).encode()
    url = f"http://127.0.0.1:{stack.specs['contracts'].port}/callbacks/face"
    unsigned = requests.post(url, data=forged, timeout=5)
    wrong = requests.post(url, data=forged, headers=signed_callbacks.sign("not-the-secret", forged), timeout=5)
    assert unsigned.status_code == 401 and wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "bad_signature"
    assert lease_of(family, lease_id)["tenant"] is None


def test_a_redelivered_callback_is_applied_once(stack, api, bureau):
    round_id, [(family, lease, id_number)] = families_with_rooms(api, bureau, 1)
    lease_id = lease["lease_id"]
    sign_lease_through(family, lease_id, id_number, until="face")
    before = lease_of(family, lease_id)
    port = stack.specs["providers"].port
    callbacks = requests.get(f"http://127.0.0.1:{port}/face/sim/callbacks", timeout=5).json()["callbacks"]
    delivered = [e for e in callbacks if e["session_id"] == before["face_verification"]["session_id"]]
    assert [e["type"] for e in delivered] == ["face.passed"]
    for event in delivered:
        assert requests.post(f"http://127.0.0.1:{port}/face/sim/callbacks/{event['event_id']}/redeliver",
                             timeout=5).status_code == 202
    time.sleep(1.0)
    assert lease_of(family, lease_id) == before


def test_bad_lease_input_gets_a_clear_4xx_and_changes_nothing(stack, api, bureau):
    round_id, [(family, lease, _), (other, _, _)] = families_with_rooms(api, bureau, 2)
    lease_id = lease["lease_id"]
    url = f"{family.base}/api/v1/leases/{lease_id}/mandate"
    auth = {"Authorization": f"Bearer {family.token}"}
    as_json = requests.post(url, headers=auth, json={"account_holder": "张三", "card_number": GOOD_CARD}, timeout=10)
    assert as_json.status_code == 400 and as_json.json()["error"]["code"] == "unsupported_media_type"
    one_photo = requests.post(url, headers=auth, data={"account_holder": "张三", "card_number": GOOD_CARD},
                              files={"card_front": ("f.png", io.BytesIO(PNG), "image/png")}, timeout=10)
    assert one_photo.status_code == 400 and one_photo.json()["error"]["details"] == {"file": "card_back"}
    short = upload_mandate(family, lease_id, "1234")
    assert short.status_code == 400 and "card_number" in short.json()["error"]["details"]
    not_yours = upload_mandate(other, lease_id)
    assert not_yours.status_code == 403 and not_yours.json()["error"]["code"] == "other_family"
    assert other.call("GET", f"/api/v1/leases/{lease_id}").status_code == 403
    bad_phone = family.call("PUT", f"/api/v1/leases/{lease_id}/phone", {"phone": "010-12345678"})
    assert bad_phone.status_code == 400
    unsigned = family.call("POST", f"/api/v1/leases/{lease_id}/signature")
    assert unsigned.status_code == 422 and unsigned.json()["error"]["code"] == "face_verification_required"
    assert bureau.call("POST", f"/api/v1/leases/{lease_id}/approve").status_code == 422
    assert family.call("POST", f"/api/v1/leases/{lease_id}/approve").status_code == 403
    old_token = Tokens(api.secret).issue({**family.user, "role": "family"})["token"]  # no signed-in person in it
    anonymous_face = requests.post(f"{family.base}/api/v1/leases/{lease_id}/face-verification", timeout=10,
                                   headers={"Authorization": f"Bearer {old_token}"})
    assert anonymous_face.status_code == 401 and anonymous_face.json()["error"]["code"] == "identity_required"
    after = lease_of(family, lease_id)
    assert after["mandate"] is None and after["phone_masked"] is None and after["state"] == "opened"
    assert family.call("GET", f"/api/v1/leases/{lease_id}/mandate").status_code == 404


def test_a_payment_made_while_escrow_is_down_submits_the_lease_once_escrow_is_back(stack, api, bureau):
    """The bank keeps calling back until escrow records the payment: nothing is lost while a service is
    down (SIGKILLed here), and the lease is submitted exactly once."""
    round_id, [(family, lease, id_number)] = families_with_rooms(api, bureau, 1)
    lease_id = lease["lease_id"]
    sign_lease_through(family, lease_id, id_number, until="signed")
    pay_url = eventually(lambda: (lease_of(family, lease_id)["deposit_order"] or {}).get("pay_url"), what="pay url")
    stack.kill("escrow")
    try:
        assert phone_scans(pay_url, {"outcome": "succeeded"}).ok
        time.sleep(2)
        assert lease_of(family, lease_id)["state"] == "signed"
    finally:
        stack.start("escrow")
        stack.wait_healthy(["escrow"])
    eventually(lambda: lease_of(family, lease_id)["state"] == "submitted", timeout=60, what="submitted after restart")
    port = stack.specs["providers"].port
    paid = [c for c in requests.get(f"http://127.0.0.1:{port}/bank/sim/callbacks", timeout=5).json()["callbacks"]
            if c["type"] == "payment.succeeded" and c["payment_ref"] == lease_of(family, lease_id)["deposit_order"]
            ["payment_ref"]]
    assert len(paid) == 1
    requests.post(f"http://127.0.0.1:{port}/bank/sim/callbacks/{paid[0]['event_id']}/redeliver", timeout=5)
    time.sleep(1)
    history = lease_of(bureau, lease_id)
    assert history["state"] == "submitted" and history["deposit_paid"]["payment_ref"] == paid[0]["payment_ref"]
