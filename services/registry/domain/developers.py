"""Developer enterprises and their projects, recorded by the bureau (R000.1, R000.2)."""
from __future__ import annotations

from datetime import date
from typing import Any

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation
from services.registry.domain.working_days import working_days_after

ADMISSION_WORKING_DAYS = 3


class Developer(ServiceAggregate):
    """A developer enterprise admitted to the network (入网)."""

    class DeveloperRegistered(ServiceAggregate.Created):
        name: str
        credit_code: str

        def apply(self, developer: "Developer") -> None:
            developer.name = self.name
            developer.credit_code = self.credit_code
            developer.intro = ""
            developer.key_id = None
            developer.key_hash = None
            developer.project_ids = []

    class NetworkAccessGranted(ServiceAggregate.Event):
        """R000.1: access granted and an electronic key (电子密钥) issued; only its hash is kept."""

        key_id: str
        key_hash: str
        permit_number: str
        permit_issued_on: date
        late_reason: str | None

        def apply(self, developer: "Developer") -> None:
            developer.key_id = self.key_id
            developer.key_hash = self.key_hash

    class DeveloperIntroSet(ServiceAggregate.Event):
        intro: str

        def apply(self, developer: "Developer") -> None:
            developer.intro = self.intro

    class ProjectAdded(ServiceAggregate.Event):
        """The bureau recorded a project of this developer (R000.2): the developer's list of its projects."""

        project_id: str

        def apply(self, developer: "Developer") -> None:
            developer.project_ids = [*developer.projects, self.project_id]

    @classmethod
    def register(cls, *, id, name: str, credit_code: str) -> "Developer":  # noqa: A002
        return cls._create(cls.DeveloperRegistered, id=id, name=name, credit_code=credit_code)

    def grant_access(self, *, key_id: str, key_hash: str, permit_number: str, permit_issued_on: date,
                     today: date, late_reason: str | None) -> None:
        """R000.1: within 3 working days of the permit; later admissions must say why."""
        if permit_issued_on > today:
            raise RuleViolation("the permit date is in the future", code="permit_date_in_future")
        late = working_days_after(permit_issued_on, today) > ADMISSION_WORKING_DAYS
        if late and not (late_reason or "").strip():
            raise RuleViolation(
                f"admission is due within {ADMISSION_WORKING_DAYS} working days of the permit; give a reason",
                code="late_admission_needs_reason",
                details={"permit_issued_on": permit_issued_on.isoformat(), "today": today.isoformat()})
        self.trigger_event(self.NetworkAccessGranted, key_id=key_id, key_hash=key_hash,
                           permit_number=permit_number, permit_issued_on=permit_issued_on,
                           late_reason=late_reason if late else None)

    def set_intro(self, intro: str) -> None:
        self.trigger_event(self.DeveloperIntroSet, intro=intro)

    def add_project(self, project_id: str) -> None:
        self.trigger_event(self.ProjectAdded, project_id=project_id)

    @property
    def projects(self) -> list[str]:
        """The projects recorded since developers kept their list (older ones are found through their rooms)."""
        return list(getattr(self, "project_ids", []))

    @property
    def admitted(self) -> bool:
        return self.key_hash is not None


class Project(ServiceAggregate):
    class ProjectRegistered(ServiceAggregate.Created):
        developer_id: str
        name: str
        permit_number: str
        permit_issued_on: date | None
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["permit_issued_on"] = None

        def apply(self, project: "Project") -> None:
            project.developer_id = self.developer_id
            project.name = self.name
            project.permit_number = self.permit_number
            project.permit_issued_on = self.permit_issued_on
            project.building_ids = []
            project.intro = ""
            project.promo_image = None

    class BuildingAdded(ServiceAggregate.Event):
        building_id: str

        def apply(self, project: "Project") -> None:
            project.building_ids.append(self.building_id)

    class ProjectIntroSet(ServiceAggregate.Event):
        intro: str

        def apply(self, project: "Project") -> None:
            project.intro = self.intro

    class PromoImageSet(ServiceAggregate.Event):
        sha256: str
        content_type: str
        size: int

        def apply(self, project: "Project") -> None:
            project.promo_image = {"sha256": self.sha256, "content_type": self.content_type, "size": self.size}

    @classmethod
    def register(cls, *, developer_id: str, name: str, permit_number: str,
                 permit_issued_on: date | None) -> "Project":
        return cls._create(cls.ProjectRegistered, developer_id=developer_id, name=name,
                           permit_number=permit_number, permit_issued_on=permit_issued_on)

    def add_building(self, building_id: str) -> None:
        self.trigger_event(self.BuildingAdded, building_id=building_id)

    def set_intro(self, intro: str) -> None:
        self.trigger_event(self.ProjectIntroSet, intro=intro)

    def set_promo_image(self, sha256: str, content_type: str, size: int) -> None:
        self.trigger_event(self.PromoImageSet, sha256=sha256, content_type=content_type, size=size)
