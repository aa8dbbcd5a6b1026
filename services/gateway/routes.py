"""The HTTP API: one table drives dispatch, authorisation and the OpenAPI document."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema
from werkzeug.routing import Map, Rule

from services.contracts.api import answers as contracts_answers, requests as contracts
from services.escrow.api import answers as escrow_answers, requests as escrow
from services.filing.api import answers as filing_answers, requests as filing
from services.gateway import responses as gateway_answers, schemas as gateway
from services.gateway.agency_routes import agency_routes
from services.gateway.existing_home_routes import existing_home_routes
from services.gateway.webhook_routes import webhook_routes
from services.gateway.window_routes import window_routes
from services.lottery.api import answers as lottery_answers, requests as lottery
from services.contracts.api import notarization_answers, notarization_requests as notarized
from services.notary.api import answers as notary_answers, requests as notary
from services.registry.api import answers as registry_answers, requests as registry

BUREAU, DEVELOPER, AUDITOR, FAMILY = "bureau_officer", "developer", "auditor", "family"
NOTARY_OFFICER, NOTARY_BUYER = "notary_officer", "notary_buyer"
CONTRACT = "/api/v1/contracts/<contract_id>"
CASE = "/api/v1/notary/cases/<case_id>"
CASE_READERS = (NOTARY_BUYER, NOTARY_OFFICER, DEVELOPER, BUREAU, AUDITOR)
READERS = (BUREAU, DEVELOPER, AUDITOR)
SELECTION_READERS = (BUREAU, AUDITOR, FAMILY)
ROUND = "/api/v1/lottery/rounds/<round_id>"
LEASE = "/api/v1/leases/<lease_id>"
LEASE_READERS = (BUREAU, AUDITOR, FAMILY)
ANYONE = None
REPLAY_SECONDS = 120.0  # a read model's rebuild replays its sources' whole logs
# Path parameters that name an aggregate by its UUID: anything else names nothing (404 before any call).
UUID_PARAMS = frozenset({"developer_id", "project_id", "building_id", "room_id", "contract_id", "filing_id",
                         "round_id", "session_id", "lease_id", "case_id", "agency_id", "agent_id",
                         "material_id"})


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    path: str
    service: str
    rpc: str
    summary: str
    roles: tuple[str, ...] | None = ANYONE
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    upload: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # multipart/form-data: these files, and the form fields in `body`
    signed_in_person: bool = False  # pass who signed in (subject_hash), for checks bound to that person
    response: type[Schema] | None = None  # the 200 answer's JSON shape, checked on every answer
    media: tuple[str, ...] = ()  # a binary answer (file) of one of these media types
    stream: bool = False  # Server-Sent Events (text/event-stream), served by broadcast.LiveStream
    timeout: float | None = None  # the RPC deadline when longer than the usual one (a replay of a whole log)
    public: bool = False
    webhook: bool = False  # an external party's signed webhook: its raw body and headers go to the service
    max_body: int | None = None  # a JSON body's own size limit, when larger than commands.MAX_BODY_BYTES
    burst: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def binary(self) -> bool:
        return bool(self.media)


ROUTES = (
    # Sign-in ------------------------------------------------------------------------------------
    Route("captcha", "GET", "/api/v1/auth/captcha", "gateway", "captcha",
          "A captcha challenge for the next sign-in (R000.1)", public=True,
          response=gateway_answers.CaptchaSchema, tags=("auth",)),
    Route("login", "POST", "/api/v1/auth/login", "registry", "authenticate",
          "Sign in with username, password, captcha and, for developer users, the electronic key (R000.1)",
          body=gateway.LoginRequestSchema, public=True, response=gateway_answers.SignedInSchema, tags=("auth",)),
    Route("open_account", "POST", "/api/v1/accounts", "registry", "open_account",
          "Open a portal account (bureau)", roles=(BUREAU,), body=registry.OpenAccountSchema,
          response=registry_answers.AccountOpenedSchema, tags=("accounts",)),
    Route("unlock_account", "POST", "/api/v1/accounts/<username>/unlock", "registry", "unlock_account",
          "Lift the lock or wait that failed sign-ins put on a username (bureau)", roles=(BUREAU,),
          response=registry_answers.AccountUnlockedSchema, tags=("accounts",)),
    # Registry: enterprises, projects, buildings, rooms -------------------------------------------
    Route("register_developer", "POST", "/api/v1/developers", "registry", "register_developer",
          "Record a developer enterprise (R000.2)", roles=(BUREAU,),
          body=registry.RegisterDeveloperSchema,
          response=registry_answers.DeveloperRegisteredSchema, tags=("registry",)),
    Route("grant_network_access", "POST", "/api/v1/developers/<developer_id>/network-access", "registry",
          "grant_network_access", "Admit a developer to the network and issue its electronic key (R000.1)",
          roles=(BUREAU,), body=registry.GrantNetworkAccessSchema,
          response=registry_answers.NetworkAccessSchema, tags=("registry",)),
    Route("get_developer", "GET", "/api/v1/developers/<developer_id>", "registry", "get_developer",
          "A developer enterprise", roles=READERS, response=registry_answers.DeveloperSchema, tags=("registry",)),
    Route("set_developer_intro", "PUT", "/api/v1/developers/<developer_id>/intro", "registry",
          "set_developer_intro", "Set the enterprise introduction (R000.2)", roles=(DEVELOPER,),
          body=registry.IntroSchema, response=registry_answers.DeveloperIntroSchema, tags=("registry",)),
    Route("register_project", "POST", "/api/v1/projects", "registry", "register_project",
          "Record a project and its presale permit (R000.2)", roles=(BUREAU,),
          body=registry.RegisterProjectSchema, response=registry_answers.ProjectRegisteredSchema, tags=("registry",)),
    Route("get_project", "GET", "/api/v1/projects/<project_id>", "registry", "get_project",
          "A project", roles=READERS, response=registry_answers.ProjectSchema, tags=("registry",)),
    Route("set_project_intro", "PUT", "/api/v1/projects/<project_id>/intro", "registry", "set_project_intro",
          "Set the project introduction (R000.2)", roles=(DEVELOPER,), body=registry.IntroSchema,
          response=registry_answers.ProjectSchema, tags=("registry",)),
    Route("set_promo_image", "PUT", "/api/v1/projects/<project_id>/promo-image", "registry", "set_promo_image",
          "Upload the project's promotional image: PNG or JPEG, at most 2 MB (R000.2)", roles=(DEVELOPER,),
          upload=("image/png", "image/jpeg"), response=registry_answers.ProjectSchema, tags=("registry",)),
    Route("get_promo_image", "GET", "/api/v1/projects/<project_id>/promo-image", "registry", "get_promo_image",
          "The project's promotional image", roles=READERS, media=("image/png", "image/jpeg"), tags=("registry",)),
    Route("set_building_rules", "POST", "/api/v1/projects/<project_id>/buildings", "registry",
          "set_building_rules", "Set a building's rules; creates its rooms (bureau only, R000.3)",
          roles=(BUREAU,), body=registry.SetBuildingRulesSchema,
          response=registry_answers.BuildingSchema, tags=("registry",)),
    Route("change_building_rules", "PUT", "/api/v1/buildings/<building_id>/rules", "registry",
          "change_building_rules", "Change a building's rules (bureau only, R000.3)", roles=(BUREAU,),
          body=registry.ChangeBuildingRulesSchema, response=registry_answers.BuildingChangeSchema, tags=("registry",)),
    Route("room_map", "GET", "/api/v1/projects/<project_id>/room-map", "registry",
          "room_map_of_project", "Sale status of every room of a project", roles=READERS,
          response=registry_answers.RoomMapSchema, tags=("registry",)),
    Route("get_room", "GET", "/api/v1/rooms/<room_id>", "registry", "get_room", "A room",
          roles=READERS, response=registry_answers.RoomWithStatusSchema, tags=("registry",)),
    Route("submit_room_info", "PUT", "/api/v1/rooms/<room_id>/info", "registry", "submit_room_info",
          "Enter room info and submit it for review (R000.4)", roles=(DEVELOPER,),
          body=registry.SubmitRoomInfoSchema, response=registry_answers.RoomViewSchema, tags=("registry",)),
    Route("review_room_info", "POST", "/api/v1/rooms/<room_id>/review", "registry", "review_room_info",
          "Approve (publish) or reject room info (R000.5)", roles=(BUREAU,),
          body=registry.ReviewRoomInfoSchema, response=registry_answers.RoomViewSchema, tags=("registry",)),
    Route("list_developers", "GET", "/api/v1/developers", "registry", "list_developers",
          "Developer enterprises, newest first, with their admission (R000.1)", roles=(BUREAU, AUDITOR),
          response=registry_answers.DeveloperListSchema, tags=("registry",)),
    Route("list_projects", "GET", "/api/v1/projects", "registry", "list_projects",
          "Projects with their presale permits, newest first (R000.2); a developer sees its own",
          roles=READERS, query=registry.ProjectQuerySchema, response=registry_answers.ProjectListSchema,
          tags=("registry",)),
    Route("list_buildings", "GET", "/api/v1/projects/<project_id>/buildings", "registry", "list_buildings",
          "A project's buildings and their rules (R000.3)", roles=READERS,
          response=registry_answers.BuildingListSchema, tags=("registry",)),
    Route("rooms_for_review", "GET", "/api/v1/rooms", "registry", "rooms_for_review",
          "Rooms whose info waits for the bureau's review, oldest first (R000.5)", roles=(BUREAU, AUDITOR),
          query=registry.RoomReviewQuerySchema, response=registry_answers.RoomReviewListSchema,
          tags=("registry",)),
    Route("rebuild_room_map", "POST", "/api/v1/admin/room-map/rebuild", "registry", "rebuild_room_map",
          "Replay the room map from the event stores", roles=(BUREAU,),
          response=registry_answers.RoomMapRebuiltSchema, timeout=REPLAY_SECONDS, tags=("operations",)),
    # Contracts ----------------------------------------------------------------------------------
    Route("set_presets", "PUT", "/api/v1/projects/<project_id>/clause-presets", "contracts", "set_presets",
          "Preset contract clauses for a project (R000.6)", roles=(DEVELOPER,), body=contracts.PresetsSchema,
          response=contracts_answers.PresetsAnswerSchema, tags=("contracts",)),
    Route("get_presets", "GET", "/api/v1/projects/<project_id>/clause-presets", "contracts", "get_presets",
          "The project's clause presets", roles=(DEVELOPER,),
          response=contracts_answers.PresetsAnswerSchema, tags=("contracts",)),
    Route("contract_template", "GET", "/api/v1/contract-template", "contracts", "contract_template",
          "The standard contract's 24 clauses and 5 attachments with their blanks (R000.7)", roles=READERS,
          response=contracts_answers.ContractTemplateSchema, tags=("contracts",)),
    Route("draft_contract", "POST", "/api/v1/contracts", "contracts", "draft_contract",
          "Draft a contract for an available room (R000.7)", roles=(DEVELOPER,),
          body=contracts.DraftContractSchema, response=contracts_answers.ContractSchema, tags=("contracts",)),
    Route("list_contracts", "GET", "/api/v1/contracts", "contracts", "list_contracts",
          "Formal contracts with their filing status (filter: project_id, state)", roles=READERS,
          query=contracts.ContractQuerySchema, response=contracts_answers.ContractListSchema, tags=("contracts",)),
    Route("get_contract", "GET", "/api/v1/contracts/<contract_id>", "contracts", "get_contract",
          "A contract with every clause", roles=READERS,
          response=contracts_answers.ContractSchema, tags=("contracts",)),
    Route("save_clause", "PUT", "/api/v1/contracts/<contract_id>/clauses/<section_id>", "contracts",
          "save_clause", "Fill one clause or attachment (R000.7); after a preview this is a modification (R000.8)",
          roles=(DEVELOPER,), body=contracts.SaveClauseSchema,
          response=contracts_answers.ContractSchema, tags=("contracts",)),
    Route("change_buyer", "PUT", "/api/v1/contracts/<contract_id>/buyer", "contracts", "change_buyer",
          "Change the buyer's details (修改) before the formal print; after a preview a new one is needed (R000.7, "
          "R000.8)", roles=(DEVELOPER,), body=contracts.BuyerSchema, response=contracts_answers.ContractSchema,
          tags=("contracts",)),
    Route("print_preview", "POST", "/api/v1/contracts/<contract_id>/preview", "contracts", "print_preview",
          "Print the preview (R000.8)", roles=(DEVELOPER,),
          response=contracts_answers.ContractSchema, tags=("contracts",)),
    Route("print_formal", "POST", "/api/v1/contracts/<contract_id>/formal-print", "contracts", "print_formal",
          "Print the formal contract; needs a preview of the current text (R000.9)", roles=(DEVELOPER,),
          response=contracts_answers.ContractSchema, tags=("contracts",)),
    Route("confirm", "POST", "/api/v1/contracts/<contract_id>/confirm", "contracts", "confirm",
          "Confirm signing within 24 hours of the formal print (R000.10, R000.11)", roles=(DEVELOPER,),
          response=contracts_answers.ContractSchema, tags=("contracts",)),
    Route("abandon", "POST", "/api/v1/contracts/<contract_id>/abandon", "contracts", "abandon",
          "The buyer abandons (否): the contract is void (R000.12)", roles=(DEVELOPER,),
          response=contracts_answers.ContractSchema, tags=("contracts",)),
    Route("resubmit", "POST", "/api/v1/contracts/<contract_id>/resubmit", "contracts", "resubmit",
          "Resubmit a corrected contract for filing (R000.14)", roles=(DEVELOPER,),
          response=contracts_answers.ContractSchema, tags=("contracts",)),
    Route("contract_pdf", "GET", "/api/v1/contracts/<contract_id>/pdf", "contracts", "contract_pdf",
          "The printed contract as PDF (preview or formal)", roles=READERS,
          media=("application/pdf",), tags=("contracts",)),
    Route("check_contract", "GET", "/api/v1/contract-checks/<code>", "contracts", "check_contract",
          "Check a printed contract by the verification code on it (no sign-in; limited per address): number, "
          "state, filing number, room, parties (the buyer masked). A malformed and an unknown code are the same "
          "404 contract_check_not_found", public=True, response=contracts_answers.ContractCheckSchema,
          tags=("contracts",)),
    Route("rebuild_contract_views", "POST", "/api/v1/admin/contract-views/rebuild", "contracts", "rebuild_views",
          "Replay the contract list and sellable rooms from the event stores", roles=(BUREAU,),
          response=contracts_answers.ContractViewsRebuiltSchema, timeout=REPLAY_SECONDS, tags=("operations",)),
    # Filing -------------------------------------------------------------------------------------
    Route("list_filings", "GET", "/api/v1/filings", "filing", "list_filings",
          "The review queue (state=pending) and the filing register", roles=READERS,
          query=filing.FilingQuerySchema, response=filing_answers.FilingListSchema, tags=("filing",)),
    Route("get_filing", "GET", "/api/v1/filings/<filing_id>", "filing", "get_filing", "A filing case",
          roles=READERS, response=filing_answers.FilingCaseSchema, tags=("filing",)),
    Route("approve_filing", "POST", "/api/v1/filings/<filing_id>/approve", "filing", "approve_filing",
          "File the contract: issues the filing number (R000.13)", roles=(BUREAU,),
          response=filing_answers.FilingCaseSchema, tags=("filing",)),
    Route("reject_filing", "POST", "/api/v1/filings/<filing_id>/reject", "filing", "reject_filing",
          "Refuse to file, with reasons (R000.14)", roles=(BUREAU,), body=filing.RejectFilingSchema,
          response=filing_answers.FilingCaseSchema, tags=("filing",)),
    Route("rebuild_filing_register", "POST", "/api/v1/admin/filing-register/rebuild", "filing",
          "rebuild_register", "Replay the filing register from the event store", roles=(BUREAU,),
          response=filing_answers.FilingRegisterRebuiltSchema, timeout=REPLAY_SECONDS, tags=("operations",)),
    # Lottery and selection (guide 004) -------------------------------------------------------------
    Route("family_login", "POST", "/api/v1/auth/families", "lottery", "family_for_applicant",
          "A family signs in with the unified identity platform's assertion for a round", public=True,
          body=lottery.FamilyLoginSchema, response=gateway_answers.SignedInSchema, tags=("auth", "lottery")),
    Route("open_round", "POST", "/api/v1/lottery/rounds", "lottery", "open_round",
          "Open a selection round with its room pool", roles=(BUREAU,), body=lottery.OpenRoundSchema,
          response=lottery_answers.RoundOpenedSchema, tags=("lottery",)),
    Route("register_families", "POST", f"{ROUND}/families", "lottery", "register_families",
          "Register the round's eligible families", roles=(BUREAU,), body=lottery.RegisterFamiliesSchema,
          response=lottery_answers.FamiliesRegisteredSchema, tags=("lottery",)),
    Route("announce_draw", "POST", f"{ROUND}/draw/announcement", "lottery", "announce_draw",
          "Announce the draw's seed commitment (SHA-256 of the seed) in advance", roles=(BUREAU,),
          body=lottery.AnnounceDrawSchema, response=lottery_answers.DrawSchema, tags=("lottery",)),
    Route("seal_eligible_list", "POST", f"{ROUND}/draw/sealed-list", "lottery", "seal_eligible_list",
          "Seal the eligible list and publish its hash", roles=(BUREAU,),
          response=lottery_answers.ListSealedSchema, tags=("lottery",)),
    Route("perform_draw", "POST", f"{ROUND}/draw", "lottery", "perform_draw",
          "Reveal the seed and rank the families", roles=(BUREAU,), body=lottery.PerformDrawSchema,
          response=lottery_answers.DrawPerformedSchema, tags=("lottery",)),
    Route("plan_sessions", "POST", f"{ROUND}/sessions", "lottery", "plan_sessions",
          "Group families by ranking into sessions with their formal windows", roles=(BUREAU,),
          body=lottery.PlanSessionsSchema, response=lottery_answers.SessionsPlannedSchema, tags=("lottery",)),
    Route("get_round", "GET", ROUND, "lottery", "get_round", "A round and its session plan",
          roles=SELECTION_READERS, response=lottery_answers.RoundSchema, tags=("lottery",)),
    Route("get_draw", "GET", f"{ROUND}/draw", "lottery", "get_draw",
          "The published draw: anonymised list, its hash, commitment, seed, ranking", roles=SELECTION_READERS,
          response=lottery_answers.DrawSchema, tags=("lottery",)),
    Route("verify_draw", "GET", f"{ROUND}/draw/verification", "lottery", "verify_draw",
          "Recompute the draw from its published inputs", roles=SELECTION_READERS,
          response=lottery_answers.DrawVerificationSchema, tags=("lottery",)),
    Route("search_rooms", "GET", f"{ROUND}/rooms", "lottery", "search_rooms",
          "Search rooms by building, layout, orientation (R004.3)", roles=SELECTION_READERS,
          query=lottery.RoomSearchSchema, response=lottery_answers.RoomSearchAnswerSchema, tags=("lottery",)),
    Route("session_stream", "GET", "/api/v1/lottery/sessions/<session_id>/stream", "gateway", "session_stream",
          "The availability broadcast of a session as Server-Sent Events: rooms taken, windows closed (R004.10). "
          "Browsers may pass the token as ?access_token=", stream=True, tags=("lottery",)),
    Route("session_statistics", "GET", "/api/v1/lottery/sessions/<session_id>/statistics", "lottery",
          "session_statistics", "Offered, confirmed, auto-assigned and left rooms of a session",
          roles=SELECTION_READERS, response=lottery_answers.SessionStatisticsSchema, tags=("lottery",)),
    Route("my_selection", "GET", f"{ROUND}/me", "lottery", "my_selection",
          "My session, windows, carts and result", roles=(FAMILY,),
          response=lottery_answers.MySelectionSchema, tags=("selection",)),
    Route("preselect", "POST", f"{ROUND}/preselection", "lottery", "preselect",
          "Change the pre-selection cart: add, remove, up, down, top (R004.1, R004.3)", roles=(FAMILY,),
          body=lottery.CartOperationSchema, burst=True,
          response=lottery_answers.PreselectionSchema, tags=("selection",)),
    Route("enter_selection", "POST", f"{ROUND}/selection/enter", "lottery", "enter_selection",
          "Accept the rules and enter formal selection", roles=(FAMILY,), burst=True,
          response=lottery_answers.EnteredSchema, tags=("selection",)),
    Route("sync_preselection", "POST", f"{ROUND}/selection/sync", "lottery", "sync_preselection",
          "Sync the pre-selection into the cart, overwriting it (R004.4)", roles=(FAMILY,), burst=True,
          response=lottery_answers.CartSchema, tags=("selection",)),
    Route("change_cart", "POST", f"{ROUND}/selection/cart", "lottery", "change_cart",
          "Change the formal cart (R004.3–R004.6)", roles=(FAMILY,), body=lottery.CartOperationSchema,
          burst=True, response=lottery_answers.CartSchema, tags=("selection",)),
    Route("confirm_room", "POST", f"{ROUND}/selection/confirm", "lottery", "confirm_room",
          "Confirm one room of the cart, irrevocably (R004.7)", roles=(FAMILY,), body=lottery.ConfirmSchema,
          burst=True, response=lottery_answers.ConfirmedSchema, tags=("selection",)),
    Route("give_up", "POST", f"{ROUND}/selection/give-up", "lottery", "give_up", "Give up this selection",
          roles=(FAMILY,), burst=True, response=lottery_answers.GaveUpSchema, tags=("selection",)),
    Route("apply_supplementary", "POST", f"{ROUND}/supplementary", "lottery", "apply_supplementary",
          "Apply for supplementary selection (R004.9)", roles=(FAMILY,), burst=True,
          response=lottery_answers.SupplementaryAppliedSchema, tags=("selection",)),
    # Lease signing after selection (guide 004, R004.11–R004.15) ------------------------------------------
    Route("my_lease", "GET", f"{ROUND}/lease", "contracts", "my_lease",
          "My lease after selection: the room, rent, deposit, signing steps and what comes next (R004.11)",
          roles=(FAMILY,), response=contracts_answers.LeaseSchema, tags=("leases",)),
    Route("get_lease", "GET", LEASE, "contracts", "get_lease", "A lease and its signing status",
          roles=LEASE_READERS, response=contracts_answers.LeaseSchema, tags=("leases",)),
    Route("change_lease_phone", "PUT", f"{LEASE}/phone", "contracts", "change_lease_phone",
          "Confirm or change the phone number (R004.11)", roles=(FAMILY,), body=contracts.PhoneSchema,
          response=contracts_answers.LeaseSchema, tags=("leases",)),
    Route("request_mandate", "POST", f"{LEASE}/mandate", "escrow", "request_mandate",
          "Set up the rent auto-debit: debit card number and photos of both sides, as multipart/form-data "
          "(R004.12, required before the next steps)", roles=(FAMILY,), body=escrow.MandateFormSchema,
          files=escrow.CARD_PHOTOS, response=escrow_answers.MandateSchema, tags=("leases",)),
    Route("get_mandate", "GET", f"{LEASE}/mandate", "escrow", "get_mandate",
          "The rent auto-debit mandate's status", roles=LEASE_READERS,
          response=escrow_answers.MandateSchema, tags=("leases",)),
    Route("start_face_verification", "POST", f"{LEASE}/face-verification", "contracts", "start_face_verification",
          "Open a face verification for the main applicant; scan the returned QR code (R004.13). Only the "
          "person who signed in (the main applicant) passes it", roles=(FAMILY,), signed_in_person=True,
          response=contracts_answers.LeaseSchema, tags=("leases",)),
    Route("start_lease_signing", "POST", f"{LEASE}/signature", "contracts", "start_lease_signing",
          "Open the e-signature of the lease; scan the returned QR code and sign on the phone (R004.14)",
          roles=(FAMILY,), response=contracts_answers.LeaseSchema, tags=("leases",)),
    Route("list_leases", "GET", "/api/v1/leases", "contracts", "list_leases",
          "The review queue (state=submitted) and every lease's signing status (R004.15)",
          roles=(BUREAU, AUDITOR), query=contracts.LeaseQuerySchema,
          response=contracts_answers.LeaseListSchema, tags=("leases",)),
    Route("approve_lease", "POST", f"{LEASE}/approve", "contracts", "approve_lease",
          "Approve a submitted lease; the family is told by SMS (R004.15)", roles=(BUREAU,),
          response=contracts_answers.LeaseSchema, tags=("leases",)),
    Route("reject_lease", "POST", f"{LEASE}/reject", "contracts", "reject_lease",
          "Reject a submitted lease with reasons: the deposit is refunded and the room released (R004.15)",
          roles=(BUREAU,), body=contracts.RejectLeaseSchema, response=contracts_answers.LeaseSchema, tags=("leases",)),
    Route("lease_pdf", "GET", f"{LEASE}/pdf", "contracts", "lease_pdf",
          "The approved lease materials as PDF: contract, auto-debit authorisation, deposit receipt (R004.15)",
          roles=LEASE_READERS, media=("application/pdf",), tags=("leases",)),
)

NOTARIZED_SIGNING = (
    # Remote notarized signing (guide 002, R002.1–R002.8) ---------------------------------------------------
    Route("confirm_for_notarization", "POST", f"{CONTRACT}/notarization", "contracts", "confirm_for_notarization",
          "Submit a formal-printed contract on the notarized route: the buyer signs before a notary (R002.1)",
          roles=(DEVELOPER,), response=contracts_answers.ContractSchema, tags=("notary",)),
    Route("get_notarization", "GET", f"{CONTRACT}/notarization", "contracts", "notarization",
          "The contract's notarized route: password, attachments, push, the case's QR code, certificate",
          roles=(DEVELOPER, BUREAU, AUDITOR), response=notarization_answers.NotarizationSchema, tags=("notary",)),
    Route("set_contract_password", "PUT", f"{CONTRACT}/notarization/password", "contracts", "set_contract_password",
          "Set the contract password, the buyer's access secret (R002.1)", roles=(DEVELOPER,),
          body=notarized.ContractPasswordSchema, response=notarization_answers.NotarizationSchema, tags=("notary",)),
    Route("add_notarization_attachment", "POST", f"{CONTRACT}/notarization/attachments", "contracts",
          "add_notarization_attachment", "Upload an attachment: floor plan, drainage layout, site plan or other; PNG,"
          " JPEG or PDF, at most 500 KB, base64 in JSON (R002.1)", roles=(DEVELOPER,), body=notarized.AttachmentSchema,
          response=notarization_answers.NotarizationSchema, tags=("notary",)),
    Route("push_to_notary", "POST", f"{CONTRACT}/notarization/push", "contracts", "push_to_notary",
          "Push the electronic contract to the chosen notary office; the office returns the buyer's QR code (R002.1,"
          " R002.2)", roles=(DEVELOPER,), body=notarized.PushSchema,
          response=notarization_answers.NotarizationSchema, timeout=20.0, tags=("notary",)),
    Route("notarization_history", "GET", f"{CONTRACT}/notarization/history", "notary", "saga_history",
          "The notarized-signing saga of the contract, every step in order with the command it sent",
          roles=(DEVELOPER, BUREAU, AUDITOR, NOTARY_OFFICER), response=notary_answers.SagaHistorySchema,
          tags=("notary",)),
    Route("notary_offices", "GET", "/api/v1/notary/offices", "notary", "list_offices",
          "The notary offices a contract may be pushed to", roles=(DEVELOPER, BUREAU, AUDITOR, NOTARY_OFFICER),
          response=notary_answers.OfficeListSchema, tags=("notary",)),
    Route("notary_buyer_login", "POST", "/api/v1/auth/notary-buyers", "notary", "buyer_sign_in",
          "The buyer signs in from the case's QR link (case_id, expires, signature) with the contract password",
          body=notary.BuyerSignInSchema, public=True, response=gateway_answers.SignedInSchema, tags=("auth", "notary")),
    Route("get_notary_case", "GET", CASE, "notary", "get_case", "A notary case and its status (R002.6)",
          roles=CASE_READERS, response=notary_answers.CaseSchema, tags=("notary",)),
    Route("notary_face_verification", "POST", f"{CASE}/face-verification", "notary", "start_face_verification",
          "A mainland buyer's face verification, before reading and again at submission; scan the QR code (R002.3)",
          roles=(NOTARY_BUYER,), response=notary_answers.CaseSchema, tags=("notary",)),
    Route("notary_verify_document", "POST", f"{CASE}/identity-document", "notary", "verify_document",
          "A non-mainland buyer's identity document photo instead of face verification (R002.4)",
          roles=(NOTARY_BUYER,), body=notary.DocumentPhotoSchema, response=notary_answers.CaseSchema,
          tags=("notary",)),
    Route("notary_read_documents", "POST", f"{CASE}/documents-read", "notary", "read_documents",
          "Confirm having read the contract, the application form, the notice and the case record (R002.5)",
          roles=(NOTARY_BUYER,), body=notary.ReadDocumentsSchema, response=notary_answers.CaseSchema,
          tags=("notary",)),
    Route("notary_upload_material", "PUT", f"{CASE}/materials/<kind>", "notary", "upload_material",
          "Upload ID front/back, the hand-held ID photo, the live-captured signature (with its signed capture"
          " metadata) or the 15-second evidence video (R002.4)", roles=(NOTARY_BUYER,), body=notary.MaterialSchema,
          response=notary_answers.CaseSchema, tags=("notary",)),
    Route("notary_signature_pad", "POST", f"{CASE}/signature-pad", "notary", "sign_on_pad",
          "The signature drawn live on the notary's signature pad (strokes in pad coordinates); the pad signs its"
          " capture metadata (R002.4)", roles=(NOTARY_BUYER,), body=notary.SignaturePadSchema,
          response=notary_answers.CaseSchema, tags=("notary",)),
    Route("notary_material", "GET", f"{CASE}/materials/<kind>", "notary", "material",
          "One piece of the buyer's evidence for review: an image with its data, or the evidence video's facts",
          roles=(NOTARY_OFFICER, BUREAU, AUDITOR), response=notary_answers.EvidenceSchema, tags=("notary",)),
    Route("notary_submit_case", "POST", f"{CASE}/submission", "notary", "submit_case",
          "A non-mainland buyer's final submission with the second identity document verification (R002.4)",
          roles=(NOTARY_BUYER,), body=notary.DocumentPhotoSchema, response=notary_answers.CaseSchema,
          tags=("notary",)),
    Route("list_notary_cases", "GET", "/api/v1/notary/cases", "notary", "list_cases",
          "The office's cases (state=submitted: waiting for review, R002.6)", roles=(NOTARY_OFFICER, BUREAU, AUDITOR),
          query=notary.CaseQuerySchema, response=notary_answers.CaseListSchema, tags=("notary",)),
    Route("approve_notary_case", "POST", f"{CASE}/approve", "notary", "approve_case",
          "Approve: issues the notarial certificate bound to the contract's content hash (R002.6, R002.7)",
          roles=(NOTARY_OFFICER,), response=notary_answers.CaseSchema, tags=("notary",)),
    Route("reject_notary_case", "POST", f"{CASE}/reject", "notary", "reject_case",
          "Reject with reasons: the contract returns to the developer (R002.6)", roles=(NOTARY_OFFICER,),
          body=notary.RejectCaseSchema, response=notary_answers.CaseSchema, tags=("notary",)),
    Route("notary_econtract_pdf", "GET", f"{CASE}/e-contract", "notary", "econtract_pdf",
          "The e-contract as the developer pushed it, for the buyer to read before confirming (R002.5)",
          roles=CASE_READERS, media=("application/pdf",), tags=("notary",)),
    Route("notary_certificate_pdf", "GET", f"{CASE}/certificate", "notary", "certificate_pdf",
          "The certificate bundle: certificate, seller licence, identity images, e-contract (R002.7)",
          roles=CASE_READERS, media=("application/pdf",), tags=("notary",)),
)
ROUTES = (ROUTES + NOTARIZED_SIGNING + agency_routes(Route) + existing_home_routes(Route) + window_routes(Route)
          + webhook_routes(Route))

BY_NAME = {route.name: route for route in ROUTES}
URL_MAP = Map([Rule(r.path, endpoint=r.name, methods=[r.method]) for r in ROUTES])


def openapi_path(path: str) -> str:
    return path.replace("<", "{").replace(">", "}")


def path_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("<")]


def route_for(environ: dict[str, Any]) -> tuple[Route, dict[str, str]]:
    """Raises werkzeug's NotFound / MethodNotAllowed."""
    endpoint, args = URL_MAP.bind_to_environ(environ).match()
    return BY_NAME[endpoint], args
