"""The HTTP routes of existing-home contracts (guide 001): the agent's contract and its e-signature order, the
readers' views (R001.3), and the parties' signing page, reached from the QR code of their link, whose token is
their only credential."""
from __future__ import annotations

from services.contracts.api import existing_home_answers as answers, existing_home_requests as requests

BUREAU, AUDITOR, AGENCY, AGENT = "bureau_officer", "auditor", "agency", "agent"
CONTRACTS = "/api/v1/existing-home-contracts"
CONTRACT = f"{CONTRACTS}/<contract_id>"
PARTY = "/api/v1/party-signing/<token>"
WRITERS = (AGENT, AGENCY)  # the agency account is answered 403 agency_cannot_draft (R001.3)
READERS = (AGENT, AGENCY, BUREAU, AUDITOR)
TAGS = ("existing-homes",)


def existing_home_routes(route: type) -> tuple:
    """Built with the gateway's `Route` (passed in, so this module and routes.py do not import each other)."""
    change = answers.ExistingHomeContractSchema

    def section(name: str, path: str, rpc: str, summary: str, body: type) -> object:
        return route(name, "PUT", f"{CONTRACT}/{path}", "contracts", rpc, summary, roles=WRITERS, body=body,
                     response=change, tags=TAGS)

    return (
        route("draft_existing_home", "POST", CONTRACTS, "contracts", "draft_existing_home",
              "Draft an existing-home contract for the property the agent verified (签订合同); one live contract per "
              "property (409 property_in_live_contract); deleted unless signed and filed by the end of the next "
              "natural day (R001.11). Agents only (R001.3)", roles=WRITERS, body=requests.DraftExistingHomeSchema,
              response=answers.DraftedExistingHomeSchema, tags=TAGS),
        route("list_existing_homes", "GET", CONTRACTS, "contracts", "list_existing_homes",
              "Existing-home contracts: an agent's own drafts, an agency's all (R001.3), everything for the bureau",
              roles=READERS, query=requests.ExistingHomeQuerySchema, response=answers.ExistingHomeListSchema,
              tags=TAGS),
        route("get_existing_home", "GET", CONTRACT, "contracts", "get_existing_home",
              "An existing-home contract: parties, sections, delete_at, signatures, filing number", roles=READERS,
              response=change, tags=TAGS),
        route("existing_home_pdf", "GET", f"{CONTRACT}/pdf", "contracts", "existing_home_pdf",
              "The contract (广东省房地产买卖合同) as PDF", roles=READERS, media=("application/pdf",), tags=TAGS),
        section("set_existing_home_parties", "parties", "set_existing_home_parties",
                "Sellers (the registered owners) and buyers, one person per row; several on a side own jointly or by "
                "shares totalling 100", requests.PartiesSchema),
        section("set_existing_home_terms", "terms", "set_existing_home_terms",
                "Price in integer fen, payment method, handover date, clauses", requests.TermsSchema),
        section("set_existing_home_applicant", "applicant", "set_existing_home_applicant",
                "申请人信息 (R001.12)", requests.ApplicantSchema),
        section("set_existing_home_rating", "rating", "set_existing_home_rating", "好差评 (R001.12)",
                requests.RatingSchema),
        section("set_existing_home_escrow", "escrow", "set_existing_home_escrow",
                "资金监管信息: ccb online or at a branch, rcb at a branch, or the joint waiver (R001.12)",
                requests.EscrowChoiceSchema),
        section("set_existing_home_notes", "notes", "set_existing_home_notes", "注意事项 (R001.12)",
                requests.NotesSchema),
        route("submit_existing_home", "POST", f"{CONTRACT}/submit", "contracts", "submit_existing_home",
              "Submit the completed contract (提交); `incomplete` names the missing sections", roles=WRITERS,
              response=change, tags=TAGS),
        route("open_existing_home_order", "POST", f"{CONTRACT}/signature-order", "contracts",
              "open_existing_home_order", "生成电子合同订单: every party gets a signing link for its QR code (R001.13); "
              "a contract with a minor party is signed at the window (minor_needs_window)", roles=WRITERS,
              response=answers.SignatureOrderAnswerSchema, tags=TAGS),
        route("existing_home_order", "GET", f"{CONTRACT}/signature-order", "contracts", "existing_home_order",
              "The signature order: each party's link and status", roles=READERS,
              response=answers.SignatureOrderAnswerSchema, tags=TAGS),
        route("cancel_existing_home_order", "DELETE", f"{CONTRACT}/signature-order", "contracts",
              "cancel_existing_home_order", "注销电子合同订单: the contract is editable again and the order's "
              "signatures are void (R001.15)", roles=WRITERS, response=change, tags=TAGS),
        route("request_existing_home_filing", "POST", f"{CONTRACT}/filing", "contracts",
              "request_existing_home_filing", "Submit the fully signed contract for filing (R001.14); the contract "
              "becomes filed (已签约) with its CLBA number shortly after: follow it with GET", roles=WRITERS,
              response=change, tags=TAGS),
        route("delete_existing_home", "DELETE", CONTRACT, "contracts", "delete_existing_home",
              "Delete the contract before any signature order completed, with no order open", roles=WRITERS,
              response=change, tags=TAGS),
        route("party_signing", "GET", PARTY, "contracts", "party_signing",
              "A party's signing page (from the QR code): what it signs, its own row, its status, the time limit",
              public=True, response=answers.PartySigningSchema, tags=TAGS),
        route("party_document", "GET", f"{PARTY}/pdf", "contracts", "party_document",
              "The document the party reads before signing", public=True, media=("application/pdf",), tags=TAGS),
        route("party_start_face", "POST", f"{PARTY}/face", "contracts", "party_start_face",
              "Start the party's face verification (人脸识别); the provider's signed callback records the result",
              public=True, response=answers.FaceStartedSchema, tags=TAGS),
        route("party_start_signing", "POST", f"{PARTY}/signature", "contracts", "party_start_signing",
              "确定签署: only within 10 minutes after the party's own face verification passed; the e-signature "
              "provider's signed callback records the signature (R001.1, R001.14)", public=True,
              response=answers.SigningStartedSchema, tags=TAGS),
    )


