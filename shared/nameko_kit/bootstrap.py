"""A service process's start: its settings are read once, by whichever of its dependency providers sets up
first, and kept on its container; providers and entrypoints take them from there (`SettingsProvider`)."""
from __future__ import annotations

from typing import Any

from nameko.extensions import DependencyProvider

from shared.settings import ProcessSettings


def settings_of(container: Any) -> ProcessSettings:
    found = getattr(container, "housing_settings", None)
    if found is None:
        found = container.housing_settings = ProcessSettings.read(container.service_name)
    return found


class SettingsProvider(DependencyProvider):
    """The process's settings, for entrypoints (`self.settings.callback_url(...)`)."""

    def setup(self) -> None:
        settings_of(self.container)

    def get_dependency(self, worker_ctx: Any) -> ProcessSettings:
        return settings_of(self.container)
