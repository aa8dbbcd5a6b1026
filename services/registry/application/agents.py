"""Agents of a verified agency (R001.8): the agency adds them with their ID image and submits them, the bureau
approves each, and the approved agent's signing account reaches them by SMS. One agency per agent (R001.3)."""
from __future__ import annotations

from typing import Any

from shared.context import CommandContext
from shared.errors import Conflict
from shared.identity_documents import identity_document
from services.registry.application.access import OVERSEERS, require_bureau
from services.registry.application.agency_access import AGENT, require_agency_visible, require_own_agency
from services.registry.application.agency_directory import AgencyDirectory
from services.registry.application.credentials import Credentials
from services.registry.domain import ids
from services.registry.domain.agencies import Agency
from services.registry.domain.agents import Agent

LIST_LIMIT = 500


def agent_username(agent_id: str) -> str:
    return f"agent-{agent_id.replace('-', '')[:10]}"


class AgentCommands(Credentials):
    agency_directory: AgencyDirectory

    def add_agent(self, ctx: CommandContext, agency_id: str, *, name: str, id_type: str, id_number: str,
                  phone: str) -> dict[str, Any]:
        require_own_agency(ctx, agency_id)
        agency = self.get(agency_id, Agency, "agency")
        agent_id = ids.agent_id(identity_document(id_number, id_type).key)

        def decide() -> Any:
            agency.require_verified()  # before anything is said of the person (another agency's agent or not)
            existing = self.find(agent_id)
            if existing is not None:
                same = existing.agency_id == agency_id
                raise Conflict("this person is already an agent of this agency" if same else
                               "this person is an agent of another agency: an agent belongs to exactly one agency",
                               code="agent_exists" if same else "agent_in_another_agency")
            agent = Agent.register(id=agent_id, agency_id=agency_id, name=name, id_type=id_type,
                                   id_number=id_number, phone=phone)
            agency.add_agent(str(agent_id))
            return agent_view(agent), [agent, agency]

        return self.execute(ctx, "add_agent", decide)

    def upload_agent_id_image(self, ctx: CommandContext, agent_id: str, *, sha256: str, content_type: str,
                              size: int) -> dict[str, Any]:
        return self._change_agent(ctx, agent_id, "upload_agent_id_image", lambda a: a.upload_id_image(
            sha256=sha256, content_type=content_type, size=size))

    def submit_agent(self, ctx: CommandContext, agent_id: str) -> dict[str, Any]:
        return self._change_agent(ctx, agent_id, "submit_agent", lambda a: a.submit())

    def decide_agent(self, ctx: CommandContext, agent_id: str, *, approve: bool, reasons: list[str]) -> dict[str, Any]:
        """The bureau approves (the signing account is opened, its credentials sent by SMS) or rejects."""
        require_bureau(ctx, "approving an agent")
        agent = self.get(agent_id, Agent, "agent")

        def decide() -> Any:
            if not approve:
                agent.reject(reasons)
                return agent_view(agent), [agent]
            username = agent_username(str(agent.id))
            decision = f"agent/{agent.id}/{agent.version}"
            agent.approve(username)
            account = self.signing_account(username=username, role=AGENT, org_id=agent.agency_id,
                                           display_name=agent.name, phone=agent.phone, decision=decision)
            return agent_view(agent), [agent, account]

        return self.execute(ctx, "decide_agent", decide)

    def get_agent(self, ctx: CommandContext, agent_id: str) -> dict[str, Any]:
        agent = self.get(agent_id, Agent, "agent")
        require_agency_visible(ctx, agent.agency_id)
        return agent_view(agent)

    def agent_id_image(self, ctx: CommandContext, agent_id: str) -> dict[str, Any] | None:
        agent = self.get(agent_id, Agent, "agent")
        require_agency_visible(ctx, agent.agency_id)
        return agent.id_image

    def list_agents(self, ctx: CommandContext, agency_id: str | None = None, state: str | None = None) -> dict[str, Any]:
        """The bureau's queue (state=submitted) and every agency's agents; an agency account sees its own."""
        if ctx.role not in OVERSEERS:
            agency_id = ctx.org_id
            require_agency_visible(ctx, agency_id or "")
        agents = (self.get(i, Agent, "agent") for i in reversed(self.agency_directory.agent_ids()))
        chosen = [a for a in agents if (agency_id is None or a.agency_id == agency_id)
                  and (state is None or a.state == state)]
        return {"agents": [agent_view(a) for a in chosen[:LIST_LIMIT]]}

    def _change_agent(self, ctx: CommandContext, agent_id: str, command: str, change: Any) -> dict[str, Any]:
        agent = self.get(agent_id, Agent, "agent")
        require_own_agency(ctx, agent.agency_id)

        def decide() -> Any:
            change(agent)
            return agent_view(agent), [agent]

        return self.execute(ctx, command, decide)


def masked_number(number: str) -> str:
    return f"{number[:3]}{'*' * max(len(number) - 7, 0)}{number[-4:]}" if len(number) > 7 else "*" * len(number)


def agent_view(agent: Agent) -> dict[str, Any]:
    """The agent as its agency and the bureau see it: the ID number and phone masked."""
    return {"agent_id": str(agent.id), "agency_id": agent.agency_id, "name": agent.name, "id_type": agent.id_type,
            "id_number_masked": masked_number(agent.id_number), "phone_masked": masked_number(agent.phone),
            "state": agent.state, "username": agent.username, "id_image": agent.id_image,
            "reasons": list(agent.reasons)}
