"""The bureau's records: enterprises, projects with their presale permits, buildings, rooms to review.

Lists read the ids from the directory (registry's own log) and each aggregate from the store; a
developer sees only its own enterprise's projects and buildings, the bureau and auditors see all.
"""
from __future__ import annotations

from typing import Any

from shared.context import CommandContext
from services.registry.application.access import OVERSEERS, require_bureau, require_visible
from services.registry.application.buildings import room_view
from services.registry.application.directory import RegistryDirectory
from services.registry.application.enterprises import developer_view, project_view
from services.registry.domain.buildings import Building
from services.registry.domain.developers import Developer, Project
from services.registry.domain.rooms import Room

LIST_LIMIT = 500  # newest first; more than a city's bureau registers in years of one list


class RecordQueries:
    directory: RegistryDirectory

    def list_developers(self, ctx: CommandContext) -> dict[str, Any]:
        require_bureau_or_auditor(ctx)
        ids = list(reversed(self.directory.developer_ids()))[:LIST_LIMIT]
        return {"developers": [developer_view(self.get(i, Developer, "developer")) for i in ids]}

    def list_projects(self, ctx: CommandContext, developer_id: str | None = None) -> dict[str, Any]:
        if ctx.role not in OVERSEERS:
            developer_id = ctx.org_id
        projects = (self.get(i, Project, "project") for i in reversed(self.directory.project_ids()))
        chosen = [p for p in projects if developer_id is None or p.developer_id == developer_id]
        return {"projects": [project_view(p) for p in chosen[:LIST_LIMIT]]}

    def list_buildings(self, ctx: CommandContext, project_id: str) -> dict[str, Any]:
        project = self.get(project_id, Project, "project")
        require_visible(ctx, project.developer_id)
        buildings = [self.get(i, Building, "building") for i in project.building_ids]
        return {"project_id": project_id, "buildings": [building_view(b) for b in buildings]}

    def rooms_for_review(self, ctx: CommandContext, project_id: str | None = None) -> dict[str, Any]:
        """R000.5: the rooms whose info waits for the bureau, oldest submission first."""
        require_bureau_or_auditor(ctx)
        rooms = (self.get(i, Room, "room") for i in self.directory.rooms_pending_review())
        chosen = [r for r in rooms if project_id is None or r.project_id == project_id]
        return {"rooms": [{**room_view(r), **r.names} for r in chosen[:LIST_LIMIT]]}


def require_bureau_or_auditor(ctx: CommandContext) -> None:
    if ctx.role != "auditor":
        require_bureau(ctx, "this list")


def building_view(building: Building) -> dict[str, Any]:
    rooms = building.rooms()
    return {"building_id": str(building.id), "project_id": building.project_id, "name": building.name,
            "floors": building.floors, "units_per_floor": building.units_per_floor, "room_count": len(rooms),
            "first_room": rooms[0][1] if rooms else "", "last_room": rooms[-1][1] if rooms else ""}
