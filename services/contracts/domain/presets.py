"""Clause presets (预设合同条款, R000.6): a developer's default text for a project's contract blanks."""
from __future__ import annotations

import uuid
from typing import Any, Mapping

from shared.aggregate import ServiceAggregate

_NS = uuid.UUID("4a3c2b1d-0e9f-4a8b-8c7d-6e5f4a3b2c1d")


def preset_id(developer_id: str, project_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{developer_id}/{project_id}")


class ClausePresets(ServiceAggregate):
    class PresetsOpened(ServiceAggregate.Created):
        developer_id: str
        project_id: str

        def apply(self, presets: "ClausePresets") -> None:
            presets.developer_id = self.developer_id
            presets.project_id = self.project_id
            presets.sections = {}

    class ClausePreset(ServiceAggregate.Event):
        section_id: str
        values: dict[str, str]

        def apply(self, presets: "ClausePresets") -> None:
            presets.sections[self.section_id] = dict(self.values)

    @classmethod
    def open(cls, developer_id: str, project_id: str) -> "ClausePresets":
        return cls._create(cls.PresetsOpened, id=preset_id(developer_id, project_id),
                           developer_id=developer_id, project_id=project_id)

    def preset(self, section_id: str, values: Mapping[str, Any]) -> None:
        self.trigger_event(self.ClausePreset, section_id=section_id, values=dict(values))
