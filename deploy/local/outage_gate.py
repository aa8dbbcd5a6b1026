"""python -m deploy.local.outage_gate --control PORT --gate broker=PORT --gate database=PORT

The test stack reaches RabbitMQ and PostgreSQL through this process, so that a test can take either away
from its own stack only: the broker and the database are shared with other stacks on the machine and
must never be stopped. Each gate is a TCP pass-through from its port to the real server
(HOUSING_GATE_TARGET_<NAME>=host:port). Closing a gate is what a stopped server looks like to its
clients: new connections are refused (ECONNREFUSED) and the open ones are cut (connection reset);
opening it again lets clients reconnect. The server sees its clients vanish, as after a network cut.

Control (HTTP on --control): GET /health, POST /gates/<name>/close, POST /gates/<name>/open.
Copying is done by the event loop's transports (uvloop), so the gate costs the suite next to nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os

import uvloop
from aiohttp import web

from shared import logs

log = logging.getLogger("outage_gate")


class Splice(asyncio.Protocol):
    """One end of a connection: what arrives here is written to the other end, with flow control both ways."""

    def __init__(self, gate: "Gate", peer: "Splice | None" = None) -> None:
        self.gate = gate
        self.transport: asyncio.Transport | None = None
        self.peer = peer

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.gate.live.add(self)

    def data_received(self, data: bytes) -> None:
        self.peer.transport.write(data)

    def eof_received(self) -> bool:
        """One side is done: the other gets what is buffered, then both close (AMQP and PostgreSQL never half-close)."""
        if self.peer is not None:
            self.peer.transport.close()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.gate.live.discard(self)
        if self.peer is not None:
            self.peer.transport.close()

    # The other end's buffer is full (or drained): stop (or resume) reading what would fill it further.
    def pause_writing(self) -> None:
        if self.peer is not None:
            self.peer.transport.pause_reading()

    def resume_writing(self) -> None:
        if self.peer is not None:
            self.peer.transport.resume_reading()


class Client(Splice):
    """The stack's end of a connection: what it sends before the server's end is connected waits here."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.early: list[bytes] = []
        asyncio.get_running_loop().create_task(self.connect_server())

    def data_received(self, data: bytes) -> None:
        if self.peer is None:
            self.early.append(data)
            self.transport.pause_reading()
        else:
            super().data_received(data)

    async def connect_server(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            _, server = await loop.create_connection(lambda: Splice(self.gate, peer=self), self.gate.host,
                                                     self.gate.port)
        except OSError as exc:
            log.warning("gate %s cannot reach %s:%s: %s", self.gate.name, self.gate.host, self.gate.port, exc)
            self.transport.abort()
            return
        if self.transport.is_closing():
            server.transport.close()
            return
        self.peer = server
        for data in self.early:
            server.transport.write(data)
        self.early.clear()
        self.transport.resume_reading()


class Gate:
    def __init__(self, name: str, listen_port: int, host: str, port: int) -> None:
        self.name = name
        self.listen_port = listen_port
        self.host = host
        self.port = port
        self.server: asyncio.base_events.Server | None = None
        self.live: set[Splice] = set()

    @property
    def is_open(self) -> bool:
        return self.server is not None

    async def open(self) -> None:
        if self.server is None:
            self.server = await asyncio.get_running_loop().create_server(
                lambda: Client(self), "127.0.0.1", self.listen_port, reuse_address=True, backlog=1024)
            log.info("gate %s open: 127.0.0.1:%s -> %s:%s", self.name, self.listen_port, self.host, self.port)

    async def close(self) -> None:
        """Refuse new connections and reset the open ones, both sides."""
        server, self.server = self.server, None
        if server is not None:
            server.close()
        cut = list(self.live)
        for splice in cut:
            splice.transport.abort()
        if server is not None:
            await server.wait_closed()
        log.info("gate %s closed: %d connection ends cut", self.name, len(cut))


def control_app(gates: dict[str, Gate]) -> web.Application:
    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "gates": {name: gate.is_open for name, gate in gates.items()}})

    async def switch(request: web.Request) -> web.Response:
        gate = gates.get(request.match_info["name"])
        if gate is None:
            return web.json_response({"error": {"code": "no_such_gate", "message": "no such gate",
                                                "details": {"gates": sorted(gates)}}}, status=404)
        await (gate.open() if request.match_info["action"] == "open" else gate.close())
        return web.json_response({"gate": gate.name, "open": gate.is_open})

    app = web.Application()
    app.router.add_get("/health", health)
    app.router.add_post(r"/gates/{name}/{action:open|close}", switch)
    return app


async def serve(control_port: int, gates: dict[str, Gate]) -> None:
    for gate in gates.values():
        await gate.open()
    runner = web.AppRunner(control_app(gates), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", control_port).start()
    log.info("outage gate control on 127.0.0.1:%s", control_port)
    await asyncio.Event().wait()


def parse_gates(specs: list[str], environ: dict[str, str] | os._Environ = os.environ) -> dict[str, Gate]:
    """`name=listen_port` each, forwarding to HOUSING_GATE_TARGET_<NAME> (host:port)."""
    gates = {}
    for spec in specs:
        name, _, listen = spec.partition("=")
        host, _, port = environ[f"HOUSING_GATE_TARGET_{name.upper()}"].rpartition(":")
        gates[name] = Gate(name, int(listen), host, int(port))
    return gates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--control", type=int, required=True)
    parser.add_argument("--gate", action="append", default=[], help="name=listen_port")
    args = parser.parse_args()
    logs.configure("outage-gate")
    uvloop.run(serve(args.control, parse_gates(args.gate)))


if __name__ == "__main__":
    main()
