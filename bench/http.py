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
        return request_bytes(self.host, self.port, method, path, body, headers)

    async def exchange(self, request: bytes) -> Answer:
        """Send a prepared request and read its answer; `seconds` runs from the write to the last byte."""
        if self.writer is None:
            await self.open()
        sent_at = time.perf_counter()
        self.writer.write(request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")  # one read for the status line and headers
        status, length, chunked = parse_head(head[:-4])
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


def parse_head(head: bytes) -> tuple[int, int, bool]:
    """An answer's status, Content-Length and whether it is chunked, from its head (without the blank line)."""
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    length, chunked = 0, False
    for line in header_lines:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
        elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    return int(status_line.split()[1]), length, chunked


def request_bytes(host: str, port: int, method: str, path: str, body: Any = None,
                  headers: dict[str, str] | None = None) -> bytes:
    """A request's bytes, built ahead so that firing it is one write."""
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive",
             f"Content-Length: {len(payload)}", "Content-Type: application/json"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class BurstConnection(asyncio.Protocol):
    """A keep-alive connection for the timed burst: it sends one prepared request and stamps the answer
    in the protocol callback, when its last byte arrives, rather than when a task gets round to
    reading it (a thousand answers arrive together). Answers must carry Content-Length."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.answer: asyncio.Future | None = None
        self.sent_at = 0.0

    @classmethod
    async def open(cls, host: str, port: int) -> "BurstConnection":
        _, connection = await asyncio.get_running_loop().create_connection(lambda: cls(host, port), host, port)
        return connection

    def prepare(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> bytes:
        return request_bytes(self.host, self.port, method, path, body, headers)

    async def exchange(self, request: bytes) -> Answer:
        self.answer = asyncio.get_running_loop().create_future()
        self.sent_at = time.perf_counter()
        self.transport.write(request)
        return await self.answer

    async def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0 or self.answer is None or self.answer.done():
            return
        status, length, _ = parse_head(bytes(self.buffer[:end]))
        if len(self.buffer) < end + 4 + length:
            return
        raw = bytes(self.buffer[end + 4:end + 4 + length])
        del self.buffer[:end + 4 + length]
        self.answer.set_result(Answer(status, raw, time.perf_counter() - self.sent_at, self.sent_at))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(ConnectionError("the server closed the connection"))


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
