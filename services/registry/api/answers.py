"""What registry's RPCs answer (the gateway checks every answer against these; the OpenAPI shows them)."""
from marshmallow import fields

from shared.answers import AnswerSchema, amount, flag, integer, items, nested, nullable, text
from shared.fields import UUIDString


class AccountOpenedSchema(AnswerSchema):
    account_id = UUIDString(required=True)


class AccountUnlockedSchema(AnswerSchema):
    username = text()
    was_locked = flag()


class SignedInUserSchema(AnswerSchema):
    user_id = text()
    username = text()
    role = text()
    org_id = nullable()
    display_name = text()


class DeveloperRegisteredSchema(AnswerSchema):
    developer_id = UUIDString(required=True)


class NetworkAccessSchema(AnswerSchema):
    developer_id = UUIDString(required=True)
    key_id = text()
    electronic_key = text(metadata={"description": "shown once; the registry keeps only its hash"})


class DeveloperSchema(AnswerSchema):
    developer_id = UUIDString(required=True)
    name = text()
    credit_code = text()
    intro = nullable()
    admitted = flag()
    key_id = nullable()


class DeveloperIntroSchema(AnswerSchema):
    developer_id = UUIDString(required=True)
    intro = text()


class ProjectRegisteredSchema(AnswerSchema):
    project_id = UUIDString(required=True)


class PromoImageSchema(AnswerSchema):
    sha256 = text()
    content_type = text()
    size = integer()


class ProjectSchema(AnswerSchema):
    project_id = UUIDString(required=True)
    developer_id = UUIDString(required=True)
    name = text()
    permit_number = text()
    permit_issued_on = nullable(fields.Date)
    intro = nullable()
    promo_image = nullable(fields.Nested, PromoImageSchema)
    building_ids = items(UUIDString())


class RoomNumberSchema(AnswerSchema):
    room_id = UUIDString(required=True)
    room_number = text()


class BuildingSchema(AnswerSchema):
    building_id = UUIDString(required=True)
    rooms = items(fields.Nested(RoomNumberSchema))


class BuildingChangeSchema(AnswerSchema):
    building_id = UUIDString(required=True)
    added = items(fields.String(), metadata={"description": "numbers of the rooms created"})
    removed = items(fields.String(), metadata={"description": "numbers of the rooms retired"})


class RoomInfoAnswerSchema(AnswerSchema):
    area_sqm = amount()
    usage = text()
    layout = text()
    orientation = text()
    price_per_sqm = amount()
    saleable = flag()


class RoomViewSchema(AnswerSchema):
    room_id = UUIDString(required=True)
    building_id = UUIDString(required=True)
    project_id = UUIDString(required=True)
    developer_id = UUIDString(required=True)
    floor = integer()
    room_number = text()
    review_state = text()
    info = nullable(fields.Nested, RoomInfoAnswerSchema)
    proposed_info = nullable(fields.Nested, RoomInfoAnswerSchema)
    rejection_reasons = items(fields.String())
    version = integer()


class RoomWithStatusSchema(RoomViewSchema):
    sale_status = nullable(metadata={"description": "the room map's status (null until the map has the room)"})


class RoomOnMapSchema(AnswerSchema):
    room_id = UUIDString(required=True)
    building_id = UUIDString(required=True)
    developer_id = UUIDString(required=True)
    floor = integer()
    room_number = text()
    status = text()
    contract_id = nullable(UUIDString)
    info = nullable(fields.Nested, RoomInfoAnswerSchema)


class RoomMapPositionSchema(AnswerSchema):
    registry = integer()
    contracts = integer()


class RoomMapSchema(AnswerSchema):
    project_id = UUIDString(required=True)
    name = text()
    rooms = items(fields.Nested(RoomOnMapSchema))
    position = nested(RoomMapPositionSchema, metadata={"description": "the map's position in each source's log"})


class RoomMapRebuiltSchema(AnswerSchema):
    applied = nested(RoomMapPositionSchema, metadata={"description": "events applied from each source"})


class DeveloperListSchema(AnswerSchema):
    developers = items(fields.Nested(DeveloperSchema), metadata={"description": "newest first"})


class ProjectListSchema(AnswerSchema):
    projects = items(fields.Nested(ProjectSchema), metadata={"description": "newest first"})


class BuildingRulesSchema(AnswerSchema):
    building_id = UUIDString(required=True)
    project_id = UUIDString(required=True)
    name = text()
    floors = integer()
    units_per_floor = integer()
    room_count = integer()
    first_room = text(metadata={"description": "the numbering rule's first room number (floor, two-digit unit)"})
    last_room = text()


class BuildingListSchema(AnswerSchema):
    project_id = UUIDString(required=True)
    buildings = items(fields.Nested(BuildingRulesSchema))


class RoomForReviewSchema(RoomViewSchema):
    building_name = fields.String(required=True)
    project_name = fields.String(required=True)
    developer_name = fields.String(required=True)


class RoomReviewListSchema(AnswerSchema):
    rooms = items(fields.Nested(RoomForReviewSchema), metadata={"description": "oldest submission first"})
