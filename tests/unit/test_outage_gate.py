"""The test stack's outage gate: a pass-through that, closed, looks like a stopped server to its clients."""
from __future__ import annotations

import asyncio

import pytest
import uvloop

from deploy.local.outage_gate import Gate, parse_gates


async def echo_server() -> tuple[asyncio.base_events.Server, int]:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


# The gate runs on uvloop; the plain loop is checked too.
loops = pytest.mark.parametrize("run", [uvloop.run, asyncio.run], ids=["uvloop", "asyncio"])


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def round_trip(port: int, payload: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(payload)
    await writer.drain()
    echoed = await reader.readexactly(len(payload))
    writer.close()
    return echoed


@loops
def test_an_open_gate_passes_everything_through_both_ways(run):
    async def scenario():
        server, target = await echo_server()
        gate = Gate("broker", free_port(), "127.0.0.1", target)
        await gate.open()
        payload = bytes(range(256)) * 8000  # 2 MB: more than any buffer, so flow control is exercised
        assert await round_trip(gate.listen_port, payload) == payload
        await gate.close()
        server.close()

    run(scenario())


@loops
def test_a_closed_gate_refuses_new_connections_and_cuts_open_ones_and_reopens(run):
    async def scenario():
        server, target = await echo_server()
        gate = Gate("broker", free_port(), "127.0.0.1", target)
        await gate.open()
        reader, writer = await asyncio.open_connection("127.0.0.1", gate.listen_port)
        writer.write(b"ping")
        assert await reader.readexactly(4) == b"ping"

        await gate.close()
        with pytest.raises((ConnectionResetError, asyncio.IncompleteReadError)):
            await reader.readexactly(1)  # the open connection was cut
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", gate.listen_port)
        assert not gate.is_open and not gate.live

        await gate.open()
        assert await round_trip(gate.listen_port, b"back again") == b"back again"
        await gate.close()
        server.close()

    run(scenario())


@loops
def test_a_gate_whose_server_is_down_cuts_its_clients(run):
    async def scenario():
        gate = Gate("database", free_port(), "127.0.0.1", free_port())  # nothing listens there
        await gate.open()
        reader, writer = await asyncio.open_connection("127.0.0.1", gate.listen_port)
        with pytest.raises((ConnectionResetError, asyncio.IncompleteReadError)):
            await reader.readexactly(1)
        await gate.close()

    run(scenario())


def test_gates_forward_to_the_targets_the_environment_names():
    gates = parse_gates(["broker=25192", "database=25193"],
                        {"HOUSING_GATE_TARGET_BROKER": "127.0.0.1:5672", "HOUSING_GATE_TARGET_DATABASE": "db:5432"})
    assert [(g.name, g.listen_port, g.host, g.port) for g in gates.values()] == [
        ("broker", 25192, "127.0.0.1", 5672), ("database", 25193, "db", 5432)]


def test_a_test_stack_reaches_the_broker_and_the_database_through_its_own_gate():
    from deploy.local.processes import DEV, gate_ports, gated_env, processes, test_profile

    profile = test_profile(7)
    specs = processes(profile)
    assert specs[0].name == "outage-gate" and specs[0].first
    env = gated_env(profile, {"HOUSING_AMQP_HOST": "127.0.0.1", "HOUSING_AMQP_PORT": "5672",
                              "HOUSING_PG_HOST": "127.0.0.1", "HOUSING_PG_PORT": "5432"})
    assert (env["HOUSING_AMQP_PORT"], env["HOUSING_PG_PORT"]) == (str(gate_ports(profile)["broker"]),
                                                                 str(gate_ports(profile)["database"]))
    assert (env["HOUSING_GATE_TARGET_BROKER"], env["HOUSING_GATE_TARGET_DATABASE"]) == ("127.0.0.1:5672",
                                                                                        "127.0.0.1:5432")
    ports = [spec.port for spec in specs] + list(gate_ports(profile).values())
    assert len(ports) == len(set(ports)), "the gates take ports no other process of the stack uses"
    assert "outage-gate" not in {spec.name for spec in processes(DEV)}, "make up talks to the servers directly"
