"""Registry application: accounts, developers, projects, building rules and room review."""
from __future__ import annotations

from typing import Any

from shared.application import ServiceApplication
from shared.context import CommandContext
from shared.errors import Forbidden, InvalidInput, Unauthenticated
from services.registry.application.passwords import Passwords
from services.registry.domain import ids
from services.registry.domain.accounts import ORG_ROLES, ROLES, Account
from services.registry.domain.buildings import Building
from services.registry.domain.developers import Developer, Project
from services.registry.domain.rooms import Room

BUREAU = "bureau_officer"


class RegistryApplication(ServiceApplication):
    name = "registry"

    def __init__(self, env: Any = None, passwords: Passwords | None = None) -> None:
        super().__init__(env=env)
        self.passwords = passwords or Passwords()

    # Accounts -------------------------------------------------------------------------------

    def open_account(self, ctx: CommandContext, *, username: str, password: str, role: str,
                     org_id: str | None, display_name: str) -> str:
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role}", code="unknown_role", details={"roles": list(ROLES)})
        if role in ORG_ROLES and not org_id:
            raise InvalidInput(f"a {role} account belongs to an organisation", code="org_required")
        if role == "developer":
            self.get(org_id, Developer, "developer")

        def decide() -> Any:
            account = Account.open(id=ids.account_id(username), username=username, role=role,
                                   org_id=org_id, display_name=display_name,
                                   password_hash=self.passwords.hash(password))
            return str(account.id), [account]

        return self.execute(ctx, "open_account", decide)

    def authenticate(self, username: str, password: str) -> dict[str, Any]:
        try:
            account = self.repository.get(ids.account_id(username))
        except Exception:
            account = None
        if not self.passwords.verify(account.password_hash if account else None, password):
            raise Unauthenticated("wrong username or password", code="invalid_credentials")
        return {"user_id": str(account.id), "username": account.username, "role": account.role,
                "org_id": account.org_id, "display_name": account.display_name}

    # Developers and projects (R000.1, R000.2) -------------------------------------------------

    def register_developer(self, ctx: CommandContext, *, name: str, credit_code: str) -> str:
        def decide() -> Any:
            developer = Developer.register(id=ids.developer_id(credit_code), name=name,
                                           credit_code=credit_code)
            return str(developer.id), [developer]

        return self.execute(ctx, "register_developer", decide)

    def register_project(self, ctx: CommandContext, *, developer_id: str, name: str,
                         permit_number: str) -> str:
        self.get(developer_id, Developer, "developer")

        def decide() -> Any:
            project = Project.register(developer_id=developer_id, name=name, permit_number=permit_number)
            return str(project.id), [project]

        return self.execute(ctx, "register_project", decide)

    def get_project(self, ctx: CommandContext, project_id: str) -> dict[str, Any]:
        project = self.get(project_id, Project, "project")
        self._require_org(ctx, project.developer_id)
        return {"project_id": project_id, "developer_id": project.developer_id, "name": project.name,
                "permit_number": project.permit_number, "building_ids": list(project.building_ids)}

    # Buildings (R000.3: bureau only, enforced at the edge and here) ---------------------------

    def set_building_rules(self, ctx: CommandContext, *, project_id: str, name: str, floors: int,
                           units_per_floor: int) -> dict[str, Any]:
        if ctx.role != BUREAU:
            raise Forbidden("building rules are set by the bureau only (R000.3)",
                            code="bureau_only")
        project = self.get(project_id, Project, "project")

        def decide() -> Any:
            building = Building.set_rules(project_id=project_id, developer_id=project.developer_id,
                                          name=name, floors=floors, units_per_floor=units_per_floor)
            project.add_building(str(building.id))
            rooms = [
                Room.define(id=ids.room_id(building.id, number), building_id=str(building.id),
                            project_id=project_id, developer_id=project.developer_id, floor=floor,
                            room_number=number)
                for floor, number in building.rooms()
            ]
            result = {"building_id": str(building.id),
                      "rooms": [{"room_id": str(r.id), "room_number": r.room_number} for r in rooms]}
            return result, [project, building, *rooms]

        return self.execute(ctx, "set_building_rules", decide)

    # Rooms (R000.4/5) ---------------------------------------------------------------------------

    def submit_room_info(self, ctx: CommandContext, room_id: str, info: dict[str, Any]) -> dict[str, Any]:
        room = self.get(room_id, Room, "room")
        self._require_org(ctx, room.developer_id)

        def decide() -> Any:
            room.submit_info(info)
            return self.room_view(room), [room]

        return self.execute(ctx, "submit_room_info", decide)

    def review_room_info(self, ctx: CommandContext, room_id: str, *, approve: bool,
                         reasons: list[str]) -> dict[str, Any]:
        room = self.get(room_id, Room, "room")

        def decide() -> Any:
            if approve:
                room.approve()
            else:
                room.reject(reasons)
            return self.room_view(room), [room]

        return self.execute(ctx, "review_room_info", decide)

    def get_room(self, ctx: CommandContext, room_id: str) -> dict[str, Any]:
        room = self.get(room_id, Room, "room")
        self._require_org(ctx, room.developer_id)
        return self.room_view(room)

    @staticmethod
    def room_view(room: Room) -> dict[str, Any]:
        return {"room_id": str(room.id), "building_id": room.building_id, "project_id": room.project_id,
                "developer_id": room.developer_id, "floor": room.floor, "room_number": room.room_number,
                "review_state": room.state, "info": room.info, "proposed_info": room.proposed_info,
                "rejection_reasons": room.rejection_reasons, "version": room.version}

    @staticmethod
    def _require_org(ctx: CommandContext, developer_id: str) -> None:
        """A developer sees and touches only its own enterprise's data."""
        if ctx.role in (BUREAU, "auditor", "system"):
            return
        if ctx.role == "developer" and ctx.org_id == developer_id:
            return
        raise Forbidden("this belongs to another organisation", code="other_organisation")
