"""Only declared integration events reach RabbitMQ (issue 11): a stored domain event that its service does not
declare stays inside, the next published one says where the previous was, and a consumer moves past the gap."""
from __future__ import annotations

import json
import time
import uuid

import pika

from shared import settings
from shared.context import CommandContext
from services.registry.application.app import RegistryApplication
from tests.integration.support import eventually, log_head, read_source_log, unique_credit_code




def test_an_undeclared_domain_event_never_reaches_the_exchange(stack):
    connection = pika.BlockingConnection(pika.URLParameters(stack.env()["AMQP_URI"]))
    try:
        channel = connection.channel()
        queue = channel.queue_declare("", exclusive=True).method.queue
        channel.queue_bind(queue, "registry.events", "#")
        app = RegistryApplication(env=settings.event_store_env("registry", stack.env()))
        ctx = CommandContext(actor_id="t", role="system", correlation_id="published-language")
        try:
            before = log_head(stack, "registry")
            app.open_account(ctx, username=f"auditor-{uuid.uuid4().hex[:8]}", password="Passw0rd!Passw0rd",
                             role="auditor", org_id=None, display_name="审计员")
            internal = log_head(stack, "registry")
            developer = app.register_developer(ctx, name="发布语言置业", credit_code=unique_credit_code())
        finally:
            app.close()
        assert internal > before

        def arrived():
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            return json.loads(body) if method else None

        published = eventually(arrived, what="the declared event on registry.events")
        assert (published["type"], published["aggregate_id"]) == ("DeveloperRegistered", developer)
        assert published["previous_position"] < internal < published["position"]
        time.sleep(1.0)
        assert arrived() is None, "nothing else, and never the account (AccountOpened is internal)"
        assert all(e["type"] != "AccountOpened" for e in read_source_log(stack, "registry", after=before)), \
            "the catch-up path publishes the same language"
    finally:
        connection.close()


def test_the_buyers_name_leaves_contracts_masked_and_the_contract_itself_keeps_it(estate):
    """Lists built from the published language (the developer's contract list) show the masked name; the
    contract, read from its own store by someone allowed to, shows it whole."""
    from tests.integration.contract_flow import formal_printed

    contract = formal_printed(estate.clerk, estate.rooms[0]["room_id"])
    listed = eventually(lambda: next((c for c in estate.clerk.ok("GET", "/api/v1/contracts")["contracts"]
                                      if c["contract_id"] == contract["contract_id"]), None), what="the list")
    assert listed["buyer_name"] == "张*"
    assert estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}")["buyer_name"] == "张三"
