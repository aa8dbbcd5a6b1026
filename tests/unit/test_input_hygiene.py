"""Every text crossing the edge: no NUL, no control characters, no lone surrogates (line breaks only where a text
has several lines), NFC, ASCII digits, patterns that match the whole value."""
import json
import re

import pytest
from hypothesis import given, strategies as st
from marshmallow import ValidationError
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from shared.errors import InvalidInput, NotFound
from shared.fields import Integer, PayloadText, StrictSchema, Text, TextTree
from shared.nameko_kit.callbacks import handle_signed_callback
from shared.signed_callbacks import sign
from shared.text import MULTILINE_PATTERN, ONE_LINE_PATTERN, UnsafeText, clean_text, refused_character
from services.contracts.api.requests import ContractQuerySchema, PhoneSchema
from services.contracts.domain.template import TemplateError, validate_values
from services.gateway import commands
from services.gateway.auth import Principal
from services.gateway.routes import BY_NAME
from services.lottery.adapters.inbound_events import RoundOpened
from services.lottery.api.requests import OpenRoundSchema, RoomSearchSchema
from services.registry.api.requests import IntroSchema, RoomInfoSchema

CONTROL = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
ROOM = {"building": "1栋", "room_number": "101", "layout": "2室1厅", "orientation": "S", "area_sqm": "55.00"}
ROOM_INFO = {"area_sqm": "89.50", "usage": "residential", "layout": "3室2厅", "orientation": "S",
             "price_per_sqm": "38000.00"}


class OneLine(StrictSchema):
    text = Text(max_length=20)


class SeveralLines(StrictSchema):
    text = Text(max_length=20, multiline=True)


def messages(schema, data):
    with pytest.raises(ValidationError) as caught:
        schema.load(data)
    return caught.value.messages


@pytest.mark.parametrize("character", CONTROL)
def test_a_one_line_text_refuses_every_c0_and_c1_control_character(character):
    (message,) = messages(OneLine(), {"text": f"N{character}B"})["text"]
    assert f"U+{ord(character):04X} at position 2" in message


def test_the_message_names_the_problem():
    assert messages(OneLine(), {"text": "N\x00B"}) == {
        "text": ["control character U+0000 at position 2 is not allowed"]}
    assert messages(OneLine(), {"text": "a\ud800"}) == {"text": ["lone surrogate U+D800 at position 2 is not allowed"]}
    assert messages(OneLine(), {"text": "a\n"}) == {
        "text": ["line break U+000A at position 2 is not allowed in a one-line text"]}


@pytest.mark.parametrize("character", [c for c in CONTROL if c not in "\n\t"] + ["\ud800", "\udfff"])
def test_a_multiline_text_refuses_control_characters_but_line_feeds_and_tabs(character):
    assert "text" in messages(SeveralLines(), {"text": f"a{character}b"})


def test_a_multiline_text_keeps_line_feeds_and_tabs_and_makes_crlf_a_line_feed():
    assert SeveralLines().load({"text": "一\r\n二\n\t三"}) == {"text": "一\n二\n\t三"}
    assert "text" in messages(SeveralLines(), {"text": "一\r二"})


def test_texts_are_kept_in_nfc():
    assert OneLine().load({"text": "Cafe\u0301"}) == {"text": "Café"}
    assert clean_text("\u0041\u030a") == "\u00c5"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
               max_size=50))
def test_text_without_control_characters_passes_unchanged_but_for_nfc(text):
    assert refused_character(text) is None
    assert clean_text(text) == clean_text(clean_text(text))


@given(st.text(max_size=20), st.sampled_from(CONTROL), st.text(max_size=20))
def test_any_text_holding_a_control_character_is_refused(before, character, after):
    with pytest.raises(UnsafeText):
        clean_text(before + character + after, multiline=character not in "\n\t")
    if character not in "\n\t":
        with pytest.raises(UnsafeText):
            clean_text(before + character + after, multiline=True)


def test_lengths_are_required_and_kept():
    assert "text" in messages(OneLine(), {"text": ""})
    assert "text" in messages(OneLine(), {"text": "x" * 21})
    with pytest.raises(TypeError):
        Text()


def test_R004_3_a_round_with_nul_in_a_building_is_refused():
    round_ = {"name": "第一批", "preselection_start": "2026-06-01T09:00:00+08:00",
              "rooms": [ROOM, {**ROOM, "building": "N\u0000B"}]}
    assert messages(OpenRoundSchema(), round_) == {
        "rooms": {1: {"building": ["control character U+0000 at position 2 is not allowed"]}}}


@pytest.mark.parametrize("area", ["55.00\n", "٥٥.٠٠", "５５.００", "55.00 "])
def test_a_rooms_area_is_ascii_digits_only(area):
    assert "rooms" in messages(OpenRoundSchema(), {"name": "n", "preselection_start": "2026-06-01T09:00:00+08:00",
                                                   "rooms": [{**ROOM, "area_sqm": area}]})


@pytest.mark.parametrize("field,value", [("layout", "3室\x002厅"), ("layout", "3室\x1b[31m"), ("layout", "3室\x85"),
                                         ("area_sqm", "٨٩.٥٠"), ("price_per_sqm", "３８０００")])
def test_R000_4_room_info_refuses_control_characters_and_other_digits(field, value):
    assert field in messages(RoomInfoSchema(), {**ROOM_INFO, field: value})


@pytest.mark.parametrize("phone", ["13812345678\n", "1٣٨١٢٣٤٥٦٧٨", "١٣٨١٢٣٤٥٦٧٨", "13812345678 ", "1381234567８"])
def test_R004_11_a_phone_is_eleven_ascii_digits_and_nothing_after(phone):
    assert "phone" in messages(PhoneSchema(), {"phone": phone})
    assert PhoneSchema().load({"phone": "13812345678"}) == {"phone": "13812345678"}


def test_query_parameters_refuse_nul_and_other_digits():
    assert "building" in messages(RoomSearchSchema(), {"building": "\x00"})
    assert "limit" in messages(RoomSearchSchema(), {"limit": "١٠"})
    assert "offset" in messages(RoomSearchSchema(), {"offset": str(10 ** 30)})
    assert "state" in messages(ContractQuerySchema(), {"state": ["\x00"]})
    assert RoomSearchSchema().load({"building": "", "limit": "10"})["limit"] == 10


def test_an_integer_from_text_needs_ascii_digits():
    class Query(StrictSchema):
        n = Integer()

    assert Query().load({"n": "12"}) == {"n": 12}
    assert messages(Query(), {"n": "١٢"}) == {"n": ["write numbers with the digits 0-9"]}


def test_intros_keep_their_lines_but_not_control_characters():
    assert IntroSchema().load({"intro": "第一段\r\n第二段"}) == {"intro": "第一段\n第二段"}
    assert "intro" in messages(IntroSchema(), {"intro": "第一段\x00"})


def test_clause_text_refuses_c1_controls_and_lone_surrogates():
    for bad in ("地块\x85坐落", "地块\ud800"):
        with pytest.raises(TemplateError) as caught:
            validate_values("clause-1", {"land_location": bad})
        assert "land_location" in caught.value.details
    assert validate_values("clause-1", {"land_location": "深圳市\r\n南山区"}) == {"land_location": "深圳市\n南山区"}


def test_a_consumer_refuses_a_payload_with_nul_deep_in_its_rooms():
    assert "rooms" in messages(RoundOpened(), {"rooms": {"r1": {**ROOM, "building": "N\x00B"}}})
    assert RoundOpened().load({"rooms": {"r1": ROOM}}) == {"rooms": {"r1": ROOM}}


def test_payload_texts_may_be_empty_and_have_lines():
    class Payload(StrictSchema):
        reason = PayloadText()
        tree = TextTree(load_default=dict)

    assert Payload().load({"reason": ""}) == {"reason": "", "tree": {}}
    assert "tree" in messages(Payload(), {"reason": "x", "tree": {"k\x00": 1}})
    assert "tree" in messages(Payload(), {"reason": "x", "tree": {"k": [["\x07"]]}})


def test_path_parameters_and_headers_refuse_control_characters():
    assert commands.path_parameters({"section_id": "clause_3"}) == {"section_id": "clause_3"}
    round_id = "3f2b8c1e-0d4a-4f6b-9a7e-2c5d8e1f0a9b"
    assert commands.path_parameters({"round_id": round_id}) == {"round_id": round_id}
    with pytest.raises(NotFound):
        commands.path_parameters({"round_id": "abc"})
    with pytest.raises(InvalidInput) as caught:
        commands.path_parameters({"contract_id": "a\x00b"})
    assert caught.value.code == "invalid_input" and "contract_id" in caught.value.details
    with pytest.raises(InvalidInput) as caught:
        commands.path_parameters({"contract_id": "a" * 101})
    route = BY_NAME["confirm_room"]
    for key in ("k\x00", "k\x7f", "k\x85"):
        with pytest.raises(InvalidInput) as caught:
            commands.idempotency_key(route, key)
        assert caught.value.code == "invalid_idempotency_key"


def test_a_json_body_with_a_control_character_in_a_name_is_refused():
    route = BY_NAME["draft_contract"]
    with pytest.raises(InvalidInput) as caught:
        commands.json_object(route, b'{"buyer_name\\u0000": "x"}', "application/json", None)
    assert caught.value.code == "invalid_input"
    with pytest.raises(InvalidInput):
        commands.json_object(route, b'{"\\ud800": "x"}', "application/json", None)
    assert commands.json_object(route, b'{"buyer_name": "x"}', "application/json", None) == {"buyer_name": "x"}


def test_a_request_id_with_control_characters_is_refused():
    principal = Principal(user_id="u1", username="u1", role="developer", org_id=None, display_name="")
    assert commands.command_context(principal, None, "req-1")["correlation_id"] == "req-1"
    assert commands.command_context(principal, None, "")["correlation_id"]
    for request_id in ("req\x00", "req\x1b", "r" * 101):
        with pytest.raises(InvalidInput) as caught:
            commands.command_context(principal, None, request_id)
        assert caught.value.code == "invalid_request_id"


def test_a_signed_callback_holding_a_control_character_is_refused_and_not_recorded():
    recorded = []
    for report, status in (({"type": "face.passed", "merchant_ref": "m1", "name": "张\u0000三"}, 400),
                           ({"type": "face.passed", "merchant_ref": "m1", "extra": {"k": ["\u0085"]}}, 400),
                           ({"type": "face.passed", "merchant_ref": "m1", "name": "张三"}, 200)):
        body = json.dumps(report).encode()
        request = Request(EnvironBuilder(method="POST", data=body, headers=sign("s", body)).get_environ())
        response = handle_signed_callback(request, "s", lambda r: recorded.append(r) or True)
        assert response.status_code == status
    assert recorded == [{"type": "face.passed", "merchant_ref": "m1", "name": "张三"}]


@given(st.text(max_size=30))
def test_the_openapi_patterns_say_what_the_fields_accept(text):
    assert bool(re.fullmatch(ONE_LINE_PATTERN, text)) == (refused_character(text) is None)
    assert bool(re.fullmatch(MULTILINE_PATTERN, text)) == (refused_character(text, multiline=True) is None)
