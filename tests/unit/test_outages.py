"""A broker or database that is away is a 503 `service_unavailable` with Retry-After, counted by dependency,
and the caller never sees the failure's own text; anything else unexpected is a plain 500."""
from __future__ import annotations

import asyncio
import json

import aiormq.exceptions
import eventlet
import kombu.exceptions
import psycopg
import psycopg_pool
import pytest
from eventsourcing import persistence
from nameko.amqp.publish import UndeliverableMessage
from nameko.exceptions import RemoteError

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from shared import metrics, outages, signed_callbacks
from shared.nameko_kit.callbacks import handle_signed_callback
from shared.nameko_kit.replies import SurvivingRpcConsumer
from shared.errors import NotFound, Unavailable
from shared.nameko_kit.edge import database_outage_as_unavailable, edge
from shared.nameko_kit.rpc import ServiceCaller
from services.gateway import commands
from services.gateway.selection_edge.nameko_rpc import NamekoRpcClient

INTERNAL_TEXT = ("Errno", "ECONNREFUSED", "OperationalError", "Connection refused", "127.0.0.1", "psycopg")
CTX = {"actor_id": "officer-1", "role": "bureau_officer", "correlation_id": "corr-1"}


def unavailable_count(dependency: str) -> float:
    return metrics.DEPENDENCY_UNAVAILABLE.labels(dependency)._value.get()


def assert_says_nothing_internal(text: str) -> None:
    assert not [word for word in INTERNAL_TEXT if word in text], text


class _Consumer:
    def wait_until_consumer_ready(self) -> None:
        pass


class FakeReplyListener:
    """Nameko's reply listener as the caller sees it: replies registered by correlation id."""

    def __init__(self, answer: object = None) -> None:
        self.consumer = _Consumer()
        self.pending: dict[str, eventlet.Event] = {}
        self.answer = answer

    def register_for_reply(self, correlation_id: str):
        event = eventlet.Event()
        self.pending[correlation_id] = event
        if self.answer is not None:
            event.send(self.answer)
        return event.wait


def publisher_raising(exc: BaseException):
    def publish(payload, **kwargs):
        raise exc
    return publish


# The Nameko door: ServiceRpc's caller --------------------------------------------------------------

def test_a_broker_that_refuses_the_connection_is_a_counted_service_unavailable():
    listener = FakeReplyListener()
    caller = ServiceCaller(publisher_raising(kombu.exceptions.OperationalError("[Errno 111] ECONNREFUSED")),
                           listener, {})
    before = unavailable_count("broker")
    with pytest.raises(Unavailable) as refused:
        caller.call("registry", "register_developer", ctx=CTX, body={})
    assert refused.value.code == "service_unavailable" and refused.value.status == 503
    assert_says_nothing_internal(str(refused.value.as_dict()))
    assert unavailable_count("broker") == before + 1
    assert listener.pending == {}, "a failed call leaves no pending reply behind"


@pytest.mark.parametrize("cut", [ConnectionResetError(104, "Connection reset by peer"),
                                 BrokenPipeError(32, "Broken pipe")])
def test_a_connection_cut_under_the_publisher_is_service_unavailable(cut):
    caller = ServiceCaller(publisher_raising(cut), FakeReplyListener(), {})
    with pytest.raises(Unavailable) as refused:
        caller.call("registry", "register_developer", ctx=CTX)
    assert refused.value.code == "service_unavailable"


def test_a_service_with_no_running_instance_is_counted_as_the_service():
    caller = ServiceCaller(publisher_raising(UndeliverableMessage()), FakeReplyListener(), {})
    before = unavailable_count("service")
    with pytest.raises(Unavailable) as refused:
        caller.call("filing", "list_filings", ctx=CTX)
    assert refused.value.code == "service_unavailable"
    assert unavailable_count("service") == before + 1


def test_a_service_that_does_not_answer_in_time_is_upstream_timeout():
    listener = FakeReplyListener()
    caller = ServiceCaller(lambda payload, **kwargs: None, listener, {})
    with pytest.raises(Unavailable) as refused:
        caller.call("filing", "list_filings", timeout=0.05, ctx=CTX)
    assert refused.value.code == "upstream_timeout" and refused.value.status == 503
    assert listener.pending == {}


def test_an_answer_passes_through_untouched():
    caller = ServiceCaller(lambda payload, **kwargs: None, FakeReplyListener({"result": {"ok": 1}, "error": None}), {})
    assert caller.call("registry", "get_room", ctx=CTX, room_id="r") == {"ok": 1}


class _Message:
    properties = {"correlation_id": "c-1", "reply_to": "r-1", "content_type": "application/json"}
    delivery_info = {"routing_key": "registry.register_developer"}


def test_a_reply_the_broker_cannot_take_does_not_stop_the_service(monkeypatch):
    class RefusedResponder:
        def __init__(self, *args, **kwargs):
            pass

        def send_response(self, result, exc_info):
            raise kombu.exceptions.OperationalError("[Errno 111] ECONNREFUSED")

    acked = []
    monkeypatch.setattr("nameko.rpc.Responder", RefusedResponder)
    consumer = SurvivingRpcConsumer()
    consumer.consumer = type("Consumer", (), {"ack_message": lambda self, message: acked.append(message)})()
    assert consumer.handle_result(_Message(), {"developer_id": "d"}, None) == ({"developer_id": "d"}, None)
    assert acked == [], "left unacknowledged: the broker hands the request out again after the reconnection"


def test_every_rpc_entrypoint_of_a_service_process_uses_the_surviving_consumer():
    import nameko.rpc

    import shared.nameko_kit  # noqa: F401  (what every service process imports)

    assert isinstance(nameko.rpc.Rpc.rpc_consumer, SurvivingRpcConsumer)


# A service's own RPC edge --------------------------------------------------------------------------

@pytest.mark.parametrize("failure", [
    psycopg.OperationalError("connection failed: Connection refused"),
    psycopg_pool.PoolTimeout("couldn't get a connection after 30.00 sec"),
    persistence.OperationalError("server closed the connection unexpectedly"),
    persistence.InterfaceError("the connection is closed"),
])
def test_a_service_whose_database_is_away_answers_unavailable(failure):
    class Service:
        @edge(roles=("bureau_officer",))
        def get_developer(self, ctx, developer_id):
            raise failure

    before = unavailable_count("database")
    with pytest.raises(Unavailable) as refused:
        Service().get_developer(CTX, developer_id="d")
    assert refused.value.code == "service_unavailable"
    assert_says_nothing_internal(str(refused.value.as_dict()))
    assert unavailable_count("database") == before + 1


def test_the_edge_leaves_domain_errors_and_real_bugs_alone():
    class Service:
        @edge()
        def missing(self, ctx):
            raise NotFound("no such developer")

        @edge()
        def broken(self, ctx):
            raise KeyError("a bug")

    with pytest.raises(NotFound):
        Service().missing(CTX)
    with pytest.raises(KeyError):
        Service().broken(CTX)


def test_rpc_methods_without_an_edge_map_a_database_outage_too():
    @database_outage_as_unavailable
    def authenticate(body):
        raise persistence.OperationalError("could not connect to server")

    with pytest.raises(Unavailable) as refused:
        authenticate({})
    assert refused.value.code == "service_unavailable"


def test_a_signed_callback_that_cannot_be_recorded_for_the_database_is_503_so_the_party_retries():
    body = json.dumps({"type": "payment.succeeded", "merchant_ref": "m-1"}).encode()
    request = Request(EnvironBuilder(method="POST", path="/callbacks/bank", data=body,
                                     headers=signed_callbacks.sign("secret", body)).get_environ())

    def record(report):
        raise persistence.OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    answer = handle_signed_callback(request, "secret", record)
    assert answer.status_code == 503
    assert json.loads(answer.get_data())["error"]["code"] == "service_unavailable"
    assert_says_nothing_internal(answer.get_data(as_text=True))


# The answer both gateway doors give ---------------------------------------------------------------

@pytest.mark.parametrize("failure,dependency", [
    (kombu.exceptions.OperationalError("[Errno 111] ECONNREFUSED"), "broker"),
    (ConnectionRefusedError(111, "Connection refused"), "broker"),
    (psycopg.OperationalError("connection to 127.0.0.1 failed"), "database"),
    # a service's RPC that did not translate its own database failure (registry's claim_captcha once)
    (RemoteError("OperationalError", "couldn't get a connection after 5.00 sec"), "database"),
    (RemoteError("PoolTimeout", "couldn't get a connection after 5.00 sec"), "database"),
])
def test_an_unexpected_outage_is_503_with_retry_after_and_a_json_error(failure, dependency):
    before = unavailable_count(dependency)
    body, status, headers = commands.failure_body(failure)
    assert status == 503 and int(headers["Retry-After"]) > 0
    assert body["error"]["code"] == "service_unavailable" and body["error"]["message"]
    assert_says_nothing_internal(json.dumps(body))
    assert unavailable_count(dependency) == before + 1


def test_any_other_failure_is_a_500_that_names_nothing_internal():
    body, status, headers = commands.failure_body(RemoteError("KeyError", "'room_id' at /srv/app.py line 12"))
    assert status == 500 and body["error"]["code"] == "internal_error" and "Retry-After" not in headers
    assert_says_nothing_internal(json.dumps(body))


# The asyncio door: the selection edge's client -----------------------------------------------------

class RefusingExchange:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    async def publish(self, message, routing_key, mandatory, timeout):
        raise self.exc


@pytest.mark.parametrize("failure", [
    aiormq.exceptions.AMQPConnectionError("[Errno 111] Connection refused"),
    aiormq.exceptions.ChannelInvalidStateError("No active transport in channel"),
    ConnectionResetError(104, "Connection reset by peer"),
    asyncio.TimeoutError(),
])
def test_the_selection_edge_answers_a_broker_outage_with_service_unavailable(failure):
    client = NamekoRpcClient("amqp://nowhere")
    client._exchange = RefusingExchange(failure)
    before = unavailable_count("broker")
    with pytest.raises(Unavailable) as refused:
        asyncio.run(client.call("lottery", "selection_batch", 1.0, commands=[]))
    assert refused.value.code == "service_unavailable"
    assert_says_nothing_internal(str(refused.value.as_dict()))
    assert unavailable_count("broker") == before + 1
    assert client._pending == {}


def test_the_selection_edge_before_its_first_connection_is_service_unavailable():
    with pytest.raises(Unavailable) as refused:
        asyncio.run(NamekoRpcClient("amqp://nowhere").call("lottery", "selection_batch", 1.0, commands=[]))
    assert refused.value.code == "service_unavailable"


def test_what_counts_as_an_outage():
    assert outages.dependency_of(psycopg_pool.PoolTimeout("timeout")) == "database"
    assert outages.dependency_of(kombu.exceptions.OperationalError("refused")) == "broker"
    assert outages.dependency_of(ValueError("a bug")) is None
    assert outages.dependency_of(NotFound("gone")) is None


def test_a_pool_that_lost_the_database_tries_again_every_second_not_ever_later():
    from psycopg_pool.base import AttemptWithBackoff

    import shared.postgres_store  # noqa: F401  (every process with a PostgreSQL store loads it)

    attempt = AttemptWithBackoff(timeout=300)
    delays = []
    for second in range(30):
        attempt.update_delay(float(second))
        delays.append(attempt.delay)
    assert max(delays) <= 1.0 * (1 + AttemptWithBackoff.DELAY_JITTER)
