"""Every process serves Prometheus metrics; logs are JSON lines carrying correlation ids."""
import json

import requests

from tests.integration.support import eventually


def metrics(stack, name):
    spec = stack.specs[name]
    response = requests.get(f"http://127.0.0.1:{spec.metrics_port or spec.port}/metrics", timeout=5)
    assert response.status_code == 200
    return response.text


def test_gateway_services_and_relays_serve_metrics(stack, estate):
    estate.clerk.ok("GET", f"/api/v1/projects/{estate.project_id}/room-map")
    assert 'housing_http_requests_total{method="GET",route="room_map",status="200"}' in metrics(stack, "gateway")
    assert 'housing_rpc_seconds_count{entrypoint="room_map_of_project",outcome="ok",service="registry"}' \
        in metrics(stack, "registry")
    assert "housing_events_consumed_total" in metrics(stack, "registry")
    assert eventually(lambda: 'housing_relay_position{source="registry"}' in metrics(stack, "relay-registry"))
    assert 'housing_relay_lag_events{source="contracts"}' in metrics(stack, "relay-contracts")


def test_service_logs_are_json_with_the_request_correlation_id(stack, estate):
    response = estate.clerk.call("PUT", f"/api/v1/rooms/{estate.rooms[0]['room_id']}/info",
                                 {"info": {"area_sqm": "1.00", "usage": "residential", "layout": "x",
                                           "orientation": "S", "price_per_sqm": "1.00"}},
                                 headers={"X-Request-Id": "corr-log-check"})
    assert response.status_code == 422  # already published: refused, and logged
    lines = stack.log_file("registry").read_text().splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert records, "registry logs JSON lines"
    assert any(r.get("correlation_id") == "corr-log-check" for r in records)
