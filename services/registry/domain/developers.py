"""Developer enterprises and their projects, recorded by the bureau (R000.1, R000.2)."""
from __future__ import annotations

from shared.aggregate import ServiceAggregate


class Developer(ServiceAggregate):
    """A developer enterprise admitted to the network (入网)."""

    class DeveloperRegistered(ServiceAggregate.Created):
        name: str
        credit_code: str

        def apply(self, developer: "Developer") -> None:
            developer.name = self.name
            developer.credit_code = self.credit_code
            developer.intro = ""

    class DeveloperIntroSet(ServiceAggregate.Event):
        intro: str

        def apply(self, developer: "Developer") -> None:
            developer.intro = self.intro

    @classmethod
    def register(cls, *, id, name: str, credit_code: str) -> "Developer":  # noqa: A002
        return cls._create(cls.DeveloperRegistered, id=id, name=name, credit_code=credit_code)

    def set_intro(self, intro: str) -> None:
        self.trigger_event(self.DeveloperIntroSet, intro=intro)


class Project(ServiceAggregate):
    class ProjectRegistered(ServiceAggregate.Created):
        developer_id: str
        name: str
        permit_number: str

        def apply(self, project: "Project") -> None:
            project.developer_id = self.developer_id
            project.name = self.name
            project.permit_number = self.permit_number
            project.building_ids = []

    class BuildingAdded(ServiceAggregate.Event):
        building_id: str

        def apply(self, project: "Project") -> None:
            project.building_ids.append(self.building_id)

    @classmethod
    def register(cls, *, developer_id: str, name: str, permit_number: str) -> "Project":
        return cls._create(cls.ProjectRegistered, developer_id=developer_id, name=name,
                           permit_number=permit_number)

    def add_building(self, building_id: str) -> None:
        self.trigger_event(self.BuildingAdded, building_id=building_id)
