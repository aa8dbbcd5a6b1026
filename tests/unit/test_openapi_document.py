"""The OpenAPI document says what the server does (issue #10, section 6)."""
from __future__ import annotations

import re

import pytest
import schemathesis
from marshmallow import ValidationError

from services.gateway import commands
from services.gateway.openapi import build_spec
from services.gateway.routes import ROUTES, openapi_path
from shared.fields import DecimalString


@pytest.fixture(scope="module")
def spec():
    return build_spec()


def operation(spec, route):
    return spec["paths"][openapi_path(route.path)][route.method.lower()]


def resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_the_document_is_valid_openapi_that_schemathesis_loads(spec):
    schema = schemathesis.openapi.from_dict(spec)
    assert len(list(schema.get_all_operations())) == len(ROUTES)


def test_every_json_answer_has_a_declared_schema_and_files_and_streams_their_media_types(spec):
    for route in ROUTES:
        content = operation(spec, route)["responses"]["200"]["content"]
        if route.stream:
            assert list(content) == ["text/event-stream"]
        elif route.binary:
            assert set(content) == set(route.media) and all("/" in kind for kind in route.media)
        else:
            declared = resolve(spec, content["application/json"]["schema"])
            assert declared.get("properties"), route.name
            assert declared["additionalProperties"] is False, route.name


def test_binary_answers_name_their_real_media_types(spec):
    assert set(operation(spec, next(r for r in ROUTES if r.name == "contract_pdf"))["responses"]["200"]["content"]) \
        == {"application/pdf"}
    assert set(operation(spec, next(r for r in ROUTES if r.name == "get_promo_image"))["responses"]["200"]["content"]) \
        == {"image/png", "image/jpeg"}


def test_the_session_stream_is_declared_as_server_sent_events(spec):
    stream = spec["paths"]["/api/v1/lottery/sessions/{session_id}/stream"]["get"]
    assert "text/event-stream" in stream["responses"]["200"]["content"]


def test_amounts_are_strings_with_a_pattern_never_numbers(spec):
    room_info = spec["components"]["schemas"]["RoomInfo"]["properties"]
    for name in ("area_sqm", "price_per_sqm"):
        assert room_info[name]["type"] == "string" and room_info[name]["pattern"]
        assert re.match(room_info[name]["pattern"], room_info[name]["example"])
    for schema in spec["components"]["schemas"].values():
        for name, prop in schema.get("properties", {}).items():
            if name in ("area_sqm", "price_per_sqm", "monthly_rent", "deposit", "rent_per_sqm", "amount"):
                assert prop["type"] == "string", name


def test_a_pattern_declared_for_amounts_is_accepted_by_the_server_field():
    field = DecimalString("1", "100000", required=True)
    assert field.deserialize("89.5") == "89.50"
    with pytest.raises(ValidationError):
        field.deserialize(89.5)


def test_selection_commands_require_an_idempotency_key_and_others_may_send_one(spec):
    for route in ROUTES:
        headers = {p["name"]: p for p in operation(spec, route)["parameters"] if p["in"] == "header"}
        if route.burst:
            assert headers["Idempotency-Key"]["required"] is True, route.name
        elif "Idempotency-Key" in headers:
            assert headers["Idempotency-Key"]["required"] is False, route.name


def test_errors_are_documented_with_the_error_body_and_retry_after_on_429_and_503(spec):
    for route in ROUTES:
        responses = operation(spec, route)["responses"]
        for status in ("400", "401", "403", "404", "409", "422", "429", "500", "503"):
            assert responses[status]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        assert responses["429"]["headers"]["Retry-After"]["required"] is True
        assert responses["503"]["headers"]["Retry-After"]["required"] is True


def test_the_mandate_form_is_one_object_with_its_fields_and_its_files(spec):
    form = spec["paths"]["/api/v1/leases/{lease_id}/mandate"]["post"]["requestBody"]["content"]["multipart/form-data"]
    schema = form["schema"]
    assert "allOf" not in schema
    assert set(schema["required"]) == {"account_holder", "card_number", "card_front", "card_back"}
    assert set(schema["properties"]) == set(schema["required"])
    assert schema["properties"]["card_front"] == {"type": "string", "format": "binary"}


def test_query_parameters_are_declared_one_by_one_from_the_query_schemas(spec):
    for route in ROUTES:
        if route.query is None:
            continue
        declared = {p["name"] for p in operation(spec, route)["parameters"] if p["in"] == "query"}
        assert declared == set(commands.schema(route.query).fields), route.name


def test_the_size_limits_are_documented(spec):
    description = spec["info"]["description"]
    assert "120 floors × 40 units per floor = 4800 rooms" in description
    assert f"{commands.MAX_BODY_BYTES} bytes" in description and "families registered" in description


def test_an_answer_off_its_schema_is_refused_in_strict_mode(monkeypatch):
    route = next(r for r in ROUTES if r.name == "register_developer")
    good = {"developer_id": "8f14e45f-ceea-467f-a0e6-4b3b0f0a3a6c"}
    assert commands.checked_answer(route, good) == good
    monkeypatch.setattr(commands, "ANSWER_CHECK", "strict")
    for bad in ({"developer_id": "x"}, {**good, "secret": "leaked"}, {}):
        with pytest.raises(commands.AnswerOffSchema):
            commands.checked_answer(route, bad)
    pdf = next(r for r in ROUTES if r.name == "contract_pdf")
    with pytest.raises(commands.AnswerOffSchema):
        commands.checked_answer(pdf, {"content_type": "text/html", "data_base64": ""})


def test_an_answer_off_its_schema_is_logged_and_sent_in_log_mode(monkeypatch):
    route = next(r for r in ROUTES if r.name == "register_developer")
    monkeypatch.setattr(commands, "ANSWER_CHECK", "log")
    assert commands.checked_answer(route, {"developer_id": "x"}) == {"developer_id": "x"}


def test_405_answers_carry_allow():
    body, status, headers = commands.method_not_allowed("OPTIONS", ["POST", "GET", "POST"])
    assert status == 405 and headers == {"Allow": "GET, POST"}
    assert body["error"]["details"]["allowed"] == ["GET", "POST"]


def test_a_path_id_that_is_not_a_uuid_names_nothing(spec):
    from shared.errors import NotFound

    with pytest.raises(NotFound) as refused:
        commands.path_ids({"contract_id": "00", "section_id": "clause-4"})
    assert refused.value.code == "contract_not_found"
    good = {"contract_id": "8f14e45f-ceea-467f-a0e6-4b3b0f0a3a6c", "section_id": "clause-4"}
    assert commands.path_ids(good) == good
    parameters = spec["paths"]["/api/v1/contracts/{contract_id}/clauses/{section_id}"]["put"]["parameters"]
    schemas = {p["name"]: p["schema"] for p in parameters if p["in"] == "path"}
    assert schemas == {"contract_id": {"type": "string", "format": "uuid"},
                       "section_id": {"type": "string", "minLength": 1}}
