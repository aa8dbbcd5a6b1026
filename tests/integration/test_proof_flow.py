"""The foundation's proof, over HTTP with signed-in users: registry publishes a room, contracts drafts
a contract for it, and registry's room map moves the room to `signing` through RabbitMQ."""
from services.gateway.routes import REPLAY_SECONDS
from tests.integration.support import (ROOM_INFO, eventually, new_developer_with_rooms, read_source_log,
                                       room_status)


def test_publish_draft_and_the_room_map_follows(api, bureau):
    estate = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=2, publish=False)
    room_id = estate.rooms[0]["room_id"]
    clerk = estate.clerk
    assert eventually(lambda: room_status(clerk, estate.project_id, room_id) == "no_info", what="room defined")

    clerk.ok("PUT", f"/api/v1/rooms/{room_id}/info", {"info": ROOM_INFO})
    eventually(lambda: room_status(clerk, estate.project_id, room_id) == "pending_review", what="pending review")
    bureau.ok("POST", f"/api/v1/rooms/{room_id}/review", {"approve": True})
    eventually(lambda: room_status(clerk, estate.project_id, room_id) == "available", what="published")

    contract = eventually(lambda: _draft(clerk, room_id), what="contracts heard of the published room")
    assert contract["state"] == "drafted"
    eventually(lambda: room_status(clerk, estate.project_id, room_id) == "signing", what="room map → signing")
    other = estate.rooms[1]["room_id"]
    assert room_status(clerk, estate.project_id, other) == "no_info"


def test_every_event_records_the_acting_user_and_correlation(stack, api, bureau, estate):
    room_id = estate.rooms[0]["room_id"]
    response = eventually(lambda: _draft_response(estate.clerk, room_id, "req-proof-1"), what="draft accepted")
    contract_id = response.json()["contract_id"]
    assert response.headers["X-Request-Id"] == "req-proof-1"
    drafted = [e for e in read_source_log(stack, "contracts")
               if e["aggregate_id"] == contract_id and e["type"] == "ContractDrafted"]
    assert len(drafted) == 1
    assert drafted[0]["actor"] == {"actor_id": estate.clerk.user["user_id"], "role": "developer",
                                   "org_id": estate.developer_id}
    assert drafted[0]["correlation_id"] == "req-proof-1"
    published = [e for e in read_source_log(stack, "registry")
                 if e["aggregate_id"] == room_id and e["type"] == "RoomPublished"]
    assert published[0]["actor"]["actor_id"] == bureau.user["user_id"]
    assert published[0]["actor"]["role"] == "bureau_officer"


def _draft_response(clerk, room_id, request_id):
    response = clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "张三"},
                          headers={"X-Request-Id": request_id})
    return response if response.status_code == 200 else None


def _draft(clerk, room_id):
    response = clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "张三"})
    if response.status_code == 409 and response.json()["error"]["code"] == "room_not_available":
        return None
    assert response.status_code == 200, response.text
    return response.json()


def test_rebuilding_the_room_map_from_the_event_stores_gives_the_same_map(api, bureau, estate):
    room_id = estate.rooms[0]["room_id"]
    eventually(lambda: _draft(estate.clerk, room_id), what="a contract in the map")
    eventually(lambda: room_status(estate.clerk, estate.project_id, room_id) == "signing", what="signing")
    before = estate.clerk.ok("GET", f"/api/v1/projects/{estate.project_id}/room-map")["rooms"]
    applied = bureau.ok("POST", "/api/v1/admin/room-map/rebuild", timeout=REPLAY_SECONDS)["applied"]
    assert applied["registry"] > 0 and applied["contracts"] > 0
    after = estate.clerk.ok("GET", f"/api/v1/projects/{estate.project_id}/room-map")["rooms"]
    assert after == before
