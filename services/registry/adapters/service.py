"""Registry as a Nameko service: RPC commands and queries, the room-map consumer, and what it hears of
existing-home sales (contracts' filings and cancellations, the real-estate register's transfer webhooks)."""
from __future__ import annotations

import base64
from datetime import datetime, timezone
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer

from shared import clock
from shared.errors import NotFound
from shared.nameko_kit.consumers import consumers
from shared.nameko_kit.dependencies import AdapterProvider, ApplicationProvider, Instrumentation, TablesProvider
from shared.nameko_kit.edge import database_outage_as_unavailable, edge, load
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import EventSourcedService
from shared.settings import cipher_key
from services.registry.api import requests as schemas
from services.registry.adapters.agency_rpc import AgencyRpc
from services.registry.adapters.credential_sms import credential_sms_from_env
from services.registry.adapters.images import ImageStore, checked_image
from services.registry.adapters.real_estate_register import register_from_env
from services.registry.adapters.consumers import EXISTING_HOME_SALES, ROOM_MAP
from services.registry.adapters.outbound_events import OUTBOUND
from services.registry.adapters.sign_in_tables import with_sign_in_tables
from services.registry.adapters.transfer_rpc import TransferRpc
from services.registry.application.app import BUREAU, RegistryApplication
from services.registry.domain.sign_in_throttle import FORGOTTEN_AFTER

_login_schema = schemas.LoginSchema()  # built once, like the schemas `edge` is given


def registry_application(settings: Any) -> RegistryApplication:
    register = register_from_env()
    return with_sign_in_tables(RegistryApplication(
        env=settings.event_store, filing_system=register, property_register=register,
        messenger=credential_sms_from_env(), credential_secret=cipher_key("registry")))


@consumers(ROOM_MAP, EXISTING_HOME_SALES)
class RegistryService(AgencyRpc, TransferRpc, EventSourcedService):
    name = "registry"
    publishes = OUTBOUND

    app = ApplicationProvider(registry_application)
    real_estate = AdapterProvider(register_from_env)  # the register's secret signs its transfer webhooks
    images = TablesProvider(ImageStore, "images")
    cluster = ServiceRpc()
    instrumentation = Instrumentation()

    # Accounts ---------------------------------------------------------------------------------

    @rpc
    @database_outage_as_unavailable
    def authenticate(self, body: Any, source: Any = None) -> dict[str, Any]:
        """`source`: the address the gateway saw the sign-in come from (throttled separately)."""
        credentials = load(_login_schema, body)
        source = source if isinstance(source, str) and 0 < len(source) <= 100 else "unknown"
        return self.app.authenticate(credentials["username"], credentials["password"],
                                     credentials["electronic_key"], source=source)

    @rpc
    @database_outage_as_unavailable
    def claim_captcha(self, captcha_key: str, expires_at: float) -> None:
        """Record a captcha as used before its answer is compared: a second claim is refused."""
        self.app.claim_captcha(str(captcha_key), datetime.fromtimestamp(float(expires_at), timezone.utc))

    @rpc
    @edge(roles=(BUREAU,))
    def unlock_account(self, ctx: Any, username: str) -> dict[str, Any]:
        return self.app.unlock_account(ctx, username)

    @timer(interval=3600)
    def forget_quiet_sign_ins(self) -> None:
        """Drop used captchas past their expiry and attempts nobody has made for a day."""
        self.app.captchas.forget_expired()
        self.app.ledger.forget(clock.now() - FORGOTTEN_AFTER)

    @rpc
    @edge(schemas.OpenAccountSchema(), roles=(BUREAU, "system"))
    def open_account(self, ctx: Any, body: dict) -> dict[str, Any]:
        return {"account_id": self.app.open_account(ctx, **body)}

    # Developers, projects, buildings ------------------------------------------------------------

    @rpc
    @edge(schemas.RegisterDeveloperSchema(), roles=(BUREAU, "system"))
    def register_developer(self, ctx: Any, body: dict) -> dict[str, Any]:
        return {"developer_id": self.app.register_developer(ctx, **body)}

    @rpc
    @edge(schemas.GrantNetworkAccessSchema(), roles=(BUREAU, "system"))
    def grant_network_access(self, ctx: Any, body: dict, developer_id: str) -> dict[str, Any]:
        return self.app.grant_network_access(ctx, developer_id, **body)

    @rpc
    @edge()
    def get_developer(self, ctx: Any, developer_id: str) -> dict[str, Any]:
        return self.app.get_developer(ctx, developer_id)

    @rpc
    @edge(schemas.IntroSchema(), roles=("developer",))
    def set_developer_intro(self, ctx: Any, body: dict, developer_id: str) -> dict[str, Any]:
        return self.app.set_developer_intro(ctx, developer_id, body["intro"])

    @rpc
    @edge(schemas.IntroSchema(), roles=("developer",))
    def set_project_intro(self, ctx: Any, body: dict, project_id: str) -> dict[str, Any]:
        return self.app.set_project_intro(ctx, project_id, body["intro"])

    @rpc
    @edge(schemas.ImageUploadSchema(), roles=("developer",))
    def set_promo_image(self, ctx: Any, body: dict, project_id: str) -> dict[str, Any]:
        data = checked_image(body["content_type"], body["data_base64"])
        stored = self.images.put(body["content_type"], data)
        return self.app.set_promo_image(ctx, project_id, **stored)

    @rpc
    @edge()
    def get_promo_image(self, ctx: Any, project_id: str) -> dict[str, Any]:
        image = self.app.get_project(ctx, project_id)["promo_image"]
        found = self.images.get(image["sha256"]) if image else None
        if found is None:
            raise NotFound("this project has no promotional image", code="image_not_found")
        return {"content_type": found[0], "data_base64": base64.b64encode(found[1]).decode()}

    @rpc
    @edge(schemas.ChangeBuildingRulesSchema())
    def change_building_rules(self, ctx: Any, body: dict, building_id: str) -> dict[str, Any]:
        return self.app.change_building_rules(ctx, building_id, **body)

    @rpc
    @edge(schemas.RegisterProjectSchema(), roles=(BUREAU, "system"))
    def register_project(self, ctx: Any, body: dict) -> dict[str, Any]:
        return {"project_id": self.app.register_project(ctx, **body)}

    @rpc
    @edge()
    def get_project(self, ctx: Any, project_id: str) -> dict[str, Any]:
        return self.app.get_project(ctx, project_id)

    @rpc
    @edge(schemas.SetBuildingRulesSchema())
    def set_building_rules(self, ctx: Any, body: dict, project_id: str) -> dict[str, Any]:
        return self.app.set_building_rules(ctx, project_id=project_id, **body)

    # Rooms --------------------------------------------------------------------------------------

    @rpc
    @edge(schemas.SubmitRoomInfoSchema(), roles=("developer",))
    def submit_room_info(self, ctx: Any, body: dict, room_id: str) -> dict[str, Any]:
        return self.app.submit_room_info(ctx, room_id, body["info"])

    @rpc
    @edge(schemas.ReviewRoomInfoSchema(), roles=(BUREAU,))
    def review_room_info(self, ctx: Any, body: dict, room_id: str) -> dict[str, Any]:
        return self.app.review_room_info(ctx, room_id, approve=body["approve"], reasons=body["reasons"])

    @rpc
    @edge()
    def get_room(self, ctx: Any, room_id: str) -> dict[str, Any]:
        room = self.app.get_room(ctx, room_id)
        room["sale_status"] = (self.room_map.view.room(room_id) or {}).get("status")
        return room

    @rpc
    @edge()
    def room_map_of_project(self, ctx: Any, project_id: str) -> dict[str, Any]:
        project = self.app.get_project(ctx, project_id)
        rooms = self.room_map.view.project_rooms(project_id)
        return {"project_id": project_id, "name": project["name"], "rooms": rooms,
                "position": {s: self.room_map.view.position(s) for s in ROOM_MAP.sources}}

    # The bureau's records ------------------------------------------------------------------------

    @rpc
    @edge(roles=(BUREAU, "auditor"))
    def list_developers(self, ctx: Any) -> dict[str, Any]:
        return self.app.list_developers(ctx)

    @rpc
    @edge(schemas.ProjectQuerySchema())
    def list_projects(self, ctx: Any, body: dict) -> dict[str, Any]:
        return self.app.list_projects(ctx, body["developer_id"])

    @rpc
    @edge()
    def list_buildings(self, ctx: Any, project_id: str) -> dict[str, Any]:
        return self.app.list_buildings(ctx, project_id)

    @rpc
    @edge(schemas.RoomReviewQuerySchema(), roles=(BUREAU, "auditor"))
    def rooms_for_review(self, ctx: Any, body: dict) -> dict[str, Any]:
        return self.app.rooms_for_review(ctx, body["project_id"])

    # Read model maintenance ---------------------------------------------------------------------

    @rpc
    @edge(roles=(BUREAU, "system"))
    def rebuild_room_map(self, ctx: Any) -> dict[str, Any]:
        """Forget the room map and replay it from registry's and contracts' logs."""
        return {"applied": self.rebuild(ROOM_MAP)}

