"""Developers and projects: recorded by the bureau, introduced by the developer (R000.1, R000.2)."""
from __future__ import annotations

from datetime import date
from typing import Any

from shared import clock
from shared.clock import SHANGHAI
from shared.context import CommandContext
from services.registry.application import electronic_keys
from services.registry.application.access import require_own, require_visible
from services.registry.domain import ids
from services.registry.domain.developers import Developer, Project


class EnterpriseCommands:
    def register_developer(self, ctx: CommandContext, *, name: str, credit_code: str) -> str:
        def decide() -> Any:
            developer = Developer.register(id=ids.developer_id(credit_code), name=name, credit_code=credit_code)
            return str(developer.id), [developer]

        return self.execute(ctx, "register_developer", decide)

    def grant_network_access(self, ctx: CommandContext, developer_id: str, *, permit_number: str,
                             permit_issued_on: date, late_reason: str | None = None) -> dict[str, Any]:
        """R000.1: admit the developer and issue its electronic key (shown once, stored hashed).

        Not recorded under an idempotency key: that record would keep the key itself. A repeated
        call issues a new key, which replaces the previous one.
        """
        developer = self.get(developer_id, Developer, "developer")
        key_id, key, key_hash = electronic_keys.issue()
        developer.grant_access(key_id=key_id, key_hash=key_hash, permit_number=permit_number,
                               permit_issued_on=permit_issued_on, today=clock.now().astimezone(SHANGHAI).date(),
                               late_reason=late_reason)
        self._save([developer])
        return {"developer_id": developer_id, "key_id": key_id, "electronic_key": key}

    def get_developer(self, ctx: CommandContext, developer_id: str) -> dict[str, Any]:
        developer = self.get(developer_id, Developer, "developer")
        require_visible(ctx, developer_id)
        return {"developer_id": developer_id, "name": developer.name, "credit_code": developer.credit_code,
                "intro": developer.intro, "admitted": developer.admitted, "key_id": developer.key_id}

    def set_developer_intro(self, ctx: CommandContext, developer_id: str, intro: str) -> dict[str, Any]:
        developer = self.get(developer_id, Developer, "developer")
        require_own(ctx, developer_id)

        def decide() -> Any:
            developer.set_intro(intro)
            return {"developer_id": developer_id, "intro": intro}, [developer]

        return self.execute(ctx, "set_developer_intro", decide)

    def register_project(self, ctx: CommandContext, *, developer_id: str, name: str, permit_number: str,
                         permit_issued_on: date | None = None) -> str:
        developer = self.get(developer_id, Developer, "developer")

        def decide() -> Any:
            project = Project.register(developer_id=developer_id, name=name, permit_number=permit_number,
                                       permit_issued_on=permit_issued_on)
            developer.add_project(str(project.id))
            return str(project.id), [developer, project]

        return self.execute(ctx, "register_project", decide)

    def get_project(self, ctx: CommandContext, project_id: str) -> dict[str, Any]:
        project = self.get(project_id, Project, "project")
        require_visible(ctx, project.developer_id)
        return project_view(project)

    def set_project_intro(self, ctx: CommandContext, project_id: str, intro: str) -> dict[str, Any]:
        project = self.get(project_id, Project, "project")
        require_own(ctx, project.developer_id)

        def decide() -> Any:
            project.set_intro(intro)
            return project_view(project), [project]

        return self.execute(ctx, "set_project_intro", decide)

    def set_promo_image(self, ctx: CommandContext, project_id: str, *, sha256: str, content_type: str,
                        size: int) -> dict[str, Any]:
        """The image bytes are already stored under their hash by the adapter."""
        project = self.get(project_id, Project, "project")
        require_own(ctx, project.developer_id)

        def decide() -> Any:
            project.set_promo_image(sha256, content_type, size)
            return project_view(project), [project]

        return self.execute(ctx, "set_promo_image", decide)


def project_view(project: Project) -> dict[str, Any]:
    issued = project.permit_issued_on
    return {"project_id": str(project.id), "developer_id": project.developer_id, "name": project.name,
            "permit_number": project.permit_number, "permit_issued_on": issued.isoformat() if issued else None,
            "intro": project.intro, "promo_image": project.promo_image, "building_ids": list(project.building_ids)}
