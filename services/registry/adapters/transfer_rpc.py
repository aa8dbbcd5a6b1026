"""Registry's end of the real-estate register's transfer webhooks (the gateway relays them as received), mixed
into `RegistryService`."""
from __future__ import annotations

import base64
from typing import Any

from nameko.rpc import rpc

from shared.context import current
from shared.nameko_kit.callbacks import accept_webhook
from shared.nameko_kit.edge import load
from services.registry.api.transfer_reports import TransferReportSchema

_report_schema = TransferReportSchema()


class TransferRpc:
    app: Any
    real_estate: Any

    @rpc
    def real_estate_callback(self, headers: dict[str, str], body_base64: str) -> dict[str, Any]:
        """`transfer.accepted` / `transfer.registered`, signed with the register's secret; each message once."""
        return accept_webhook("realestate", self.real_estate.secret, headers, base64.b64decode(body_base64),
                              self._transfer_reported)

    def _transfer_reported(self, report: dict[str, Any]) -> bool:
        """accept_webhook names the message by its webhook-id as the causation of what it records."""
        return self.app.transfer_reported(current().causation_id, load(_report_schema, report))
