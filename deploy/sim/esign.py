"""The simulated e-signature party: a signing order for a document's SHA-256, which the person opens from
its QR code and signs or declines; esign.signed / esign.declined go back as signed callbacks."""
from __future__ import annotations

import re
import uuid

from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from deploy.sim.parties import Party, Switchboard, callback_url, choice, find, invalid, json_body, now_iso, texts

SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
SHOWN = ("document_title", "document_sha256", "signer_name", "status")


class ESignature(Party):
    name = "esign"
    rules = (
        Rule("/esign/v1/orders", endpoint="esign.open_order", methods=["POST"]),
        Rule("/esign/sign/<ref>", endpoint="esign.show", methods=["GET"]),
        Rule("/esign/sign/<ref>", endpoint="esign.sign", methods=["POST"]),
    )

    def __init__(self, board: Switchboard) -> None:
        super().__init__(board)
        self.orders: dict[str, dict] = {}

    def open_order(self, request: Request) -> tuple[int, dict]:
        body = json_body(request)
        merchant_ref, digest, title, signer = texts(body, "merchant_ref", "document_sha256", "document_title",
                                                    "signer_name")
        if not SHA256_HEX.fullmatch(digest):
            raise invalid("document_sha256 must be 64 hexadecimal digits")
        url = callback_url(body)
        order_id = uuid.uuid4().hex
        with self.board.lock:
            self.orders[order_id] = {"merchant_ref": merchant_ref, "document_sha256": digest, "document_title": title,
                                     "signer_name": signer, "callback_url": url, "status": "open"}
        return 201, {"order_id": order_id, "qr_url": f"{self.link_base}/sign/{order_id}"}

    def show(self, request: Request, ref: str) -> tuple[int, dict]:
        """What the person sees before signing."""
        with self.board.lock:
            order = dict(find(self.orders, ref, "signing order"))
        return 200, {"order_id": ref, **{key: order[key] for key in SHOWN}}

    def sign(self, request: Request, ref: str) -> tuple[int, dict]:
        outcome = choice(json_body(request), "outcome", ("signed", "declined"))
        order = self.board.settle(self.orders, ref, "signing order", outcome)
        self.board.emit("esign", order["callback_url"], f"esign.{outcome}", merchant_ref=order["merchant_ref"],
                        order_id=ref, document_sha256=order["document_sha256"], signature_id=uuid.uuid4().hex,
                        signed_at=now_iso())
        return 200, {"order_id": ref, "status": outcome}
