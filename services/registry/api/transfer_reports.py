"""The real-estate register's webhook about a filed existing-home sale's transfer registration, as registry reads
it (after its signature is verified: shared.webhooks)."""
from marshmallow import EXCLUDE, Schema, post_load, validate

from shared.fields import Text

REPORT_TYPES = {"transfer.accepted": "accepted", "transfer.registered": "registered"}


class TransferReportSchema(Schema):
    """`type` says what the register did; the register's own fields (event_id, occurred_at) are not read."""

    class Meta:
        unknown = EXCLUDE

    type = Text(required=True, max_length=40, validate=validate.OneOf(tuple(REPORT_TYPES)))
    property_id = Text(required=True, max_length=64)
    filing_number = Text(required=True, max_length=64)

    @post_load
    def outcome(self, data: dict, **_: object) -> dict:
        return {**data, "outcome": REPORT_TYPES[data["type"]]}
