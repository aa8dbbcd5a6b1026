"""A small asyncio HTTP/1.1 client with keep-alive connections: enough to hold a thousand families'
connections open and fire their requests at the same instant, without threads.

The load generator shares the machine with what it measures, so it is kept cheap (run it on uvloop,
read each answer's head in one call): every millisecond it spends is taken from the services."""
from __future__ import annotations

import asyncio
import functools
import json
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Answer:
    status: int
    raw: bytes
    seconds: float
    sent_at: float

    @functools.cached_property
    def body(self) -> Any:
        """The decoded JSON body (decoded when asked, not while a burst is being timed)."""
        try:
            return json.loads(self.raw) if self.raw else None
        except ValueError:
            return self.raw


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> "Connection":
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    async def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
        return await self.exchange(self.prepare(method, path, body, headers))

    def prepare(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> bytes:
        """A request's bytes, built ahead so that firing it is one write."""
        payload = json.dumps(body).encode() if body is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive",
                 f"Content-Length: {len(payload)}", "Content-Type: application/json"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload

    async def exchange(self, request: bytes) -> Answer:
        """Send a prepared request and read its answer; `seconds` runs from the write to the last byte."""
        if self.writer is None:
            await self.open()
        sent_at = time.perf_counter()
        self.writer.write(request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")  # one read for the status line and headers
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        length, chunked = 0, False
        for line in header_lines:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        raw = await self._chunked() if chunked else await self.reader.readexactly(length)
        return Answer(status, raw, time.perf_counter() - sent_at, sent_at)

    async def _chunked(self) -> bytes:
        data = b""
        while True:
            size = int((await self.reader.readline()).strip(), 16)
            if size == 0:
                await self.reader.readline()
                return data
            data += await self.reader.readexactly(size)
            await self.reader.readline()


async def gather_limited(coroutines: list, limit: int) -> list:
    semaphore = asyncio.Semaphore(limit)

    async def run(coroutine: Any) -> Any:
        async with semaphore:
            return await coroutine
    return await asyncio.gather(*(run(c) for c in coroutines))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
