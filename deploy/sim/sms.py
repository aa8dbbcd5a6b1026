"""The simulated SMS gateway: templated messages, idempotent on the sender's `client_ref`, kept in an
outbox the operator (and the tests) read at /sms/sim/messages."""
from __future__ import annotations

import re
import uuid

from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from deploy.sim.parties import Party, Switchboard, invalid, json_body, now_iso, texts

PHONE = re.compile(r"1[0-9]{10}")


class Sms(Party):
    name = "sms"
    rules = (
        Rule("/sms/v1/messages", endpoint="sms.send", methods=["POST"]),
        Rule("/sms/sim/messages", endpoint="sms.outbox", methods=["GET"]),
    )

    def __init__(self, board: Switchboard) -> None:
        super().__init__(board)
        self.messages: list[dict] = []

    def send(self, request: Request) -> tuple[int, dict]:
        body = json_body(request)
        client_ref, phone, template = texts(body, "client_ref", "phone", "template")
        if not PHONE.fullmatch(phone):
            raise invalid("phone must be 11 digits starting with 1")
        if not isinstance(body.get("params"), dict):
            raise invalid("params must be a JSON object")

        def create() -> dict:
            message_id = uuid.uuid4().hex
            self.messages.append({"message_id": message_id, "client_ref": client_ref, "phone": phone,
                                  "template": template, "params": body["params"], "sent_at": now_iso()})
            return {"message_id": message_id}

        return 201, self.board.once("sms", client_ref, body, create)

    def outbox(self, request: Request) -> tuple[int, dict]:
        phone = request.args.get("phone")
        with self.board.lock:
            messages = [dict(m) for m in self.messages if phone is None or m["phone"] == phone]
        return 200, {"messages": messages}
