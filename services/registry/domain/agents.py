"""Agents (从业人员) of a verified agency (R001.8): added with an ID image, approved by the bureau, who then get a
signing account whose credentials reach them by SMS. An agent belongs to exactly one agency (R001.3): the agent's
id is derived from the person's identity document, so a second agency adding the same person collides."""
from __future__ import annotations

from shared.aggregate import ServiceAggregate
from shared.errors import Conflict, InvalidInput, RuleViolation
from services.registry.domain.agencies import check_image_size

ADDED, SUBMITTED, APPROVED, REJECTED = "added", "submitted", "approved", "rejected"


class Agent(ServiceAggregate):
    class AgentRegistered(ServiceAggregate.Created):
        agency_id: str
        name: str
        id_type: str
        id_number: str
        phone: str

        def apply(self, agent: "Agent") -> None:
            agent.agency_id = self.agency_id
            agent.name = self.name
            agent.id_type = self.id_type
            agent.id_number = self.id_number
            agent.phone = self.phone
            agent.id_image = None
            agent.state = ADDED
            agent.username = None
            agent.reasons = []

    class AgentIdImageUploaded(ServiceAggregate.Event):
        sha256: str
        content_type: str
        size: int

        def apply(self, agent: "Agent") -> None:
            agent.id_image = {"sha256": self.sha256, "content_type": self.content_type, "size": self.size}

    class AgentSubmitted(ServiceAggregate.Event):
        def apply(self, agent: "Agent") -> None:
            agent.state = SUBMITTED

    class AgentApproved(ServiceAggregate.Event):
        """The bureau approved the agent; its signing account is `username` (the password went by SMS)."""

        agency_id: str
        name: str
        username: str

        def apply(self, agent: "Agent") -> None:
            agent.state = APPROVED
            agent.username = self.username
            agent.reasons = []

    class AgentRejected(ServiceAggregate.Event):
        reasons: list[str]

        def apply(self, agent: "Agent") -> None:
            agent.state = REJECTED
            agent.reasons = list(self.reasons)

    @classmethod
    def register(cls, *, id, agency_id: str, name: str, id_type: str, id_number: str,  # noqa: A002
                 phone: str) -> "Agent":
        return cls._create(cls.AgentRegistered, id=id, agency_id=agency_id, name=name, id_type=id_type,
                           id_number=id_number, phone=phone)

    def upload_id_image(self, *, sha256: str, content_type: str, size: int) -> None:
        """R001.8: the ID image, at most 500 KB; a rejected agent may upload a better one."""
        self._require_state((ADDED, REJECTED), "the ID image is changed before submission")
        check_image_size(size)
        self.trigger_event(self.AgentIdImageUploaded, sha256=sha256, content_type=content_type, size=size)

    def submit(self) -> None:
        self._require_state((ADDED, REJECTED), "the agent was already submitted")
        if self.id_image is None:
            raise RuleViolation("upload the agent's ID image first", code="id_image_missing")
        self.trigger_event(self.AgentSubmitted)

    def approve(self, username: str) -> None:
        self._require_state((SUBMITTED,), "only a submitted agent is approved")
        self.trigger_event(self.AgentApproved, agency_id=self.agency_id, name=self.name, username=username)

    def reject(self, reasons: list[str]) -> None:
        self._require_state((SUBMITTED,), "only a submitted agent is rejected")
        reasons = [r.strip() for r in reasons if r.strip()]
        if not reasons:
            raise InvalidInput("say why the agent is rejected", code="reasons_required")
        self.trigger_event(self.AgentRejected, reasons=reasons)

    def _require_state(self, allowed: tuple[str, ...], message: str) -> None:
        if self.state not in allowed:
            raise Conflict(message, code="agent_wrong_state", details={"state": self.state})
