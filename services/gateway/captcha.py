"""Login captcha (验证码, R000.1), sealed so that any gateway instance can check it, and single-use.

The challenge id is the answer and its expiry sealed with AES-GCM under a key derived from the
gateway's secret: clients see only the picture; whoever holds the secret (the gateway, and the
operators' seeding and test tools on the same host) can open it. Before its answer is compared, a
challenge is claimed in a durable store (registry's): only the first claim of a challenge proceeds,
so a captcha serves one sign-in attempt, right or wrong.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import secrets
import time
from dataclasses import dataclass
from typing import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PIL import Image, ImageDraw, ImageFont

from shared.errors import Unauthenticated

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 5
LIFETIME_SECONDS = 300


def _cipher(secret: str) -> AESGCM:
    return AESGCM(hashlib.sha256(f"captcha:{secret}".encode()).digest())


def issue(secret: str) -> dict[str, str]:
    answer = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    nonce = os.urandom(12)
    sealed = _cipher(secret).encrypt(nonce, json.dumps({"a": answer, "exp": time.time() + LIFETIME_SECONDS}).encode(),
                                     b"captcha")
    return {"captcha_id": base64.urlsafe_b64encode(nonce + sealed).decode(),
            "image": "data:image/png;base64," + base64.b64encode(render(answer)).decode(),
            "expires_in": str(LIFETIME_SECONDS)}


@dataclass(frozen=True)
class Challenge:
    key: str  # names the challenge however its id is spelt: the nonce, which AES-GCM authenticates
    answer: str
    expires_at: float


def open_challenge(secret: str, captcha_id: str) -> Challenge:
    """The challenge sealed in an id, if it is genuine and not expired."""
    try:
        raw = base64.urlsafe_b64decode(captcha_id.encode())
        data = json.loads(_cipher(secret).decrypt(raw[:12], raw[12:], b"captcha"))
    except (InvalidTag, ValueError):
        raise Unauthenticated("the captcha is not valid; get a new one", code="captcha_invalid") from None
    if time.time() > data["exp"]:
        raise Unauthenticated("the captcha has expired; get a new one", code="captcha_expired")
    return Challenge(key=raw[:12].hex(), answer=data["a"], expires_at=float(data["exp"]))


def open_answer(secret: str, captcha_id: str) -> str:
    """The answer sealed in a challenge id (for the gateway, and for tools that hold the secret)."""
    return open_challenge(secret, captcha_id).answer


def check(secret: str, captcha_id: str | None, answer: str | None, claim: Callable[[str, float], None]) -> None:
    """Refuse a missing, forged, expired, used or wrongly answered captcha.

    `claim(key, expires_at)` records the challenge as used, or raises if it was used already."""
    if not captcha_id or not answer:
        raise Unauthenticated("answer the captcha", code="captcha_required")
    challenge = open_challenge(secret, captcha_id)
    claim(challenge.key, challenge.expires_at)
    # Bytes: compare_digest refuses str with non-ASCII characters, which a person may well type.
    if not secrets.compare_digest(challenge.answer.encode(), answer.strip().upper().encode()):
        raise Unauthenticated("the captcha answer is wrong", code="captcha_wrong")


def render(answer: str) -> bytes:
    image = Image.new("RGB", (40 * LENGTH + 20, 60), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    rng = secrets.SystemRandom()
    for _ in range(8):
        draw.line([(rng.randint(0, image.width), rng.randint(0, 60)), (rng.randint(0, image.width), rng.randint(0, 60))],
                  fill=(rng.randint(120, 200),) * 3, width=2)
    for index, char in enumerate(answer):
        draw.text((12 + index * 40 + rng.randint(-4, 4), 8 + rng.randint(-6, 6)), char, font=font,
                  fill=(rng.randint(0, 90), rng.randint(0, 90), rng.randint(60, 140)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
