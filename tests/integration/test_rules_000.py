"""Guide 000 rules that need the running system: concurrency, time and the bureau's decisions."""
from concurrent.futures import ThreadPoolExecutor

from shared import settings
from services.filing.application.app import FilingApplication
from services.gateway.routes import REPLAY_SECONDS
from tests.integration import contract_flow as flow
from tests.integration.support import eventually, new_developer_with_rooms, room_status

APPROVALS = 50


def test_R000_13_filing_numbers_stay_unique_and_sequential_under_50_concurrent_approvals(stack, api, bureau):
    app = FilingApplication(env=settings.event_store_env("filing", stack.env()))
    import uuid

    contracts = [str(uuid.uuid4()) for _ in range(APPROVALS)]
    try:
        for contract_id in contracts:
            app.submit(contract_id=contract_id, developer_id=str(uuid.uuid4()), project_id="p",
                       room_id=str(uuid.uuid4()), text_hash="h")
    finally:
        app.close()

    def queued():
        pending = {f["contract_id"]: f["filing_id"] for f in bureau.ok("GET", "/api/v1/filings?state=pending")["filings"]}
        return all(c in pending for c in contracts) and pending

    pending = eventually(queued, timeout=30, what="all cases in the review queue")
    with ThreadPoolExecutor(APPROVALS) as pool:
        responses = list(pool.map(lambda c: bureau.call("POST", f"/api/v1/filings/{pending[c]}/approve"), contracts))
    assert [r.status_code for r in responses] == [200] * APPROVALS, [r.text for r in responses if r.status_code != 200]
    numbers = [r.json()["filing_number"] for r in responses]
    assert len(set(numbers)) == APPROVALS, "a filing number was issued twice"

    def register_complete():
        filed = bureau.ok("GET", "/api/v1/filings?state=filed")["filings"]
        return len([f for f in filed if f["contract_id"] in set(contracts)]) == APPROVALS and filed

    filed = eventually(register_complete, timeout=30, what="register shows every filing")
    serials = sorted(int(f["filing_number"].rsplit("-", 1)[1]) for f in filed)
    assert serials == list(range(1, len(serials) + 1)), "numbers are sequential with no gaps or reuse"


def test_R000_11_unconfirmed_24_hours_after_formal_print_the_contract_voids_and_the_room_is_for_sale(
        stack, api, bureau):
    estate = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=1)
    room_id = estate.rooms[0]["room_id"]
    contract = flow.formal_printed(estate.clerk, room_id)
    eventually(lambda: room_status(estate.clerk, estate.project_id, room_id) == "signing", what="signing")
    try:
        stack.move_clock(24 * 3600 + 60)
        eventually(lambda: flow.contract_state(estate.clerk, contract["contract_id"]) == "cancelled", timeout=40,
                   what="the expiry timer voids the contract")
    finally:
        stack.move_clock(0)
    assert estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}")["cancel_reason"] == "expired"
    eventually(lambda: room_status(estate.clerk, estate.project_id, room_id) == "available", what="room for sale")
    late = estate.clerk.call("POST", f"/api/v1/contracts/{contract['contract_id']}/confirm")
    assert late.status_code == 422


def test_R000_12_the_buyer_abandons_and_the_room_is_for_sale_again(api, bureau):
    estate = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=1)
    room_id = estate.rooms[0]["room_id"]
    contract = flow.formal_printed(estate.clerk, room_id)
    eventually(lambda: room_status(estate.clerk, estate.project_id, room_id) == "signing", what="signing")
    assert estate.clerk.ok("POST", f"/api/v1/contracts/{contract['contract_id']}/abandon")["state"] == "cancelled"
    eventually(lambda: room_status(estate.clerk, estate.project_id, room_id) == "available", what="room for sale")
    again = flow.draft(estate.clerk, room_id, buyer="王五")
    assert again["state"] == "drafted"


def test_R000_9_formal_print_without_a_preview_is_refused_and_changes_nothing(api, bureau):
    estate = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=1)
    contract = flow.draft(estate.clerk, estate.rooms[0]["room_id"])
    flow.fill(estate.clerk, contract["contract_id"])
    before = estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}")
    refused = estate.clerk.call("POST", f"/api/v1/contracts/{contract['contract_id']}/formal-print")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "preview_required"
    assert estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}") == before


def test_R000_2_promo_images_are_checked_for_type_and_size(api, bureau, estate):
    path = f"/api/v1/projects/{estate.project_id}/promo-image"
    not_an_image = estate.clerk.call("PUT", path, raw=b"GIF89a but not really", headers={"Content-Type": "image/png"})
    assert not_an_image.status_code == 400 and not_an_image.json()["error"]["code"] == "invalid_image"
    wrong_type = estate.clerk.call("PUT", path, raw=b"plain", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 400 and wrong_type.json()["error"]["code"] == "unsupported_media_type"
    too_big = estate.clerk.call("PUT", path, raw=b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1),
                                headers={"Content-Type": "image/png"})
    assert too_big.status_code == 400 and too_big.json()["error"]["code"] == "image_too_large"
    assert estate.clerk.ok("GET", f"/api/v1/projects/{estate.project_id}")["promo_image"] is None


def test_rebuilding_the_filing_register_gives_the_same_register(bureau):
    before = bureau.ok("GET", "/api/v1/filings")["filings"]
    bureau.ok("POST", "/api/v1/admin/filing-register/rebuild", timeout=REPLAY_SECONDS)
    assert bureau.ok("GET", "/api/v1/filings")["filings"] == before


def test_rebuilding_the_contract_list_gives_the_same_list(bureau):
    before = bureau.ok("GET", "/api/v1/contracts?state=drafted&state=formal_printed&state=confirmed&state=filed"
                              "&state=cancelled&state=filing_rejected&state=preview_printed&state=modified")
    applied = bureau.ok("POST", "/api/v1/admin/contract-views/rebuild", timeout=REPLAY_SECONDS)["applied"]
    assert applied["contracts"] > 0
    after = bureau.ok("GET", "/api/v1/contracts?state=drafted&state=formal_printed&state=confirmed&state=filed"
                             "&state=cancelled&state=filing_rejected&state=preview_printed&state=modified")
    assert after == before
