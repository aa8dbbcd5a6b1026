"""Queries a developer's pages start from: its projects (我的项目信息, 我的房屋电子图) and each project's
buildings with their rules (我的楼栋信息, read-only for the developer, R000.3)."""
from __future__ import annotations

from typing import Any, Iterable

from shared.context import CommandContext
from shared.errors import NotFound
from services.registry.application.access import require_visible
from services.registry.application.enterprises import project_view
from services.registry.domain.buildings import Building
from services.registry.domain.developers import Developer, Project


class DirectoryQueries:
    def projects_of_developer(self, ctx: CommandContext, developer_id: str,
                              also: Iterable[str] = ()) -> dict[str, Any]:
        """The developer's projects in the order the bureau recorded them. `also`: project ids known from
        elsewhere (the room map), for projects recorded before developers kept their list."""
        developer = self.get(developer_id, Developer, "developer")
        require_visible(ctx, developer_id)
        ids = list(dict.fromkeys([*developer.projects, *sorted(also)]))
        projects = [self.find_project(project_id) for project_id in ids]
        return {"developer_id": developer_id,
                "projects": [project_view(p) for p in projects if p is not None and p.developer_id == developer_id]}

    def buildings_of_project(self, ctx: CommandContext, project_id: str) -> dict[str, Any]:
        project = self.get(project_id, Project, "project")
        require_visible(ctx, project.developer_id)
        buildings = [self.get(building_id, Building, "building") for building_id in project.building_ids]
        return {"project_id": project_id, "buildings": [building_view(b) for b in buildings]}

    def find_project(self, project_id: str) -> Project | None:
        try:
            project = self.get(project_id, Project, "project")
        except NotFound:  # an id the room map knows but the store does not is left out
            return None
        return project


def building_view(building: Building) -> dict[str, Any]:
    rooms = building.rooms()
    return {"building_id": str(building.id), "name": building.name, "floors": building.floors,
            "units_per_floor": building.units_per_floor, "room_count": len(rooms),
            "first_room": rooms[0][1], "last_room": rooms[-1][1]}
