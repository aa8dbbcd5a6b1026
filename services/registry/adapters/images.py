"""Promotional images (楼盘宣传图片, R000.2): checked for type and size, stored by content hash."""
from __future__ import annotations

import base64
import binascii
import hashlib
import io
from typing import Any

from PIL import Image, UnidentifiedImageError

from shared.consumer import SchemaTables
from shared.errors import InvalidInput

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 8000
FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def checked_image(content_type: str, data_base64: str) -> bytes:
    """The image bytes if they are really a PNG/JPEG of the declared type within the limits."""
    try:
        data = base64.b64decode(data_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("the image data is not valid base64", code="invalid_image") from None
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"images are at most {MAX_BYTES // 1024} KB", code="image_too_large",
                           details={"size": len(data), "max": MAX_BYTES})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            actual, size = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise InvalidInput("the file is not a readable image", code="invalid_image") from None
    if actual != FORMATS[content_type]:
        raise InvalidInput(f"the file is a {actual}, not {content_type}", code="image_type_mismatch")
    if max(size) > MAX_SIDE:
        raise InvalidInput(f"images are at most {MAX_SIDE} pixels a side", code="image_too_large")
    return data


class ImageStore(SchemaTables):
    """Content-addressed image bytes in registry's schema (written before the event that names them)."""

    create_statements = (
        "CREATE TABLE IF NOT EXISTS {schema}.images (sha256 text PRIMARY KEY, content_type text NOT NULL,"
        " data bytea NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())",
    )

    def put(self, content_type: str, data: bytes) -> dict[str, Any]:
        digest = hashlib.sha256(data).hexdigest()
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self.sql("INSERT INTO {schema}.images (sha256, content_type, data) VALUES (%s, %s, %s)"
                                  " ON CONFLICT (sha256) DO NOTHING"), (digest, content_type, data))
        return {"sha256": digest, "content_type": content_type, "size": len(data)}

    def get(self, digest: str) -> tuple[str, bytes] | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql("SELECT content_type, data FROM {schema}.images WHERE sha256=%s"), (digest,))
            row = curs.fetchone()
            return (row["content_type"], bytes(row["data"])) if row else None
