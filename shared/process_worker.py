"""A child process that runs pure functions on request, one at a time (the far end of shared.nameko_kit.process_pool).

    python -m shared.process_worker package.module:function [...]

It may run only the functions named on its command line. Requests and replies travel over its stdin and
stdout as frames (an 8-byte big-endian length, then a pickle); the channel is a private pipe between a
service process and the child it started itself, so both ends are the same code. A request is
(topic, args, kwargs); a reply is ("ok", result) or ("error", exception class name, message). It exits
when its stdin closes (its parent is gone). Logs go to stderr, never to the reply channel.
"""
from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
from typing import Any, BinaryIO, Callable

from eventsourcing.utils import resolve_topic

from shared.logs import JsonFormatter

HEADER = struct.Struct("!Q")


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    """`size` bytes, or fewer only at the end of the stream (a green pipe answers a read in pieces)."""
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            break
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO) -> bytes | None:
    """The next frame's body, or None when the stream ended (cleanly, between frames)."""
    header = _read_exactly(stream, HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise EOFError("the stream ended inside a frame header")
    (size,) = HEADER.unpack(header)
    body = _read_exactly(stream, size)
    if len(body) < size:
        raise EOFError("the stream ended inside a frame")
    return body


def write_frame(stream: BinaryIO, body: bytes) -> None:
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


def serve(functions: dict[str, Callable[..., Any]], requests: BinaryIO, replies: BinaryIO) -> None:
    while (frame := read_frame(requests)) is not None:
        topic, args, kwargs = pickle.loads(frame)
        try:
            reply: tuple = ("ok", functions[topic](*args, **kwargs))
        except Exception as exc:  # the caller decides what a failure means; the child goes on
            reply = ("error", type(exc).__name__, str(exc))
        write_frame(replies, pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def main(topics: list[str]) -> int:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(os.environ.get("HOUSING_PROCESS_NAME", "process-worker")))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the reply channel
    serve({topic: resolve_topic(topic) for topic in topics}, requests, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
