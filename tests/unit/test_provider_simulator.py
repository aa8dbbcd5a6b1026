"""The provider simulator, driven through the real adapter clients, with a receiver that checks callbacks."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from datetime import date
from typing import Any, Callable, Iterator

import pytest

from deploy.local.waiting import eventually
from deploy.sim.face import mask_id_number
from deploy.sim.providers import RunningSimulator, serve
from services.contracts.adapters.esignature import ESignatureClient
from services.contracts.adapters.face_verification import FaceVerificationClient
from services.contracts.adapters.sms import SmsClient
from services.escrow.adapters.bank import BankClient
from shared.errors import InvalidInput, Unauthenticated
from shared.identity_documents import resident_id_number
from shared import webhooks
from shared.signed_callbacks import sign, verify

SECRETS = {"bank": "bank-secret", "face": "face-secret", "esign": "esign-secret", "sms": "sms-secret",
           "realestate": "realestate-secret"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(16)
JPEG = b"\xff\xd8\xff\xe0" + bytes(16)
GOOD_CARD = "6222021234567890128"
# A resident ID number whose check character is X (as on many real cards).
ID_NUMBER = next(number for number in (resident_id_number("421002", date(1990, 1, 1), s) for s in range(1000))
                 if number.endswith("X"))


def wait_for(predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
    return eventually(predicate, timeout=timeout, interval=0.01)


class Receiver:
    """Records callbacks whose signature verifies (secret chosen by the first path segment)."""

    def __init__(self) -> None:
        self.events: list[dict] = []
        self.rejected: list[str] = []
        self.failures_to_answer = 0
        self.attempts = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver.receive(self.path, self.headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def url(self, provider: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{provider}/callbacks"

    def receive(self, path: str, headers: Any, body: bytes) -> int:
        with self.lock:
            self.attempts += 1
            if self.failures_to_answer:
                self.failures_to_answer -= 1
                return 500
            secret = SECRETS[path.strip("/").split("/")[0]]
            try:
                if webhooks.ID_HEADER in headers:
                    assert webhooks.verify(secret, headers, body) == json.loads(body)["event_id"]
                else:
                    verify(secret, headers, body)
            except Unauthenticated as error:
                self.rejected.append(error.code)
                return 401
            self.events.append(json.loads(body))
            return 204

    def of_type(self, type_: str) -> list[dict]:
        with self.lock:
            return [event for event in self.events if event["type"] == type_]

    def wait(self, type_: str, count: int = 1) -> list[dict]:
        return wait_for(lambda: (found := self.of_type(type_)) and len(found) >= count and found)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    assert receiver.rejected == []
    receiver.close()


@pytest.fixture
def sim() -> Iterator[RunningSimulator]:
    running = serve(SECRETS, port=0, callback_delay=0.01)
    yield running
    running.shutdown()


@pytest.fixture
def bank(sim: RunningSimulator) -> BankClient:
    return BankClient(f"{sim.url}/bank", SECRETS["bank"])


def phone(method: str, url: str, payload: dict | None = None) -> tuple[int, dict]:
    """What the person's phone (or the operator) does: unsigned JSON requests."""
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def refusal(call: Callable[[], Any]) -> tuple[int, str]:
    with pytest.raises(InvalidInput) as caught:
        call()
    assert caught.value.code == "provider_refused"
    return caught.value.details["status"], caught.value.details["provider"]["code"]


def test_health(sim: RunningSimulator) -> None:
    assert phone("GET", f"{sim.url}/health") == (200, {"status": "ok"})


def mandate(bank: BankClient, receiver: Receiver, ref: str, card: str, front: bytes = PNG) -> dict:
    return bank.request_mandate(merchant_ref=ref, account_holder="张三", card_number=card, card_front=front,
                                card_back=JPEG, callback_url=receiver.url("bank"))


def test_a_valid_card_with_readable_photos_activates_the_mandate(bank: BankClient, receiver: Receiver) -> None:
    answer = mandate(bank, receiver, "m-1", GOOD_CARD)
    (event,) = receiver.wait("mandate.activated")
    assert event["merchant_ref"] == "m-1" and event["mandate_ref"] == answer["mandate_ref"]
    assert event["card_last4"] == "0128" and len(event["event_id"]) == 32


def test_a_cancelled_mandate_stays_cancelled_and_cancelling_again_is_harmless(bank: BankClient, receiver: Receiver,
                                                                             sim: RunningSimulator) -> None:
    answer = mandate(bank, receiver, "m-c", GOOD_CARD)
    receiver.wait("mandate.activated")
    assert bank.cancel_mandate(mandate_ref=answer["mandate_ref"])["status"] == "cancelled"
    assert bank.cancel_mandate(mandate_ref=answer["mandate_ref"])["status"] == "cancelled"
    assert phone("GET", f"{sim.url}/bank/sim/mandates/{answer['mandate_ref']}") == \
        (200, {"mandate_ref": answer["mandate_ref"], "status": "cancelled"})
    assert refusal(lambda: bank.cancel_mandate(mandate_ref="mdt-unknown")) == (404, "not_found")


@pytest.mark.parametrize("card, front, reason", [
    ("6222021234567890127", PNG, "invalid_card_number"),
    ("622202123456789", PNG, "invalid_card_number"),
    (GOOD_CARD, b"GIF89a" + bytes(8), "unreadable_card_image"),
    (GOOD_CARD, b"", "unreadable_card_image"),
])
def test_a_bad_card_or_photo_refuses_the_mandate(bank: BankClient, receiver: Receiver, card: str, front: bytes,
                                                 reason: str) -> None:
    answer = mandate(bank, receiver, "m-2", card, front)
    (event,) = receiver.wait("mandate.refused")
    assert (event["mandate_ref"], event["reason"]) == (answer["mandate_ref"], reason)
    assert receiver.of_type("mandate.activated") == []


def test_a_repeated_mandate_request_gets_the_same_answer_and_no_second_callback(
        bank: BankClient, receiver: Receiver) -> None:
    first = mandate(bank, receiver, "m-3", GOOD_CARD)
    assert mandate(bank, receiver, "m-3", GOOD_CARD) == first
    receiver.wait("mandate.activated")
    time.sleep(0.1)
    assert len(receiver.of_type("mandate.activated")) == 1
    assert refusal(lambda: mandate(bank, receiver, "m-3", "4111111111111111")) == (409, "merchant_ref_reused")


def pay(bank: BankClient, receiver: Receiver, ref: str, amount: str = "300000.00") -> dict:
    return bank.request_payment(merchant_ref=ref, amount=amount, description="首付款",
                                callback_url=receiver.url("bank"))


def test_a_payment_completed_on_the_phone_calls_back_once(bank: BankClient, receiver: Receiver,
                                                           sim: RunningSimulator) -> None:
    payment = pay(bank, receiver, "p-1")
    assert payment["pay_url"] == f"{sim.url}/bank/pay/{payment['payment_ref']}"
    assert pay(bank, receiver, "p-1") == payment
    assert phone("POST", payment["pay_url"], {"outcome": "succeeded"})[0] == 200
    (event,) = receiver.wait("payment.succeeded")
    assert event == {**event, "merchant_ref": "p-1", "payment_ref": payment["payment_ref"], "amount": "300000.00"}
    assert phone("POST", payment["pay_url"], {"outcome": "succeeded"}) == (409, {
        "code": "already_paid", "message": f"payment {payment['payment_ref']} is already succeeded"})


def test_a_failed_payment_calls_back_failed(bank: BankClient, receiver: Receiver) -> None:
    payment = pay(bank, receiver, "p-2")
    phone("POST", payment["pay_url"], {"outcome": "failed"})
    assert receiver.wait("payment.failed")[0]["payment_ref"] == payment["payment_ref"]


def test_paying_an_unknown_payment_or_with_a_bad_outcome_is_refused(bank: BankClient, receiver: Receiver,
                                                                    sim: RunningSimulator) -> None:
    assert phone("POST", f"{sim.url}/bank/pay/pay_nope", {"outcome": "succeeded"})[0] == 404
    payment = pay(bank, receiver, "p-3")
    assert phone("POST", payment["pay_url"], {"outcome": "maybe"})[1]["code"] == "invalid_request"


def test_a_refund_of_a_succeeded_payment(bank: BankClient, receiver: Receiver) -> None:
    payment = pay(bank, receiver, "p-4", "100.00")
    ref = payment["payment_ref"]

    def refund(merchant_ref: str, amount: str, payment_ref: str = ref) -> dict:
        return bank.request_refund(merchant_ref=merchant_ref, payment_ref=payment_ref, amount=amount,
                                   callback_url=receiver.url("bank"))

    assert refusal(lambda: refund("r-0", "10.00")) == (409, "payment_not_succeeded")
    phone("POST", payment["pay_url"], {"outcome": "succeeded"})
    answer = refund("r-1", "60.00")
    assert refund("r-1", "60.00") == answer
    (event,) = receiver.wait("refund.succeeded")
    assert event == {**event, "merchant_ref": "r-1", "refund_ref": answer["refund_ref"], "payment_ref": ref,
                     "amount": "60.00"}
    assert refusal(lambda: refund("r-2", "40.01")) == (409, "refund_exceeds_payment")
    assert refusal(lambda: refund("r-3", "1.00", "pay_nope")) == (404, "not_found")


def test_bad_requests_are_400(bank: BankClient, receiver: Receiver) -> None:
    assert refusal(lambda: pay(bank, receiver, "p-5", "-1")) == (400, "invalid_request")
    assert refusal(lambda: pay(bank, receiver, "p-5", "1.005")) == (400, "invalid_request")
    assert refusal(lambda: bank.post("/v1/payments", {"merchant_ref": "p-6"})) == (400, "invalid_request")


def test_a_passed_face_scan_calls_back_with_a_masked_id(sim: RunningSimulator, receiver: Receiver) -> None:
    face = FaceVerificationClient(f"{sim.url}/face", SECRETS["face"])
    session = face.start(merchant_ref="f-1", purpose="contract_signing", callback_url=receiver.url("face"))
    assert session["qr_url"] == f"{sim.url}/face/scan/{session['session_id']}"
    scan = {"name": "张三", "id_number": ID_NUMBER, "outcome": "passed"}
    assert phone("POST", session["qr_url"], scan)[0] == 200
    (event,) = receiver.wait("face.passed")
    assert event == {**event, "merchant_ref": "f-1", "session_id": session["session_id"], "name": "张三",
                     "id_number_masked": "421***********" + ID_NUMBER[-4:],
                     "subject_hash": hmac.new(b"face-secret", ID_NUMBER.encode(), hashlib.sha256).hexdigest()}
    assert phone("POST", session["qr_url"], scan)[0] == 409


def test_a_face_scan_names_a_first_generation_number_as_its_18_character_form(sim: RunningSimulator,
                                                                               receiver: Receiver) -> None:
    face = FaceVerificationClient(f"{sim.url}/face", SECRETS["face"])
    session = face.start(merchant_ref="f-15", purpose="contract_signing", callback_url=receiver.url("face"))
    first_generation = ID_NUMBER[:6] + ID_NUMBER[8:17]
    scan = {"name": "张三", "id_number": first_generation, "outcome": "passed"}
    assert phone("POST", session["qr_url"], scan)[0] == 200
    (event,) = receiver.wait("face.passed")
    assert event["subject_hash"] == hmac.new(b"face-secret", ID_NUMBER.encode(), hashlib.sha256).hexdigest()


def test_a_face_scan_with_an_impossible_id_number_is_refused(sim: RunningSimulator) -> None:
    face = FaceVerificationClient(f"{sim.url}/face", SECRETS["face"])
    session = face.start(merchant_ref="f-bad", purpose="contract_signing", callback_url="http://127.0.0.1:9/face")
    status, answer = phone("POST", session["qr_url"], {"name": "张三", "id_number": "123456", "outcome": "passed"})
    assert (status, answer["code"]) == (400, "invalid_request") and "id_number" in answer["message"]


def test_id_numbers_keep_their_first_three_and_last_four_characters() -> None:
    assert mask_id_number("421002199001011234") == "421***********1234"
    assert mask_id_number("1234567") == "*******"


def test_a_signed_order_calls_back_with_the_same_document_hash(sim: RunningSimulator, receiver: Receiver) -> None:
    esign = ESignatureClient(f"{sim.url}/esign", SECRETS["esign"])
    digest = hashlib.sha256("合同正文".encode()).hexdigest()
    order = esign.open_order(merchant_ref="e-1", document_sha256=digest, document_title="商品房买卖合同",
                             signer_name="张三", callback_url=receiver.url("esign"))
    status, shown = phone("GET", order["qr_url"])
    assert status == 200
    assert shown == {"order_id": order["order_id"], "document_title": "商品房买卖合同", "document_sha256": digest,
                     "signer_name": "张三", "status": "open"}
    assert phone("POST", order["qr_url"], {"outcome": "signed"})[0] == 200
    (event,) = receiver.wait("esign.signed")
    assert (event["order_id"], event["document_sha256"], event["merchant_ref"]) == (order["order_id"], digest, "e-1")
    assert len(event["signature_id"]) == 32 and event["signed_at"].endswith("+00:00")
    assert phone("POST", order["qr_url"], {"outcome": "declined"})[0] == 409
    assert refusal(lambda: esign.open_order(merchant_ref="e-2", document_sha256="abc", document_title="t",
                                            signer_name="s", callback_url=receiver.url("esign"))) == (
        400, "invalid_request")


def test_sms_is_idempotent_on_client_ref_and_lands_in_the_outbox(sim: RunningSimulator) -> None:
    sms = SmsClient(f"{sim.url}/sms", SECRETS["sms"])
    message = dict(client_ref="c-1", phone="13800138000", template="confirm_code", params={"code": "123456"})
    first = sms.send(**message)
    assert sms.send(**message) == first
    sms.send(client_ref="c-2", phone="13900139000", template="confirm_code", params={"code": "654321"})
    status, outbox = phone("GET", f"{sim.url}/sms/sim/messages?phone=13800138000")
    assert status == 200
    (sent,) = outbox["messages"]
    assert sent == {**sent, "message_id": first["message_id"], "client_ref": "c-1", "phone": "13800138000",
                    "template": "confirm_code", "params": {"code": "123456"}}
    assert refusal(lambda: sms.send(client_ref="c-3", phone="2380013800", template="t", params={})) == (
        400, "invalid_request")


def test_unsigned_or_wrongly_signed_api_calls_are_401(sim: RunningSimulator, receiver: Receiver) -> None:
    payload = {"merchant_ref": "p-9", "amount": "1.00", "description": "x", "callback_url": receiver.url("bank")}
    assert phone("POST", f"{sim.url}/bank/v1/payments", payload)[0] == 401
    body = json.dumps(payload).encode()
    request = urllib.request.Request(f"{sim.url}/bank/v1/payments", data=body, method="POST",
                                     headers=sign(SECRETS["face"], body))
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    with caught.value as error:
        assert (error.code, json.loads(error.read())["code"]) == (401, "bad_signature")
    wrong = BankClient(f"{sim.url}/bank", "not-the-bank-secret")
    assert refusal(lambda: pay(wrong, receiver, "p-9")) == (401, "bad_signature")


def test_redeliver_sends_the_same_event_again(bank: BankClient, receiver: Receiver, sim: RunningSimulator) -> None:
    payment = pay(bank, receiver, "p-10")
    phone("POST", payment["pay_url"], {"outcome": "succeeded"})
    (event,) = receiver.wait("payment.succeeded")
    assert phone("POST", f"{sim.url}/bank/sim/callbacks/{event['event_id']}/redeliver") == (
        202, {"event_id": event["event_id"]})
    assert receiver.wait("payment.succeeded", 2) == [event, event]
    assert phone("POST", f"{sim.url}/face/sim/callbacks/{event['event_id']}/redeliver")[0] == 404


def test_a_callback_refused_with_500_is_retried(sim: RunningSimulator, receiver: Receiver) -> None:
    face = FaceVerificationClient(f"{sim.url}/face", SECRETS["face"])
    session = face.start(merchant_ref="f-2", purpose="contract_signing", callback_url=receiver.url("face"))
    receiver.failures_to_answer = 1
    phone("POST", session["qr_url"], {"name": "李四", "id_number": ID_NUMBER, "outcome": "failed"})
    (event,) = receiver.wait("face.failed")
    assert event["session_id"] == session["session_id"] and receiver.attempts == 2


def test_callbacks_carry_no_card_number_or_image(bank: BankClient, receiver: Receiver) -> None:
    mandate(bank, receiver, "m-4", GOOD_CARD)
    (event,) = receiver.wait("mandate.activated")
    text = json.dumps(event)
    assert GOOD_CARD not in text and base64.b64encode(PNG).decode() not in text


def escrow_account(bank: BankClient, receiver: Receiver, contract: str, name: str = "ccb",
                   channel: str = "online") -> str:
    return bank.open_escrow_account(merchant_ref=contract, bank=name, channel=channel,
                                    callback_url=receiver.url("bank"))["account_ref"]


def test_an_escrow_account_opens_once_at_a_bank_through_a_channel_it_offers(bank: BankClient,
                                                                            receiver: Receiver) -> None:
    ref = escrow_account(bank, receiver, "c-1")
    assert escrow_account(bank, receiver, "c-1") == ref
    assert escrow_account(bank, receiver, "c-2", "rcb", "branch") != ref
    assert refusal(lambda: escrow_account(bank, receiver, "c-3", "rcb", "online")) == (400, "invalid_request")


def test_a_deposit_on_the_control_path_calls_back_in_the_standard_webhooks_layout(
        bank: BankClient, receiver: Receiver, sim: RunningSimulator) -> None:
    ref = escrow_account(bank, receiver, "c-4")
    status, answer = phone("POST", f"{sim.url}/bank/sim/escrow-accounts/{ref}/deposits", {"amount_fen": 12345})
    assert status == 202
    (event,) = receiver.wait("deposit.received")
    assert (event["merchant_ref"], event["account_ref"], event["bank_ref"], event["amount_fen"]) == (
        "c-4", ref, answer["deposit_ref"], 12345)
    for bad in ({"amount_fen": "12345"}, {"amount_fen": 1.5}, {"amount_fen": 0}, {}):
        assert phone("POST", f"{sim.url}/bank/sim/escrow-accounts/{ref}/deposits", bad)[0] == 400


def test_a_release_pays_out_the_whole_balance_once_and_closes_the_account(
        bank: BankClient, receiver: Receiver, sim: RunningSimulator) -> None:
    ref = escrow_account(bank, receiver, "c-5")
    phone("POST", f"{sim.url}/bank/sim/escrow-accounts/{ref}/deposits", {"amount_fen": 500})
    receiver.wait("deposit.received")
    assert refusal(lambda: bank.release_escrow(account_ref=ref, merchant_ref="c-5/release", amount_fen=400)) == (
        409, "amount_not_balance")
    released = bank.release_escrow(account_ref=ref, merchant_ref="c-5/release", amount_fen=500)
    assert bank.release_escrow(account_ref=ref, merchant_ref="c-5/release", amount_fen=500) == released
    (event,) = receiver.wait("release.completed")
    assert (event["bank_ref"], event["amount_fen"]) == (released["release_ref"], 500)
    assert phone("GET", f"{sim.url}/bank/sim/escrow-accounts/{ref}")[1]["status"] == "closed"
    assert phone("POST", f"{sim.url}/bank/sim/escrow-accounts/{ref}/deposits", {"amount_fen": 1})[0] == 409
    assert refusal(lambda: bank.refund_escrow(account_ref=ref, merchant_ref="c-5/refund", amount_fen=500)) == (
        409, "account_not_open")
    time.sleep(0.2)
    assert len(receiver.of_type("release.completed")) == 1
