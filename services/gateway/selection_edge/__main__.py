"""python -m services.gateway.selection_edge --port 8081: run one selection edge process.

Configuration comes from the environment, like every other process: the token secret
(HOUSING_TOKEN_SECRET), the broker (HOUSING_AMQP_*), and the burst settings the gateway also reads
(HOUSING_GATEWAY_BURST_SLOTS, HOUSING_GATEWAY_BURST_TIMEOUT, HOUSING_GATEWAY_GATHER_SECONDS) and the
metrics port (HOUSING_METRICS_PORT).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

import uvloop
from aiohttp import web

from shared import logs, settings
from shared.metrics_port import serve_metrics
from services.gateway.auth import Tokens
from services.gateway.burst import BurstSettings
from services.gateway.selection_edge.app import SelectionEdge
from services.gateway.selection_edge.nameko_rpc import NamekoRpcClient
from services.lottery.api import selection_batch

log = logging.getLogger("services.gateway.selection_edge")


async def serve(host: str, port: int) -> None:
    rpc = NamekoRpcClient(settings.amqp_uri())
    while True:
        try:
            await rpc.connect()
            break
        except Exception as exc:  # the broker is not up yet: wait rather than crash-loop
            log.warning("selection edge cannot reach the broker yet: %s", exc)
            await asyncio.sleep(1)
    burst = BurstSettings.read()

    async def send(commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return await rpc.call(selection_batch.SERVICE, selection_batch.RPC, burst.timeout, commands=commands)

    edge = SelectionEdge(Tokens(), send, slots=burst.slots, gather_seconds=burst.gather_seconds)
    runner = web.ServerRunner(edge.server())
    await runner.setup()
    await web.TCPSite(runner, host, port, backlog=4096, reuse_port=True).start()
    log.info("selection edge serving on %s:%s", host, port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await rpc.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    logs.configure("selection-edge")
    serve_metrics()  # HOUSING_METRICS_PORT: /metrics apart from the public port
    uvloop.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
