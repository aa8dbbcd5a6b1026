"""Buildings (bureau only, R000.3) and the review of room info (R000.4, R000.5)."""
from __future__ import annotations

from typing import Any

from shared.context import CommandContext
from services.registry.application.access import require_bureau, require_own, require_visible
from services.registry.domain import ids
from services.registry.domain.buildings import Building
from services.registry.domain.developers import Developer, Project
from services.registry.domain.rooms import Room


class BuildingCommands:
    def set_building_rules(self, ctx: CommandContext, *, project_id: str, name: str, floors: int,
                           units_per_floor: int) -> dict[str, Any]:
        require_bureau(ctx, "setting building rules (R000.3)")
        project = self.get(project_id, Project, "project")
        developer = self.get(project.developer_id, Developer, "developer")

        def decide() -> Any:
            building = Building.set_rules(project_id=project_id, developer_id=project.developer_id, name=name,
                                          floors=floors, units_per_floor=units_per_floor)
            project.add_building(str(building.id))
            rooms = [define_room(building, project, developer, floor, number) for floor, number in building.rooms()]
            result = {"building_id": str(building.id),
                      "rooms": [{"room_id": str(r.id), "room_number": r.room_number} for r in rooms]}
            return result, [project, building, *rooms]

        return self.execute(ctx, "set_building_rules", decide)

    def change_building_rules(self, ctx: CommandContext, building_id: str, *, floors: int,
                              units_per_floor: int) -> dict[str, Any]:
        """Rooms that already have info cannot disappear; new numbers get new rooms."""
        require_bureau(ctx, "changing building rules (R000.3)")
        building = self.get(building_id, Building, "building")
        project = self.get(building.project_id, Project, "project")
        developer = self.get(project.developer_id, Developer, "developer")

        def decide() -> Any:
            added, removed = building.change_rules(floors, units_per_floor)
            retired = [self.get(ids.room_id(building.id, number), Room, "room") for number in removed]
            for room in retired:
                room.retire()
            new_rooms = [define_room(building, project, developer, floor, number) for floor, number in added]
            result = {"building_id": building_id, "added": [r.room_number for r in new_rooms], "removed": removed}
            return result, [building, *retired, *new_rooms]

        return self.execute(ctx, "change_building_rules", decide)

    def submit_room_info(self, ctx: CommandContext, room_id: str, info: dict[str, Any]) -> dict[str, Any]:
        room = self.get(room_id, Room, "room")
        require_own(ctx, room.developer_id)

        def decide() -> Any:
            room.submit_info(info)
            return room_view(room), [room]

        return self.execute(ctx, "submit_room_info", decide)

    def review_room_info(self, ctx: CommandContext, room_id: str, *, approve: bool,
                         reasons: list[str]) -> dict[str, Any]:
        require_bureau(ctx, "reviewing room info (R000.5)")
        room = self.get(room_id, Room, "room")

        def decide() -> Any:
            if approve:
                room.approve()
            else:
                room.reject(reasons)
            return room_view(room), [room]

        return self.execute(ctx, "review_room_info", decide)

    def get_room(self, ctx: CommandContext, room_id: str) -> dict[str, Any]:
        room = self.get(room_id, Room, "room")
        require_visible(ctx, room.developer_id)
        return room_view(room)


def define_room(building: Building, project: Project, developer: Developer, floor: int, number: str) -> Room:
    return Room.define(id=ids.room_id(building.id, number), building_id=str(building.id), project_id=str(project.id),
                       developer_id=project.developer_id, floor=floor, room_number=number,
                       building_name=building.name, project_name=project.name, developer_name=developer.name)


def room_view(room: Room) -> dict[str, Any]:
    return {"room_id": str(room.id), "building_id": room.building_id, "project_id": room.project_id,
            "developer_id": room.developer_id, "floor": room.floor, "room_number": room.room_number,
            "review_state": room.state, "info": room.info, "proposed_info": room.proposed_info,
            "rejection_reasons": room.rejection_reasons, "version": room.version}
