"""Room info review (R000.4, R000.5), including property-based tests of the room's state machine."""
import uuid

import pytest
from hypothesis import given, strategies as st

from shared.errors import RuleViolation
from services.registry.domain.rooms import NO_INFO, PENDING_REVIEW, PUBLISHED, REJECTED, Room

INFO = {"area_sqm": "89.50", "usage": "residential", "layout": "3室2厅", "orientation": "S",
        "price_per_sqm": "7800.00", "saleable": True}


def new_room():
    return Room.define(id=uuid.uuid4(), building_id="b", project_id="p", developer_id="d", floor=1,
                       room_number="101", building_name="1栋", project_name="明珠花园", developer_name="示范置业")


def test_R000_4_developer_fills_a_room_without_info_and_submits_it_for_review():
    room = new_room()
    assert room.state == NO_INFO
    room.submit_info(INFO)
    assert room.state == PENDING_REVIEW and room.proposed_info == INFO and room.info is None


def test_R000_5_approval_publishes_the_room():
    room = new_room()
    room.submit_info(INFO)
    room.approve()
    assert room.state == PUBLISHED and room.info == INFO
    published = room.collect_events()[-1]
    assert type(published).__name__ == "RoomPublished" and published.saleable is True


def test_R000_5_non_saleable_rooms_are_published_but_not_for_sale():
    room = new_room()
    room.submit_info({**INFO, "usage": "property_management", "saleable": False})
    room.approve()
    assert room.collect_events()[-1].saleable is False


def test_R000_5_rejection_needs_reasons_and_allows_resubmission():
    room = new_room()
    room.submit_info(INFO)
    with pytest.raises(RuleViolation):
        room.reject([])
    room.reject(["面积与测绘报告不符"])
    assert room.state == REJECTED and room.rejection_reasons == ["面积与测绘报告不符"]
    room.submit_info({**INFO, "area_sqm": "88.10"})
    assert room.state == PENDING_REVIEW


def test_R000_4_published_info_cannot_be_resubmitted_by_the_developer():
    room = new_room()
    room.submit_info(INFO)
    room.approve()
    with pytest.raises(RuleViolation) as info:
        room.submit_info(INFO)
    assert info.value.code == "room_already_published"


COMMANDS = st.lists(st.sampled_from(["submit", "approve", "reject", "reject_empty"]), max_size=25)


@given(COMMANDS)
def test_no_command_sequence_breaks_the_room_review_state_machine(commands):
    room = new_room()
    was_published = False
    for command in commands:
        before = (room.state, room.version)
        try:
            if command == "submit":
                room.submit_info(INFO)
            elif command == "approve":
                room.approve()
            elif command == "reject":
                room.reject(["reason"])
            else:
                room.reject([])
        except RuleViolation:
            assert (room.state, room.version) == before, "a refused command changes nothing"
            continue
        assert room.version == before[1] + 1
        was_published = was_published or room.state == PUBLISHED
    assert room.state in (NO_INFO, PENDING_REVIEW, PUBLISHED, REJECTED)
    if was_published:
        assert room.state == PUBLISHED, "publication is final for the developer"
        assert room.info == INFO
    copy = Room.__new__(Room)
    assert room.version == len(room.pending_events)
    for event in room.pending_events:
        copy = event.mutate(None if event.originator_version == 1 else copy)
    assert copy.state == room.state, "replaying the events rebuilds the same state"
