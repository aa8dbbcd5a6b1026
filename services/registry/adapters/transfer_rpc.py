"""Registry's end of the real-estate register's transfer webhooks (the gateway forwards them as received),
mixed into `RegistryService`."""
from __future__ import annotations

from typing import Any

from nameko.rpc import rpc

from shared.nameko_kit.webhook_callbacks import receive_webhook
from services.registry.api.transfer_reports import TransferReportSchema

_report_schema = TransferReportSchema()


class TransferRpc:
    @rpc
    def real_estate_callback(self, headers: Any, body_base64: Any) -> dict[str, Any]:
        """`transfer.accepted` / `transfer.registered`, signed with the register's secret; each message once."""
        return receive_webhook(self.real_estate.secret, headers, body_base64, _report_schema,
                               self.app.transfer_reported)
