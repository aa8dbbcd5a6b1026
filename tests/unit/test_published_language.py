"""The published language and its consumers agree (issue 11): every event a consumer reads is one its producer
declares, in that version, with every field the consumer needs and of the same kind; every producer maps each
declared event from a domain event that carries its payload; personal data leaves masked."""
from __future__ import annotations

import importlib

import pytest
from eventsourcing.utils import resolve_topic
from marshmallow import fields

from services import directory
from services.gateway.broadcast import BROADCAST
from shared.consumer_declaration import ConsumerDeclaration
from shared.integration import IntegrationEvent, Outbound, mask


def declared_consumers() -> list[tuple[str, ConsumerDeclaration]]:
    found = [("gateway", BROADCAST)]
    for service in directory.SERVICES:
        for process in service.processes:
            for declaration in getattr(resolve_topic(process.nameko_service), "consumer_declarations", ()):
                found.append((process.name, declaration))
    return found


def language_of(source: str):
    return importlib.import_module(f"services.{source}.api.events").LANGUAGE


def kind(field: fields.Field) -> str:
    """A consumer may read a producer's tree with a schema of its own (Nested): both are trees."""
    for cls, name in ((fields.Boolean, "flag"), (fields.Integer, "integer"), (fields.Dict, "tree"),
                      (fields.Nested, "tree"), (fields.List, "list"), (fields.String, "text")):
        if isinstance(field, cls):
            return name
    return type(field).__name__


READS = [(process, d.name, read) for process, d in declared_consumers() for read in d.reads]


def problems(consumer: str, read, language) -> list[str]:
    """What is wrong between one read of a consumer and its producer's language (nothing, when they agree)."""
    produced = language.get(read.type)
    if produced is None:
        return [f"{consumer} reads {read.source} {read.type}, which {read.source} does not publish"]
    if produced.version != read.version:
        return [f"{consumer} reads {read.type} v{read.version}, {read.source} publishes v{produced.version}"]
    theirs, found = produced.schema._declared_fields, []
    for name, field in read.schema.fields.items():
        if field.required and name not in theirs:
            found.append(f"{consumer} needs {read.type}.{name}, which {read.source} does not publish")
        elif name in theirs and kind(field) != kind(theirs[name]):
            found.append(f"{read.type}.{name} is {kind(field)} in {consumer}'s copy, "
                         f"{kind(theirs[name])} in {read.source}'s")
    return found


@pytest.mark.parametrize("process, consumer, read", READS,
                         ids=[f"{c}:{r.source}.{r.type}" for _, c, r in READS])
def test_every_read_is_published_by_its_producer_with_the_fields_it_needs(process, consumer, read):
    assert problems(consumer, read, language_of(read.source)) == []


def test_a_producer_dropping_a_type_or_a_field_a_consumer_reads_is_caught():
    registry = language_of("registry")
    affected = [(c, r) for _, c, r in READS if (r.source, r.type) == ("registry", "RoomPublished")]
    assert affected
    dropped = type(registry)(registry.source, tuple(e for e in registry.events if e.name != "RoomPublished"))
    assert all(problems(c, r, dropped) for c, r in affected)
    published = registry.get("RoomPublished")
    thinner = {n: f for n, f in published.schema._declared_fields.items() if n != "saleable"}
    from shared.integration import payload

    narrowed = type(registry)(registry.source, (IntegrationEvent("RoomPublished", 2, payload(**thinner)),))
    assert all(any("saleable" in p for p in problems(c, r, narrowed)) for c, r in affected)


@pytest.mark.parametrize("name", directory.RELAYED)
def test_every_relayed_service_maps_each_declared_event_from_a_domain_event(name):
    outbound = resolve_topic(directory.BY_NAME[name].publishes)
    assert isinstance(outbound, Outbound) and outbound.source == name
    assert outbound.language is language_of(name)
    assert {event.name for event, _ in outbound._entries.values()} == {e.name for e in outbound.language.events}


def test_a_mapping_to_an_undeclared_event_or_from_a_class_without_its_fields_is_refused():
    from services.registry.api import events
    from services.registry.domain.rooms import Room

    stray = IntegrationEvent("Stray", 1, events.ROOM_RETIRED.schema)
    with pytest.raises(ValueError, match="does not declare"):
        Outbound(events.LANGUAGE, {Room.RoomRetired: stray})
    with pytest.raises(ValueError, match="has no"):
        Outbound(events.LANGUAGE, {Room.RoomRetired: events.ROOM_PUBLISHED})


def test_personal_data_leaves_masked():
    from services.contracts.adapters.outbound_events import OUTBOUND
    from services.contracts.domain.contract import Contract

    assert mask("张三") == "张*" and mask("欧阳娜娜") == "欧***" and mask("") == ""
    from tests.unit.test_contract import drafted

    contract = drafted()
    event = next(e for e in contract.collect_events() if isinstance(e, Contract.ContractDrafted))
    published, payload = OUTBOUND.published_form(event)
    assert published.personal == ("buyer_name", "buyer_id_number", "buyer_address")
    assert payload["buyer_name"] == "张*" and "sections" not in payload
    assert payload["buyer_id_number"] == "4" + "*" * 17 and payload["buyer_phone_masked"] == "138****4567"
    assert payload["buyer_address"].startswith("湖*") and payload["buyer_id_type"] == "resident_id"


def test_personal_fields_must_exist_in_the_payload():
    from shared.integration import payload, text

    with pytest.raises(ValueError, match="personal"):
        IntegrationEvent("X", 1, payload(a=text()), personal=("name",))


def test_internal_events_stay_inside():
    from services.lottery.adapters.outbound_events import OUTBOUND
    from services.lottery.domain.session import SelectionSession

    internal = {SelectionSession.RulesAccepted, SelectionSession.CartChanged}
    assert not internal & set(OUTBOUND.domain_classes())
