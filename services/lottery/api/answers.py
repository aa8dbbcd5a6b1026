"""What lottery's RPCs answer."""
from marshmallow import fields

from shared.answers import AnswerSchema, amount, flag, integer, items, nested, nullable, text
from shared.fields import UUIDString


class RoundOpenedSchema(AnswerSchema):
    round_id = UUIDString(required=True)
    rooms = integer(metadata={"description": "rooms in the round's pool"})


class FamiliesRegisteredSchema(AnswerSchema):
    round_id = UUIDString(required=True)
    registered = integer()


class DrawSchema(AnswerSchema):
    draw_id = UUIDString(required=True)
    round_id = UUIDString(required=True)
    state = text()
    seed_commitment = text()
    list_hash = nullable()
    eligible_public_ids = items(fields.String(), metadata={"description": "the anonymised eligible list"})
    seed = nullable(metadata={"description": "revealed with the draw"})
    ranking = items(fields.String(), metadata={"description": "public ids in ranking order"})


class ListSealedSchema(AnswerSchema):
    list_hash = text()
    families = integer()


class DrawPerformedSchema(AnswerSchema):
    draw_id = UUIDString(required=True)
    families = integer()


class DrawChecksSchema(AnswerSchema):
    seed_matches_commitment = flag()
    list_matches_hash = flag()
    ranking_matches_inputs = flag()


class DrawVerificationSchema(AnswerSchema):
    verified = flag()
    checks = nested(DrawChecksSchema)


class SessionPlanSchema(AnswerSchema):
    number = integer()
    session_id = UUIDString(required=True)
    formal_start = text()
    formal_end = text()
    families = integer()
    first_rank = integer()
    last_rank = integer()


class SessionsPlannedSchema(AnswerSchema):
    round_id = UUIDString(required=True)
    sessions = items(fields.Nested(SessionPlanSchema))


class RoundSchema(AnswerSchema):
    round_id = UUIDString(required=True)
    name = text()
    rooms = integer()
    families = integer()
    preselection_start = text()
    sessions = items(fields.Nested(SessionPlanSchema))


class CatalogueRoomSchema(AnswerSchema):
    room_id = UUIDString(required=True)
    building = text()
    room_number = text()
    layout = text()
    orientation = text()
    area_sqm = amount()
    taken = flag()


class RoomSearchAnswerSchema(AnswerSchema):
    rooms = items(fields.Nested(CatalogueRoomSchema))


class SessionStatisticsSchema(AnswerSchema):
    session_id = UUIDString(required=True)
    number = integer()
    status = text()
    families = integer()
    offered = integer()
    confirmed = integer()
    auto_assigned = integer()
    gave_up = integer()
    left = integer()


class CartRoomSchema(AnswerSchema):
    room_id = UUIDString(required=True)
    taken = flag(metadata={"description": "another family has confirmed it"})


class FamilySessionSchema(AnswerSchema):
    session_id = UUIDString(required=True)
    number = integer()
    rank = nullable(fields.Integer, strict=True)
    status = text()
    formal_start = text()
    formal_end = text()
    entered = flag()
    cart = items(fields.Nested(CartRoomSchema))
    room = nullable(UUIDString, metadata={"description": "the room allocated to the family"})
    auto_assigned = flag()
    gave_up = flag()


class WindowSchema(AnswerSchema):
    opens_at = text()
    closes_at = text()


class MySelectionSchema(AnswerSchema):
    round_id = UUIDString(required=True)
    family_id = text()
    session = nested(FamilySessionSchema)
    preselection = items(UUIDString(), metadata={"description": "the pre-selection cart, in order"})
    preselection_window = nested(WindowSchema)


class PreselectionSchema(AnswerSchema):
    cart = items(UUIDString())


class EnteredSchema(AnswerSchema):
    result = text(metadata={"description": "entered"})


class CartSchema(AnswerSchema):
    result = items(UUIDString(), metadata={"description": "the formal cart, in order"})


class ConfirmedSchema(AnswerSchema):
    result = UUIDString(required=True, metadata={"description": "the confirmed room"})


class GaveUpSchema(AnswerSchema):
    result = text(metadata={"description": "gave_up"})


class SupplementaryAppliedSchema(AnswerSchema):
    round_id = UUIDString(required=True)
    reason = text(metadata={"description": "missed_session or no_room"})
