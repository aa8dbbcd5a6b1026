"""The HTTP routes of the existing-home contract at the bureau's window (R001.16, R001.18) and of its cancellation
(R001.17), beside the agent's and parties' routes (existing_home_routes)."""
from __future__ import annotations

from services.contracts.api import existing_home_answers as answers, window_requests as requests
from services.filing.api import window_answers as filing_answers, window_requests as filing_requests

BUREAU, AUDITOR, AGENCY, AGENT = "bureau_officer", "auditor", "agency", "agent"
CONTRACT = "/api/v1/existing-home-contracts/<contract_id>"
IMAGES = ("image/png", "image/jpeg")
# A window's uploads in one body: up to MAX_WINDOW_IMAGES images of 500 KB, base64 (4/3) and the JSON around them.
WINDOW_BODY_BYTES = requests.MAX_WINDOW_IMAGES * 700_000 + 100_000


def window_routes(route: type) -> tuple:
    """Built with the gateway's `Route` (passed in, so this module and routes.py do not import each other)."""
    return (
        route("sign_existing_home_at_window", "POST", f"{CONTRACT}/window-signing", "contracts",
              "sign_existing_home_at_window", "Record at the window each party's presence (in person; a proxy with a "
              "notarized power of attorney naming this matter; a minor with both parents and the proof of kinship), "
              "the signed pages and, without escrow, the waiver declaration; images PNG/JPEG of at most 500 KB. The "
              "contract goes to the bureau's review (R001.16)", roles=(BUREAU,), body=requests.WindowSigningSchema,
              response=answers.ExistingHomeContractSchema, max_body=WINDOW_BODY_BYTES, tags=("existing-homes",)),
        route("review_window_filing", "POST", f"{CONTRACT}/window-review", "filing", "review_window_filing",
              "Approve a window filing (filed with the next CLBA number) or reject it with reasons (R001.16)",
              roles=(BUREAU,), body=filing_requests.ReviewSchema, response=filing_answers.ExistingHomeFilingSchema,
              tags=("existing-homes",)),
        route("get_existing_home_filing", "GET", f"{CONTRACT}/filing", "filing", "get_existing_home_filing",
              "The contract's filing as the bureau reviews it: window record, state, number, rejections",
              roles=(BUREAU, AUDITOR), response=filing_answers.ExistingHomeFilingSchema, tags=("existing-homes",)),
        route("window_evidence_image", "GET", f"{CONTRACT}/window-evidence/<sha256>", "contracts",
              "window_evidence_image", "An image uploaded at the window (signed page, kinship proof, waiver, "
              "termination agreement, photo), by the sha256 the contract's window record names",
              roles=(BUREAU, AUDITOR, AGENCY, AGENT), media=IMAGES, tags=("existing-homes",)),
        route("resubmit_existing_home", "POST", f"{CONTRACT}/resubmission", "contracts", "resubmit_existing_home",
              "Submit again a contract whose window filing was rejected, once corrected (R001.16)", roles=(AGENT,),
              response=answers.ExistingHomeContractSchema, tags=("existing-homes",)),
        route("open_existing_home_cancellation", "POST", f"{CONTRACT}/cancellation", "contracts",
              "open_existing_home_cancellation", "Cancel online a contract filed online, with a reason: both parties "
              "e-sign the cancellation from their links; refused once the real-estate registry accepted the "
              "transfer (transfer_accepted, 409) and for contracts filed at the window (R001.17)", roles=(AGENT,),
              body=requests.CancellationSchema, response=answers.SignatureOrderAnswerSchema,
              tags=("existing-homes",)),
        route("file_existing_home_cancellation", "POST", f"{CONTRACT}/cancellation/filing", "contracts",
              "file_existing_home_cancellation", "Every party signed the cancellation: the filing is cancelled (its "
              "number never reused) and the contract follows (R001.17)", roles=(AGENT,),
              response=answers.ExistingHomeContractSchema, tags=("existing-homes",)),
        route("cancel_existing_home_at_window", "POST", f"{CONTRACT}/window-cancellation", "contracts",
              "cancel_existing_home_at_window", "Cancel at the window with the termination agreement and the photos "
              "of both parties; the bureau reviews it (R001.18)", roles=(BUREAU,),
              body=requests.WindowCancellationSchema, response=answers.ExistingHomeContractSchema,
              max_body=WINDOW_BODY_BYTES, tags=("existing-homes",)),
        route("review_window_cancellation", "POST", f"{CONTRACT}/window-cancellation-review", "filing",
              "review_existing_home_cancellation", "Approve a window cancellation (the filing is cancelled) or refuse "
              "it with reasons (R001.18)", roles=(BUREAU,), body=filing_requests.ReviewSchema,
              response=filing_answers.FilingCancellationSchema, tags=("existing-homes",)),
    )
