"""Registry's RPC entrypoints for agencies, agents, identity bindings and property verification (guide 001),
mixed into `RegistryService`."""
from __future__ import annotations

import base64
from typing import Any

from nameko.rpc import rpc

from shared.errors import InvalidInput, NotFound
from shared.nameko_kit.edge import database_outage_as_unavailable, edge
from services.registry.api import agency_requests as schemas
from services.registry.adapters.images import checked_image
from services.registry.application.access import BUREAU

AGENCY, AGENT, AUDITOR = "agency", "agent", "auditor"
AGENCY_READERS = (BUREAU, AUDITOR, AGENCY)


class AgencyRpc:
    # Agencies (R001.2, R001.4–R001.7) -------------------------------------------------------------------

    @rpc
    @edge(schemas.ApplyForAgencySchema(), roles=(BUREAU, "system"))
    def apply_for_agency_account(self, ctx: Any, body: dict) -> dict[str, Any]:
        return self.app.apply_for_agency_account(ctx, **body)

    @rpc
    @edge(schemas.AgencyQuerySchema(), roles=(BUREAU, AUDITOR))
    def list_agencies(self, ctx: Any, body: dict) -> dict[str, Any]:
        return self.app.list_agencies(ctx, body["state"])

    @rpc
    @edge(roles=(BUREAU, AUDITOR, AGENCY, AGENT))
    def get_agency(self, ctx: Any, agency_id: str) -> dict[str, Any]:
        return self.app.get_agency(ctx, agency_id)

    @rpc
    @edge(schemas.AgencyInfoSchema(), roles=(AGENCY,))
    def complete_agency_info(self, ctx: Any, body: dict, agency_id: str) -> dict[str, Any]:
        return self.app.complete_agency_info(ctx, agency_id, body)

    @rpc
    @edge(roles=(AGENCY,))
    def add_agency_material(self, ctx: Any, agency_id: str) -> dict[str, Any]:
        return self.app.add_agency_material(ctx, agency_id)

    @rpc
    @edge(schemas.MaterialNameSchema(), roles=(AGENCY,))
    def name_agency_material(self, ctx: Any, body: dict, agency_id: str, material_id: str) -> dict[str, Any]:
        return self.app.name_agency_material(ctx, agency_id, material_id, body["name"])

    @rpc
    @edge(schemas.ImageFileSchema(), roles=(AGENCY,))
    def upload_agency_material(self, ctx: Any, body: dict, agency_id: str, material_id: str) -> dict[str, Any]:
        stored = self._stored_image(body)
        return self.app.upload_agency_material(ctx, agency_id, material_id, **stored)

    @rpc
    @edge(roles=(AGENCY,))
    def remove_agency_material(self, ctx: Any, agency_id: str, material_id: str) -> dict[str, Any]:
        return self.app.remove_agency_material(ctx, agency_id, material_id)

    @rpc
    @edge(roles=AGENCY_READERS)
    def agency_material_file(self, ctx: Any, agency_id: str, material_id: str) -> dict[str, Any]:
        return self._image(self.app.agency_material_file(ctx, agency_id, material_id))

    @rpc
    @edge(schemas.SubmitAgencySchema(), roles=(AGENCY,))
    def submit_agency(self, ctx: Any, body: dict, agency_id: str) -> dict[str, Any]:
        return self.app.submit_agency(ctx, agency_id, body["comment"])

    @rpc
    @edge(schemas.DecisionSchema(), roles=(BUREAU,))
    def decide_agency(self, ctx: Any, body: dict, agency_id: str) -> dict[str, Any]:
        return self.app.decide_agency(ctx, agency_id, **body)

    # Agents (R001.8) ----------------------------------------------------------------------------------

    @rpc
    @edge(schemas.AddAgentSchema(), roles=(AGENCY,))
    def add_agent(self, ctx: Any, body: dict, agency_id: str) -> dict[str, Any]:
        return self.app.add_agent(ctx, agency_id, **body)

    @rpc
    @edge(schemas.AgentQuerySchema(), roles=AGENCY_READERS)
    def list_agents(self, ctx: Any, body: dict) -> dict[str, Any]:
        return self.app.list_agents(ctx, state=body["state"])

    @rpc
    @edge(roles=(BUREAU, AUDITOR, AGENCY, AGENT))
    def get_agent(self, ctx: Any, agent_id: str) -> dict[str, Any]:
        return self.app.get_agent(ctx, agent_id)

    @rpc
    @edge(schemas.ImageFileSchema(), roles=(AGENCY,))
    def upload_agent_id_image(self, ctx: Any, body: dict, agent_id: str) -> dict[str, Any]:
        return self.app.upload_agent_id_image(ctx, agent_id, **self._stored_image(body))

    @rpc
    @edge(roles=AGENCY_READERS)
    def agent_id_image(self, ctx: Any, agent_id: str) -> dict[str, Any]:
        return self._image(self.app.agent_id_image(ctx, agent_id))

    @rpc
    @edge(roles=(AGENCY,))
    def submit_agent(self, ctx: Any, agent_id: str) -> dict[str, Any]:
        return self.app.submit_agent(ctx, agent_id)

    @rpc
    @edge(schemas.DecisionSchema(), roles=(BUREAU,))
    def decide_agent(self, ctx: Any, body: dict, agent_id: str) -> dict[str, Any]:
        return self.app.decide_agent(ctx, agent_id, **body)

    # Unified identity (R001.9) and property verification (R001.10) --------------------------------------

    @rpc
    @edge(roles=(AGENCY, AGENT))
    def bind_identity(self, ctx: Any, identity: str) -> dict[str, Any]:
        """`identity`: the gateway's keyed hash of the verified person, never their document number."""
        return self.app.bind_identity(ctx, str(identity))

    @rpc
    @database_outage_as_unavailable
    def identity_sign_in(self, identity: Any) -> dict[str, Any]:
        """The gateway's call once it has verified a unified-identity assertion (no one is signed in yet)."""
        if not isinstance(identity, str) or not 0 < len(identity) <= 128:
            raise InvalidInput("identity must be the gateway's hash of the person", code="invalid_identity")
        return self.app.identity_sign_in(identity)

    @rpc
    @edge(schemas.PropertyQuerySchema(), roles=(AGENT,))
    def verify_property(self, ctx: Any, body: dict) -> dict[str, Any]:
        return self.app.verify_property(ctx, body)

    def _stored_image(self, body: dict) -> dict[str, Any]:
        data = checked_image(body["content_type"], body["data_base64"])
        return self.images.put(body["content_type"], data)

    def _image(self, stored: dict[str, Any] | None) -> dict[str, Any]:
        found = self.images.get(stored["sha256"]) if stored else None
        if found is None:
            raise NotFound("no file was uploaded here", code="image_not_found")
        return {"content_type": found[0], "data_base64": base64.b64encode(found[1]).decode()}
