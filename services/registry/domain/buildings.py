"""Buildings and their rules (楼栋规则): floors, units per floor, numbering. Bureau only (R000.3)."""
from __future__ import annotations

from shared.aggregate import ServiceAggregate


def room_numbers(floors: int, units_per_floor: int) -> list[tuple[int, str]]:
    """The numbering rule: floor then two-digit unit, e.g. 1201 for floor 12 unit 1."""
    return [(floor, f"{floor}{unit:02d}") for floor in range(1, floors + 1)
            for unit in range(1, units_per_floor + 1)]


class Building(ServiceAggregate):
    class BuildingRulesSet(ServiceAggregate.Created):
        project_id: str
        developer_id: str
        name: str
        floors: int
        units_per_floor: int

        def apply(self, building: "Building") -> None:
            building.project_id = self.project_id
            building.developer_id = self.developer_id
            building.name = self.name
            building.floors = self.floors
            building.units_per_floor = self.units_per_floor

    class BuildingRulesChanged(ServiceAggregate.Event):
        floors: int
        units_per_floor: int

        def apply(self, building: "Building") -> None:
            building.floors = self.floors
            building.units_per_floor = self.units_per_floor

    @classmethod
    def set_rules(cls, *, project_id: str, developer_id: str, name: str, floors: int,
                  units_per_floor: int) -> "Building":
        return cls._create(cls.BuildingRulesSet, project_id=project_id, developer_id=developer_id,
                           name=name, floors=floors, units_per_floor=units_per_floor)

    def change_rules(self, floors: int, units_per_floor: int) -> tuple[list[tuple[int, str]], list[str]]:
        """New rules; returns the rooms to define and the room numbers that disappear."""
        before = {number for _, number in self.rooms()}
        self.trigger_event(self.BuildingRulesChanged, floors=floors, units_per_floor=units_per_floor)
        after = self.rooms()
        return [(f, n) for f, n in after if n not in before], sorted(before - {n for _, n in after})

    def rooms(self) -> list[tuple[int, str]]:
        return room_numbers(self.floors, self.units_per_floor)
