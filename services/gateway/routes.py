"""The HTTP API: one table drives dispatch, authorisation and the OpenAPI document."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema
from werkzeug.routing import Map, Rule

from services.contracts.adapters import schemas as contracts
from services.registry.adapters import schemas as registry

BUREAU, DEVELOPER, AUDITOR = "bureau_officer", "developer", "auditor"
ANYONE = None


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    path: str
    service: str
    rpc: str
    summary: str
    roles: tuple[str, ...] | None = ANYONE
    body: type[Schema] | None = None
    public: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)


ROUTES = (
    Route("login", "POST", "/api/v1/auth/login", "registry", "authenticate",
          "Sign in with username and password; returns a bearer token",
          body=registry.LoginSchema, public=True, tags=("auth",)),
    Route("open_account", "POST", "/api/v1/accounts", "registry", "open_account",
          "Open a portal account (bureau)", roles=(BUREAU,), body=registry.OpenAccountSchema,
          tags=("accounts",)),
    Route("register_developer", "POST", "/api/v1/developers", "registry", "register_developer",
          "Admit a developer enterprise to the network (R000.1)", roles=(BUREAU,),
          body=registry.RegisterDeveloperSchema, tags=("registry",)),
    Route("register_project", "POST", "/api/v1/projects", "registry", "register_project",
          "Record a project and its presale permit (R000.2)", roles=(BUREAU,),
          body=registry.RegisterProjectSchema, tags=("registry",)),
    Route("get_project", "GET", "/api/v1/projects/<project_id>", "registry", "get_project",
          "A project", roles=(BUREAU, DEVELOPER, AUDITOR), tags=("registry",)),
    Route("set_building_rules", "POST", "/api/v1/projects/<project_id>/buildings", "registry",
          "set_building_rules", "Set a building's rules; creates its rooms (bureau only, R000.3)",
          roles=(BUREAU,), body=registry.SetBuildingRulesSchema, tags=("registry",)),
    Route("room_map", "GET", "/api/v1/projects/<project_id>/room-map", "registry",
          "room_map_of_project", "Sale status of every room of a project",
          roles=(BUREAU, DEVELOPER, AUDITOR), tags=("registry",)),
    Route("get_room", "GET", "/api/v1/rooms/<room_id>", "registry", "get_room", "A room",
          roles=(BUREAU, DEVELOPER, AUDITOR), tags=("registry",)),
    Route("submit_room_info", "PUT", "/api/v1/rooms/<room_id>/info", "registry", "submit_room_info",
          "Enter room info and submit it for review (R000.4)", roles=(DEVELOPER,),
          body=registry.SubmitRoomInfoSchema, tags=("registry",)),
    Route("review_room_info", "POST", "/api/v1/rooms/<room_id>/review", "registry", "review_room_info",
          "Approve (publish) or reject room info (R000.5)", roles=(BUREAU,),
          body=registry.ReviewRoomInfoSchema, tags=("registry",)),
    Route("rebuild_room_map", "POST", "/api/v1/admin/room-map/rebuild", "registry", "rebuild_room_map",
          "Replay the room map from the event stores", roles=(BUREAU,), tags=("operations",)),
    Route("draft_contract", "POST", "/api/v1/contracts", "contracts", "draft_contract",
          "Draft a contract for an available room (R000.7)", roles=(DEVELOPER,),
          body=contracts.DraftContractSchema, tags=("contracts",)),
    Route("get_contract", "GET", "/api/v1/contracts/<contract_id>", "contracts", "get_contract",
          "A contract", roles=(BUREAU, DEVELOPER, AUDITOR), tags=("contracts",)),
    Route("cancel_contract", "POST", "/api/v1/contracts/<contract_id>/cancel", "contracts",
          "cancel_contract", "The buyer abandons: cancel the contract (R000.12)", roles=(DEVELOPER,),
          body=contracts.CancelContractSchema, tags=("contracts",)),
)

BY_NAME = {route.name: route for route in ROUTES}
URL_MAP = Map([Rule(r.path, endpoint=r.name, methods=[r.method]) for r in ROUTES])


def openapi_path(path: str) -> str:
    return path.replace("<", "{").replace(">", "}")


def path_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("<")]


def route_for(environ: dict[str, Any]) -> tuple[Route, dict[str, str]]:
    """Raises werkzeug's NotFound / MethodNotAllowed."""
    endpoint, args = URL_MAP.bind_to_environ(environ).match()
    return BY_NAME[endpoint], args
