"""Registry's record of filed existing-home sales and the real-estate register's transfer webhooks, in memory:
signed reports are recorded once; forged, stale and replayed ones change nothing (R001.10, R001.17)."""
import base64
import json
import time

import pytest

from shared.errors import Conflict, InvalidInput, Unauthenticated
from shared.webhooks import sign
from services.registry.adapters.outbound_events import OUTBOUND
from services.registry.adapters.transfer_rpc import TransferRpc
from services.registry.domain.property_transfers import PropertyTransfer, transfer_id
from tests.unit.agency_support import make_app

SECRET = "realestate-secret"
FILING = "CLBA2026000001"


@pytest.fixture
def app(fast_passwords):
    registry = make_app(fast_passwords)
    registry.note_contract_filed(property_id="ZS-0001", contract_id="contract-1", filing_number=FILING)
    return registry


class Registry(TransferRpc):
    """The RPC entrypoint's logic, as the Nameko service runs it, over the in-memory application."""

    def __init__(self, app):
        self.app, self.real_estate = app, type("Register", (), {"secret": SECRET})()


def deliver(app, report, msg_id="msg_1", secret=SECRET, timestamp=None, body=None, headers=None):
    raw = body if body is not None else json.dumps(report).encode()
    signed = headers if headers is not None else sign(secret, msg_id, raw, timestamp=timestamp)
    return Registry(app).real_estate_callback(signed, base64.b64encode(raw).decode())


def report(kind="accepted", filing_number=FILING, property_id="ZS-0001"):
    return {"event_id": "x", "type": f"transfer.{kind}", "property_id": property_id, "filing_number": filing_number,
            "occurred_at": "2026-12-01T10:00:00+00:00"}


def history(app):
    return [type(event).__name__ for event in app.events.get(transfer_id("ZS-0001"))]


def test_r001_17_the_registers_signed_reports_are_recorded_and_leave_registry(app):
    assert deliver(app, report("accepted")) == {"recorded": True}
    assert deliver(app, report("registered"), msg_id="msg_2") == {"recorded": True}
    stored = list(app.events.get(transfer_id("ZS-0001")))
    assert [type(e).__name__ for e in stored] == ["Opened", "ContractFiledNoted", "TransferAccepted",
                                                   "TransferRegistered"]
    published = [OUTBOUND.published_form(e) for e in stored[2:]]
    assert [(language.name, payload) for language, payload in published] == [
        ("TransferAccepted", {"property_id": "ZS-0001", "filing_number": FILING}),
        ("TransferRegistered", {"property_id": "ZS-0001", "filing_number": FILING})]


def test_the_same_message_twice_counts_once(app):
    assert deliver(app, report("accepted")) == {"recorded": True}
    assert deliver(app, report("accepted")) == {"recorded": False}
    assert deliver(app, report("accepted"), msg_id="msg_again") == {"recorded": False}
    assert history(app).count("TransferAccepted") == 1


@pytest.mark.parametrize("secret, age", [("guessed-secret", 0), (SECRET, 301), (SECRET, -301)],
                         ids=["forged", "stale", "from the future"])
def test_forged_or_stale_reports_are_refused_and_change_nothing(app, secret, age):
    before = history(app)
    with pytest.raises(Unauthenticated) as refused:
        deliver(app, report("accepted"), secret=secret, timestamp=int(time.time()) - age)
    assert refused.value.code in ("bad_signature", "stale_signature")
    assert history(app) == before


def test_an_unsigned_or_tampered_report_changes_nothing(app):
    raw = json.dumps(report("accepted")).encode()
    with pytest.raises(Unauthenticated):
        deliver(app, None, body=raw, headers={})
    tampered = raw.replace(b"accepted", b"registered")
    with pytest.raises(Unauthenticated):
        deliver(app, None, body=tampered, headers=sign(SECRET, "msg_t", raw))
    assert history(app) == ["Opened", "ContractFiledNoted"]


def test_a_signed_report_of_the_wrong_shape_is_refused(app):
    with pytest.raises(InvalidInput):
        deliver(app, {"type": "transfer.lost", "property_id": "ZS-0001", "filing_number": FILING})
    with pytest.raises(InvalidInput):
        deliver(app, None, body=b"[1, 2]")
    assert history(app) == ["Opened", "ContractFiledNoted"]


def test_a_transfer_of_a_contract_not_filed_on_the_property_is_refused(app):
    with pytest.raises(Conflict) as refused:
        deliver(app, report("accepted", filing_number="CLBA2026999999"))
    assert refused.value.code == "filing_not_current"
    with pytest.raises(Conflict) as early:
        deliver(app, report("registered"), msg_id="msg_early")
    assert early.value.code == "transfer_not_accepted"
    app.note_contract_cancelled(property_id="ZS-0001", filing_number=FILING)
    with pytest.raises(Conflict):
        deliver(app, report("accepted"), msg_id="msg_late")


def test_contracts_events_are_noted_once_each():
    transfer = PropertyTransfer.open("ZS-0002")
    assert transfer.note_filed("c-1", "CLBA2026000002") and not transfer.note_filed("c-1", "CLBA2026000002")
    assert transfer.filed_contract == "CLBA2026000002"
    assert transfer.note_cancelled("CLBA2026000002") and not transfer.note_cancelled("CLBA2026000002")
    assert transfer.filed_contract is None
    assert not transfer.note_filed("c-1", "CLBA2026000002")  # a number is never filed again
