"""What the buyer's phone sends as evidence, checked before a case records it (R002.4): images are real PNG or
JPEG files within size, a signature image was captured live by the notary's mini-program (its capture metadata
signed by the device key, never an album pick), and the evidence video is an MP4 of about 15 seconds."""
from __future__ import annotations

import hashlib
import hmac
import struct
from typing import Any, Mapping

from shared.errors import InvalidInput

MAX_IMAGE_BYTES = 500 * 1024
MAX_VIDEO_BYTES = 700 * 1024
VIDEO_SECONDS = (14.0, 16.5)  # the 15-second reading, give or take the recorder's start and stop
IMAGE_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
LIVE_SOURCES = ("camera", "signature_pad")


def image(kind: str, content_type: str, data: bytes) -> dict[str, Any]:
    """An image's facts (type, size, SHA-256), or InvalidInput naming what is wrong."""
    magic = IMAGE_TYPES.get(content_type)
    if magic is None:
        raise InvalidInput(f"{kind} must be a PNG or JPEG image", code="unsupported_media_type",
                           details={"material": kind, "content_type": content_type})
    if not data.startswith(magic):
        raise InvalidInput(f"{kind} is not a {content_type} file", code="not_an_image", details={"material": kind})
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(f"{kind} is larger than {MAX_IMAGE_BYTES // 1024} KB", code="image_too_large",
                           details={"material": kind, "size": len(data), "max": MAX_IMAGE_BYTES})
    return {"content_type": content_type, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def capture_signature(key: str, sha256: str, captured_at: str, source: str, device_id: str) -> str:
    """How the mini-program signs a live capture: HMAC-SHA256 of the image's digest and the capture's facts."""
    message = f"{sha256}|{captured_at}|{source}|{device_id}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def live_capture(key: str, facts: Mapping[str, Any], capture: Mapping[str, Any] | None) -> dict[str, str]:
    """The signature image's capture metadata, checked: taken live on the device, signed by it, of this image."""
    if not capture:
        raise InvalidInput("the signature must be captured live in the notary's mini-program, not taken from an"
                           " album", code="capture_not_live")
    source = str(capture.get("source", ""))
    if source not in LIVE_SOURCES:
        raise InvalidInput("the signature must be captured live, not taken from an album", code="capture_not_live",
                           details={"source": source})
    expected = capture_signature(key, facts["sha256"], str(capture.get("captured_at", "")), source,
                                 str(capture.get("device_id", "")))
    if not hmac.compare_digest(expected, str(capture.get("signature", ""))):
        raise InvalidInput("the capture metadata is not signed by the mini-program for this image",
                           code="capture_signature_invalid")
    return {"source": source, "captured_at": str(capture["captured_at"]), "device_id": str(capture["device_id"])}


def drawn_enough(strokes: list[list[list[int]]]) -> None:
    """A signature on the pad is more than a dot or a stray line: InvalidInput otherwise."""
    points = [point for stroke in strokes for point in stroke]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if len(points) < 10 or max(xs) - min(xs) < 40:
        raise InvalidInput("sign your full name on the pad", code="signature_too_short",
                           details={"points": len(points)})


def video(content_type: str, data: bytes) -> dict[str, Any]:
    """The evidence video's facts: an MP4 whose movie header says it lasts about 15 seconds."""
    if content_type != "video/mp4":
        raise InvalidInput("the evidence video must be an MP4 recording", code="unsupported_media_type",
                           details={"content_type": content_type})
    if not data:
        raise InvalidInput("record the evidence video first", code="video_missing")
    if len(data) > MAX_VIDEO_BYTES:
        raise InvalidInput("the evidence video is too large", code="video_too_large",
                           details={"size": len(data), "max": MAX_VIDEO_BYTES})
    seconds = mp4_duration(data)
    if seconds is None:
        raise InvalidInput("the evidence video is not a readable MP4 recording", code="video_unreadable")
    low, high = VIDEO_SECONDS
    if not low <= seconds <= high:
        raise InvalidInput("the evidence video must last 15 seconds", code="video_duration",
                           details={"seconds": round(seconds, 1)})
    return {"content_type": content_type, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "seconds": round(seconds, 1)}


def mp4_duration(data: bytes) -> float | None:
    """Seconds from the `moov/mvhd` box of an ISO base media file, or None if there is none."""
    moov = _box(data, b"moov")
    mvhd = _box(moov, b"mvhd") if moov is not None else None
    if mvhd is None or len(mvhd) < 20:
        return None
    version = mvhd[0]
    try:
        if version == 1:
            timescale, duration = struct.unpack(">IQ", mvhd[20:32])
        else:
            timescale, duration = struct.unpack(">II", mvhd[12:20])
    except struct.error:
        return None
    return duration / timescale if timescale else None


def _box(data: bytes, kind: bytes) -> bytes | None:
    offset = 0
    while offset + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[offset:offset + 8])
        header = 8
        if size == 1 and offset + 16 <= len(data):
            size, header = struct.unpack(">Q", data[offset + 8:offset + 16])[0], 16
        elif size == 0:
            size = len(data) - offset
        if size < header:
            return None
        if name == kind:
            return data[offset + header:offset + size]
        offset += size
    return None


def mp4(seconds: float, timescale: int = 1000) -> bytes:
    """A minimal MP4 (ftyp + moov/mvhd) lasting `seconds`: what tests and the simulated phone record."""
    mvhd = struct.pack(">B3xIIII", 0, 0, 0, timescale, int(seconds * timescale)) + bytes(80)
    moov_body = struct.pack(">I4s", 8 + len(mvhd), b"mvhd") + mvhd
    ftyp = struct.pack(">I4s4sI4s", 20, b"ftyp", b"isom", 512, b"isom")
    return ftyp + struct.pack(">I4s", 8 + len(moov_body), b"moov") + moov_body
